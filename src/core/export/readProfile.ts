// profile.json from disk for every Node consumer (host, worker, language
// server, CLI): the file read here, the validation in the model's
// parseProfile, and both failures as a UserError in plain words.

import type { Profile } from '../../model/profileTypes';
import { parseProfile } from '../../model/parseProfile';
import { userError } from '../errors';
import { FileRefused, readRegularFile } from '../io/readRegularFile';

export interface ProfileFile {
  profile: Profile;
  /** Modification time of the file that was read. */
  mtimeMs: number;
}

/**
 * The largest profile.json read: about ten times the profile of 200k call paths (≈ 11 MB), more than
 * any recording we measured, and JSON.parse of 128 MB already takes over a gigabyte. Beyond it (or
 * beyond V8's 512 MB string limit) a file is no profile we wrote.
 */
export const MAX_PROFILE_BYTES = 128 * 1024 * 1024;

export async function readProfileFile(file: string): Promise<ProfileFile> {
  let text: string;
  let mtimeMs: number;
  try {
    ({ text, mtimeMs } = await readRegularFile(file, MAX_PROFILE_BYTES));
  } catch (e) {
    if (e instanceof FileRefused && e.reason === 'not-a-file')
      throw userError(
        'profile-not-a-file',
        `${file} is not a regular file (a device, a pipe or a folder), so it is not a profile.`,
        'Choose the profile.json a recording wrote.',
      );
    if (e instanceof FileRefused)
      throw userError(
        'profile-too-large',
        `${file} is ${mb(e.bytes)} MB, larger than the ${mb(MAX_PROFILE_BYTES)} MB a profile may be.`,
        'Choose the profile.json a recording wrote, or record a shorter run.',
      );
    throw userError(
      'profile-unreadable',
      `Cannot read the profile ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`,
      'Record a profile again.',
    );
  }
  const parsed = parseProfile(text, file);
  if (!parsed.ok) throw userError(parsed.error.code, `${file} ${parsed.error.problem}.`, parsed.error.fix);
  return { profile: parsed.profile, mtimeMs };
}

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
