// Entry of the flamegraph UI (bundled to dist/webview.js + dist/webview.css):
// in a VS Code webview when acquireVsCodeApi exists, else the standalone
// flamegraph.html written by the command line.

import { hasVsCodeApi, startInVsCode } from './ui/vscodeHost';
import { startStandalone } from './ui/standaloneHost';
// Last, so our rules come after d3-flame-graph's own stylesheet.
import './style.css';

function start(): void {
  const parent = document.getElementById('rf-root') ?? document.body;
  if (hasVsCodeApi()) startInVsCode(parent);
  else startStandalone(parent);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
