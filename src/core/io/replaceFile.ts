// Writes a file by replacing it, never through it: the text goes to a new
// temporary file beside it (O_EXCL, so a planted link there fails), which is
// then renamed over the name. A symlink planted at the name (say
// `profile.json -> ~/.bashrc` in a repository whose perf.data is opened) is
// itself replaced; its target is never written. Readers never see half a file.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export async function replaceFile(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await fs.writeFile(tmp, text, { flag: 'wx' });
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
