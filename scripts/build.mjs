// Bundles with esbuild after `tsc --noEmit` (run by `npm run build`):
//   dist/cli.js        the rust-flamegraph command (engine, CLI)
//   dist/lsp.js        its `lsp --stdio` (the profile language server), loaded by dist/cli.js for that command only
//   dist/extension.js  the VS Code extension host side (`vscode` stays external)
//   dist/engine.js     the engine worker the extension forks for each profile
//   dist/server.js     the profile language server, started by the extension
//   dist/webview.js    the flamegraph UI (browser), with dist/webview.css
// and the compiled tests/benchmarks in out/. An entry whose source does not
// exist yet is skipped, so the build works while parts are being written.
import { build } from 'esbuild';
import { readFileSync, chmodSync, rmSync, existsSync, copyFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const production = process.argv.includes('--production');
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { VERSION: JSON.stringify(pkg.version) },
};

// The language server's libraries (vscode-languageserver, web-tree-sitter) are two thirds of the command line's
// code: in dist/cli.js, every `report` would compile them at start (~10 ms) and never run them. dist/cli.js
// loads dist/lsp.js when asked for `lsp` (src/cli/main.ts imports ../server/stdio there and nowhere else).
const lspApart = {
  name: 'lsp-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/server\/stdio$/ }, (args) =>
      args.importer.endsWith('src/cli/main.ts') ? { path: './lsp.js', external: true } : undefined,
    );
  },
};

const entries = [
  {
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    bundle: true,
    platform: 'browser',
    target: 'es2020',
    format: 'iife',
    sourcemap: false,
    minify: production,
    logLevel: 'warning',
    loader: { '.css': 'css' },
  },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [lspApart] },
  { ...node, entryPoints: ['src/server/stdio.ts'], outfile: 'dist/lsp.js' },
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/worker/engineWorker.ts'], outfile: 'dist/engine.js' },
  { ...node, entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js' },
];
for (const e of entries) {
  if (!existsSync(e.entryPoints[0])) continue;
  await build(e);
}
chmodSync('dist/cli.js', 0o755);
// The profile language server (in dist/server.js and dist/lsp.js) parses Rust
// with tree-sitter in WebAssembly, and the engine demangles with rustc-demangle
// in WebAssembly: their .wasm files ship beside the bundles, which load them
// from there (src/server/rustSpans.ts, src/core/symbols/demangleLibrary.ts).
const wasmFiles = {
  'node_modules/web-tree-sitter/tree-sitter.wasm': 'tree-sitter.wasm',
  'node_modules/tree-sitter-rust/tree-sitter-rust.wasm': 'tree-sitter-rust.wasm',
  'node_modules/gecko-profiler-demangle/index_bg.wasm': 'gecko-profiler-demangle.wasm',
};
for (const [from, to] of Object.entries(wasmFiles)) copyFileSync(from, `dist/${to}`);

// Tests and benchmarks run as plain CommonJS from out/, compiled by tsc so
// that their paths mirror the sources (fixtures are found relative to them).
// --bundles-only (used by `npm run package`): leave out/ alone, so that packaging
// from a running test does not delete the compiled tests under its feet.
if (!process.argv.includes('--bundles-only')) {
  rmSync('out', { recursive: true, force: true });
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.', '--outDir', 'out'], { stdio: 'inherit' });
}
