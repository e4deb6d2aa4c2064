// profile.json from disk for every Node consumer (host, worker, language
// server, CLI): the file read here, the validation in the model's
// parseProfile, and both failures as a UserError in plain words.

import { promises as fs } from 'node:fs';
import type { Profile } from '../../model/profileTypes';
import { parseProfile } from '../../model/parseProfile';
import { userError } from '../errors';

export interface ProfileFile {
  profile: Profile;
  /** Modification time of the file that was read. */
  mtimeMs: number;
}

export async function readProfileFile(file: string): Promise<ProfileFile> {
  let text: string;
  let mtimeMs: number;
  try {
    [text, mtimeMs] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file).then((s) => s.mtimeMs)]);
  } catch (e) {
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
