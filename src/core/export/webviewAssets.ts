// Finds the built flamegraph UI (webview.js, webview.css). The bundles
// (dist/cli.js, dist/extension.js) find it beside themselves; code compiled
// to out/src/core/export (tests, benchmarks) finds it in <repo>/dist.

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { userError } from '../errors';

export interface WebviewAssets {
  js: string;
  css: string;
  /** The folder they were found in. */
  dir: string;
}

export function webviewAssetDirs(): string[] {
  return [__dirname, path.resolve(__dirname, '..', '..', '..', '..', 'dist'), path.resolve(__dirname, '..', '..', '..', 'dist')];
}

/** The folder holding webview.js and webview.css; a UserError naming the fix when there is none. */
export function findWebviewAssetDir(dirs: readonly string[] = webviewAssetDirs()): string {
  const found = dirs.find((d) => existsSync(path.join(d, 'webview.js')) && existsSync(path.join(d, 'webview.css')));
  if (!found) {
    throw userError(
      'webview-assets-missing',
      'The flamegraph page (webview.js and webview.css) is missing from this installation.',
      'Run `npm run build` in the rust-flamegraph folder to build it, then try again.',
      `Looked in: ${dirs.join(', ')}`,
    );
  }
  return found;
}

/** Read synchronously: two small files, where asynchronous reads cost some eight thread-pool round trips (replaceFile.ts). */
export async function loadWebviewAssets(dirs?: readonly string[]): Promise<WebviewAssets> {
  const dir = findWebviewAssetDir(dirs);
  const js = readFileSync(path.join(dir, 'webview.js'), 'utf8');
  const css = readFileSync(path.join(dir, 'webview.css'), 'utf8');
  return { js, css, dir };
}
