// Writes a file by replacing it, never through it: the text goes to a new
// temporary file beside it (O_EXCL, so a planted link there fails), which is
// then renamed over the name. A symlink planted at the name (say
// `profile.json -> ~/.bashrc` in a repository whose perf.data is opened) is
// itself replaced; its target is never written. Readers never see half a file,
// and a write that fails (a full disk) removes its temporary file.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export async function replaceFile(file: string, text: string): Promise<void> {
  await replaceFiles([{ file, text }]);
}

/**
 * Replaces several files all or none: every text is written to its temporary
 * file first, and only when all are complete are they renamed over their names.
 * On a failure the temporary files are removed and the old files stay as they were
 * (a rename failing midway, which a full disk does not cause, may leave the first renamed).
 */
export async function replaceFiles(entries: readonly { file: string; text: string }[]): Promise<void> {
  const temps: string[] = [];
  try {
    for (const { file, text } of entries) {
      const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      // Pushed before the write: a write that fails after creating the file (ENOSPC) leaves a part to remove.
      // 'wx' fails with EEXIST before creating anything, and then the file is not ours: not removed.
      await fs.writeFile(tmp, text, { flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') temps.push(tmp);
        throw e;
      });
      temps.push(tmp);
    }
    for (let i = 0; i < entries.length; i++) await fs.rename(temps[i], entries[i].file);
    temps.length = 0;
  } finally {
    await Promise.all(temps.map((t) => fs.rm(t, { force: true })));
  }
}
