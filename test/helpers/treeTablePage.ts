// A page holding only the tree table (webview/ui/treeTable.ts), for its
// browser test and bench: the widget and the test trees
// (test/browser/treeTableFixture.ts) bundled at test time with esbuild as one
// IIFE (global `RfTreeTable`), its CSS with the page's style.css, under a
// CSP like the real page's (scripts and styles by nonce only, so no inline
// style attribute would apply), with a full-height #host to mount in and
// every CSP violation recorded in window.__cspViolations.

import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { build } from 'esbuild';
import { repoRoot } from './repo';

export interface TreeTableBundle {
  js: string;
  /** The widget's own CSS (webview/treeTable.css, imported by the widget). */
  css: string;
}

export async function bundleTreeTable(): Promise<TreeTableBundle> {
  const root = repoRoot();
  const entry = [
    `export { TreeTable, ROW_HEIGHT, EXPAND_ALL_LIMIT } from ${JSON.stringify(path.join(root, 'webview/ui/treeTable.ts'))};`,
    `export * from ${JSON.stringify(path.join(root, 'test/browser/treeTableFixture.ts'))};`,
    `export { frameColor } from ${JSON.stringify(path.join(root, 'src/model/palette.ts'))};`,
  ].join('\n');
  const out = await build({
    stdin: { contents: entry, resolveDir: root, sourcefile: 'treeTableTestEntry.ts', loader: 'ts' },
    bundle: true,
    format: 'iife',
    globalName: 'RfTreeTable',
    platform: 'browser',
    target: 'es2020',
    write: false,
    outdir: path.join(root, 'out', 'tree-table-page'), // names the outputs; nothing is written
    logLevel: 'silent',
  });
  const js = out.outputFiles.find((f) => f.path.endsWith('.js'))?.text;
  const css = out.outputFiles.find((f) => f.path.endsWith('.css'))?.text;
  if (js === undefined || css === undefined) throw new Error(`esbuild gave ${out.outputFiles.map((f) => f.path).join(', ')}`);
  return { js, css };
}

/** The page's HTML: the widget's CSS before style.css, as in dist/webview.css. `bodyClass`: e.g. vscode-dark. */
export function treeTablePageHtml(bundle: TreeTableBundle, opts: { bodyClass?: string } = {}): string {
  const nonce = randomBytes(16).toString('base64');
  const pageCss = readFileSync(path.join(repoRoot(), 'webview', 'style.css'), 'utf8');
  const hostCss = '#host { height: 100vh; display: flex; flex-direction: column; } #host > .rf-tt { flex: 1; }';
  // `</` cannot occur in either bundle's text in a way that closes the element: esbuild escapes `</script` in strings.
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'">`,
    // First, so it hears every violation: page.setContent writes into the open document, where init scripts do not run again.
    `<script nonce="${nonce}">window.__cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));</script>`,
    `<style nonce="${nonce}">${bundle.css}\n${pageCss}\n${hostCss}</style>`,
    '</head>',
    `<body class="${opts.bodyClass ?? ''}"><div id="host"></div>`,
    `<script nonce="${nonce}">${bundle.js}</script>`,
    '</body></html>',
  ].join('\n');
}
