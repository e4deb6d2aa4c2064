// The packaged extension for the UI tests: `npm run package` writes
// rust-flamegraph-<version>.vsix into the project root; it is rebuilt when
// missing or older than anything that goes into it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { repoRoot } from '../helpers/repo';

export function vsixPath(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { name: string; version: string };
  return path.join(repoRoot(), `${pkg.name}-${pkg.version}.vsix`);
}

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** The .vsix, rebuilt with `npm run package` when missing or stale. */
export function ensureVsix(log: (s: string) => void = () => undefined): string {
  const vsix = vsixPath();
  const root = repoRoot();
  const inputs = ['src', 'webview', 'media', 'package.json', 'README.md', 'LICENSE', '.vscodeignore'].map((p) =>
    newestMtime(path.join(root, p)),
  );
  const stale = !fs.existsSync(vsix) || fs.statSync(vsix).mtimeMs < Math.max(...inputs);
  if (stale) {
    log(`packaging ${path.basename(vsix)} with npm run package…`);
    const r = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0) throw new Error(`npm run package failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return vsix;
}

/** The paths inside the .vsix (a zip), as `unzip -Z1` lists them. */
export function vsixEntries(vsix: string): string[] {
  return execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
}
