// Where the profile.json of an opened perf.data (or saved `perf script` text)
// is written. Opening a file must not litter, or write into, whatever folder it
// happens to be in (a repository, a download folder): only our own profiles
// folders (`<target>/rust-flamegraph/profiles/…`, where recordings keep their
// perf.data) get it beside the file; anything else goes to the extension's
// storage, `<globalStorage>/profiles/<hash of the file's path>/`, and the log
// says where. The command line's `report FILE` writes beside FILE (documented).

import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { promises as fs, constants as fsConstants } from 'node:fs';

export interface OpenedOutputs {
  dir: string;
  /** True when `dir` is the file's own folder (a profiles folder of ours). */
  beside: boolean;
}

export async function openedOutputDir(file: string, storageDir: string): Promise<OpenedOutputs> {
  const folder = await fs.realpath(path.dirname(file)).catch(() => undefined);
  // The folder as it really is: a link named `…/rust-flamegraph/profiles/x` to elsewhere does not count.
  if (folder && isInProfilesFolder(folder) && (await writable(folder))) return { dir: folder, beside: true };
  const id = createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 16);
  return { dir: path.join(storageDir, 'profiles', id), beside: false };
}

/** `…/rust-flamegraph/profiles` or a folder inside it. */
export function isInProfilesFolder(folder: string): boolean {
  const parts = path.resolve(folder).split(path.sep);
  return parts.some((p, i) => p === 'rust-flamegraph' && parts[i + 1] === 'profiles');
}

async function writable(dir: string): Promise<boolean> {
  try {
    await fs.access(dir, fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}
