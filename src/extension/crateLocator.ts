// Which crate "Profile Rust Binary" means: the nearest Cargo.toml above the
// active editor's file, else the first workspace folder holding one.

import * as path from 'node:path';
import { existsSync } from 'node:fs';

/** Nearest Cargo.toml in `startDir` or above it, or undefined. */
export function nearestManifest(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, 'Cargo.toml');
    if (existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function findManifest(activeFile: string | undefined, workspaceFolders: readonly string[]): string | undefined {
  if (activeFile) {
    const found = nearestManifest(path.dirname(activeFile));
    if (found) return found;
  }
  for (const folder of workspaceFolders) {
    const candidate = path.join(folder, 'Cargo.toml');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
