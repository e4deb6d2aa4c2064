// Which cargo target a Rust file belongs to, and the module path of the file
// inside that target's crate: what a `▶ Profile` lens needs to ask for one
// binary, or for one test by its exact name.
//
// Cargo metadata gives each target's root file (src_path). A file that is no
// root belongs to the crate whose root directory holds it: src/** to the
// library when the package has one (else its src/main.rs binary),
// src/bin/NAME/** to that binary, tests|examples|benches/NAME/** to that
// target. `#[path]` attributes are not followed.

import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { readWorkspace, CargoTarget, CargoWorkspace } from '../core/cargo/metadata';

export interface FileTarget {
  target: CargoTarget;
  /** Module path of the file inside the target's crate (empty for the root file). */
  modules: string[];
  /** The file is the target's root (src_path). */
  isRoot: boolean;
}

export function targetOfFile(ws: CargoWorkspace, file: string): FileTarget | null {
  const norm = path.normalize(file);
  const root = ws.targets.find((t) => path.normalize(t.srcPath) === norm);
  if (root) return { target: root, modules: [], isRoot: true };
  let best: { target: CargoTarget; dir: string } | null = null;
  for (const t of ws.targets) {
    const rootDir = path.dirname(path.normalize(t.srcPath));
    if (!norm.startsWith(rootDir + path.sep)) continue;
    // src/main.rs and src/lib.rs share src/: the library holds the modules when there is one.
    const better = !best || rootDir.length > best.dir.length || (rootDir.length === best.dir.length && t.kind === 'lib');
    if (better) best = { target: t, dir: rootDir };
  }
  if (!best) return null;
  const rel = path.relative(best.dir, norm).replace(/\.rs$/, '').split(path.sep);
  if (rel[rel.length - 1] === 'mod') rel.pop();
  return { target: best.target, modules: rel, isRoot: false };
}

/** `cargo metadata` per manifest, read again when Cargo.toml changes. */
export class WorkspaceCache {
  private readonly cache = new Map<string, { mtimeMs: number; ws: Promise<CargoWorkspace | null> }>();

  /** The cargo to run; the client may name its own in initializationOptions. */
  constructor(public cargo: string) {}

  /** False in an untrusted workspace: no cargo runs, no crate gets ▶ Profile lenses. */
  cargoAllowed = true;

  /** The workspace became trusted: read every crate again, with cargo this time. */
  allowCargo(): void {
    this.cargoAllowed = true;
    this.cache.clear();
  }

  async forFile(file: string): Promise<CargoWorkspace | null> {
    const manifest = await nearestManifest(path.dirname(file));
    return manifest ? this.forManifest(manifest) : null;
  }

  async forManifest(manifest: string): Promise<CargoWorkspace | null> {
    const mtimeMs = await fs.stat(manifest).then(
      (s) => s.mtimeMs,
      () => -1,
    );
    if (mtimeMs < 0 || !this.cargoAllowed) return null;
    const hit = this.cache.get(manifest);
    if (hit && hit.mtimeMs === mtimeMs) return hit.ws;
    // A crate that cargo cannot read gets no profile lenses; hot-function lenses still work.
    const ws = readWorkspace(this.cargo, manifest, path.dirname(manifest)).catch(() => null);
    this.cache.set(manifest, { mtimeMs, ws });
    return ws;
  }
}

export async function nearestManifest(dir: string): Promise<string | null> {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'Cargo.toml');
    if (
      await fs.access(candidate).then(
        () => true,
        () => false,
      )
    )
      return candidate;
    if (path.dirname(d) === d) return null;
  }
}
