// The import boundaries of the project as an ESLint rule, so a wrong import
// (webview → engine, model → vscode or Node) fails `npm run lint` and with it
// `npm run build`. A local rule rather than no-restricted-imports: relative
// specifiers ('../../src/core/x') only mean something once resolved against
// the importing file, which no-restricted-imports does not do.

import * as path from 'node:path';
import { builtinModules } from 'node:module';

const NODE_BUILTINS = new Set(builtinModules);

/**
 * One zone per folder. `allow`: the only folders it may import from (repo-relative), when set;
 * `deny`: folders it must not import from; `packages`: the only npm packages allowed, when set;
 * `denyPackages`: packages it must not import; `noNode`: no Node built-ins.
 */
export const ZONES = [
  { dir: 'src/model', allow: ['src/model'], packages: [], noNode: true, why: 'the model is pure data and functions for every consumer' },
  {
    dir: 'src/protocol',
    allow: ['src/protocol', 'src/model'],
    packages: [],
    noNode: true,
    why: 'the protocol is shared by the host, the engine and the page',
  },
  {
    dir: 'webview',
    allow: ['webview', 'src/model', 'src/protocol'],
    packages: ['d3-flame-graph', 'd3-selection'],
    noNode: true,
    why: 'the page runs in a browser and reaches only the model and the protocol',
  },
  ...['src/core', 'src/cli', 'src/server', 'src/worker'].map((dir) => ({
    dir,
    deny: ['src/extension', 'webview'],
    denyPackages: ['vscode'],
    why: 'the engine runs outside VS Code',
  })),
  {
    dir: 'src/extension',
    // The host reads profile.json and renders the page's shell; cargo, perf and the symbolizer run in the worker.
    deny: ['webview', 'src/core/cargo', 'src/core/perf', 'src/core/pipeline', 'src/core/jobs', 'src/core/symbols', 'src/core/elf'],
    why: 'the page talks to the host by messages, and the engine runs in the worker, never in the extension host',
  },
];

function packageName(spec) {
  const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
  const parts = bare.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function within(rel, dir) {
  return rel === dir || rel.startsWith(dir + '/');
}

/** The reason `spec` may not be imported from the file at `rel` (repo-relative), or null when it may. */
export function boundaryProblem(root, file, spec) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  const zone = ZONES.find((z) => within(rel, z.dir));
  if (!zone) return null;
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = path
      .relative(root, path.resolve(path.dirname(file), spec))
      .split(path.sep)
      .join('/');
    if (zone.allow && !zone.allow.some((d) => within(target, d))) {
      return `${zone.dir} may import only ${[...zone.allow, ...(zone.packages ?? [])].join(', ')} (${zone.why}); '${spec}' is ${target}`;
    }
    const denied = zone.deny?.find((d) => within(target, d));
    if (denied) return `${zone.dir} must not import ${denied} (${zone.why}); '${spec}' is ${target}`;
    return null;
  }
  const name = packageName(spec);
  if (spec.startsWith('node:') || NODE_BUILTINS.has(name)) {
    return zone.noNode ? `${zone.dir} must not import the Node built-in '${spec}' (${zone.why})` : null;
  }
  if (zone.packages && !zone.packages.includes(name)) {
    return `${zone.dir} may import only ${[...zone.allow, ...zone.packages].join(', ')} (${zone.why}); '${spec}' is a package`;
  }
  if (zone.denyPackages?.includes(name)) return `${zone.dir} must not import '${name}' (${zone.why})`;
  return null;
}

export function boundariesPlugin(root) {
  return {
    rules: {
      imports: {
        meta: {
          type: 'problem',
          docs: { description: 'Import boundaries between src/model, src/protocol, webview, the engine and the extension' },
          schema: [],
        },
        create(context) {
          const check = (node, source) => {
            if (!source || typeof source.value !== 'string') return;
            const problem = boundaryProblem(root, context.filename, source.value);
            if (problem) context.report({ node: source, message: problem });
          };
          return {
            ImportDeclaration: (n) => check(n, n.source),
            ExportNamedDeclaration: (n) => check(n, n.source),
            ExportAllDeclaration: (n) => check(n, n.source),
            ImportExpression: (n) => check(n, n.source),
            TSImportEqualsDeclaration: (n) => check(n, n.moduleReference?.expression),
            CallExpression: (n) => {
              if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments.length === 1) check(n, n.arguments[0]);
            },
          };
        },
      },
    },
  };
}
