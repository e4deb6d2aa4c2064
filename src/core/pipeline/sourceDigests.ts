// Content digests of a profile's source files, taken when the profile is
// made: an editor compares them with the file it shows, and knows when the
// profile's line numbers no longer point at the same code.
//
// Only the workspace's own files (user frames, or files under its root) are
// hashed: std paths do not exist here, and registry sources do not change.

import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { Profile } from '../../model/profileTypes';

const MAX_FILES = 2000;
const MAX_BYTES = 8 * 1024 * 1024;

export async function computeSourceDigests(profile: Profile): Promise<Record<string, string>> {
  const root = profile.meta.workspaceRoot ? path.resolve(profile.meta.workspaceRoot) + path.sep : null;
  const files = new Set<string>();
  for (const f of profile.frames) {
    if (!f.file || !path.isAbsolute(f.file)) continue;
    if (f.kind === 'user' || (root !== null && f.file.startsWith(root))) files.add(path.normalize(f.file));
  }
  for (const l of profile.lines) {
    if (root !== null && path.isAbsolute(l.file) && l.file.startsWith(root)) files.add(path.normalize(l.file));
  }
  const digests: Record<string, string> = {};
  // Synchronous reads: a profile's own sources are a few small files, read after the profile is made, where each
  // asynchronous stat and read is a thread-pool round trip that a busy machine makes wait (replaceFile.ts).
  for (const file of [...files].sort().slice(0, MAX_FILES)) {
    try {
      const st = statSync(file);
      if (!st.isFile() || st.size > MAX_BYTES) continue;
      digests[file] = createHash('sha256').update(readFileSync(file)).digest('hex');
    } catch {
      // A file that is gone cannot be shown either: nothing to compare.
    }
  }
  return digests;
}

/** Records the digests in the profile's meta (in place) and returns it. */
export async function addSourceDigests(profile: Profile): Promise<Profile> {
  profile.meta.sourceDigests = await computeSourceDigests(profile);
  return profile;
}
