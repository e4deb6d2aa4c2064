// The profiles the server answers from: the newest one found under each
// workspace's target directory at start, then every one the client reports.
// One profile per cargo workspace (a new one replaces the old); a document
// is answered from the newest profile that has samples in its file.

import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { ProfileFile, readProfileFile } from '../core/export/readProfile';
import { UserError } from '../core/errors';
import { ProfileIndex } from './profileIndex';
import { profileJsonsUnder } from '../core/history';

export class ProfileStore {
  private profiles: ProfileIndex[] = [];

  get all(): readonly ProfileIndex[] {
    return this.profiles;
  }

  clear(): void {
    this.profiles = [];
  }

  /**
   * Loads one profile.json; throws an Error with a plain message when it cannot be read.
   * `explicit` (sent by the client) always replaces its workspace's profile; a profile
   * found by searching does not replace a newer one.
   */
  async load(profileJson: string, explicit = true): Promise<ProfileIndex> {
    const file = path.resolve(profileJson);
    let read: ProfileFile;
    try {
      read = await readProfileFile(file);
    } catch (e) {
      // The server answers with one line: the problem and its fix.
      throw new Error(e instanceof UserError ? [e.message, e.fix].filter(Boolean).join(' ') : String(e));
    }
    const { profile, mtimeMs } = read;
    const index = new ProfileIndex(profile, file, mtimeMs);
    const key = profileKey(index);
    const current = this.profiles.find((p) => profileKey(p) === key);
    if (!explicit && current && current.mtimeMs >= mtimeMs) return current;
    this.profiles = [index, ...this.profiles.filter((p) => profileKey(p) !== key)].slice(0, 8);
    return index;
  }

  /** The newest profile with samples in this file. */
  forFile(file: string): ProfileIndex | undefined {
    return this.profiles.find((p) => p.file(file) !== undefined);
  }
}

function profileKey(p: ProfileIndex): string {
  if (p.workspaceRoot) return p.workspaceRoot;
  // The profiles folder of its target directory (history or flat layout), else its folder's parent.
  const marker = `${path.sep}rust-flamegraph${path.sep}profiles${path.sep}`;
  const at = p.profileJson.lastIndexOf(marker);
  return at >= 0 ? p.profileJson.slice(0, at + marker.length) : path.dirname(path.dirname(p.profileJson));
}

/**
 * The newest `<target>/rust-flamegraph/profiles/<kind>-<name>/<time>/profile.json` under these target
 * directories, by mtime; profiles of the flat layout before the history (`profiles/*\/profile.json`) count too.
 */
export async function newestProfile(targetDirs: readonly string[]): Promise<string | null> {
  let best: { file: string; mtimeMs: number } | null = null;
  for (const dir of targetDirs) {
    for (const file of await profileJsonsUnder(path.join(dir, 'rust-flamegraph', 'profiles'))) {
      const mtimeMs = await fs.stat(file).then(
        (s) => s.mtimeMs,
        () => -1,
      );
      if (mtimeMs >= 0 && (!best || mtimeMs > best.mtimeMs)) best = { file, mtimeMs };
    }
  }
  return best?.file ?? null;
}
