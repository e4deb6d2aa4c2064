// Temporary workspaces for the VS Code tests: copies of the example crate and
// of this folder's fixture crates, so that profiling never writes into the
// repository (no target/ or profile is copied: they are rebuilt).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../helpers/repo';

const SKIP = new Set(['target', 'Cargo.lock', 'perf.data', 'perf.data.old']);

export function copyCrate(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, filter: (src) => !SKIP.has(path.basename(src)) });
}

/** A temp folder holding seed-demo/ and the named fixtures of test/vscode/fixtures. */
export function makeTestWorkspace(prefix: string, fixtures: string[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  copyCrate(path.join(repoRoot(), 'examples', 'seed-demo'), path.join(dir, 'seed-demo'));
  for (const f of fixtures) copyCrate(path.join(repoRoot(), 'test', 'vscode', 'fixtures', f), path.join(dir, f));
  return dir;
}
