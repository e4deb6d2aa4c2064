// Writes a file by replacing it, never through it: the text goes to a new
// temporary file beside it (O_EXCL, so a planted link there fails), which is
// then renamed over the name. A symlink planted at the name (say
// `profile.json -> ~/.bashrc` in a repository whose perf.data is opened) is
// itself replaced; its target is never written. Readers never see half a file,
// and a write that fails (a full disk) removes its temporary file.
//
// The calls are synchronous, on purpose: only the engine writes (the command line, the engine worker), and each
// asynchronous call is a round trip through libuv's thread pool. The four outputs took some 20 of them in a row
// (open, writes of 512 KB, close, rename per file): 7-15 ms on an idle machine, 30-120 ms on a busy one, where
// each trip waits for a core twice; the same writes done here take 3-10 ms.

import { renameSync, rmSync, writeFileSync } from 'node:fs';
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
      try {
        writeFileSync(tmp, text, { flag: 'wx' });
      } catch (e) {
        // A write that fails after creating the file (ENOSPC) leaves a part to remove. 'wx' fails with EEXIST
        // before creating anything, and then the file is not ours: not removed.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') temps.push(tmp);
        throw e;
      }
      temps.push(tmp);
    }
    for (let i = 0; i < entries.length; i++) renameSync(temps[i], entries[i].file);
    temps.length = 0;
  } finally {
    for (const t of temps) rmSync(t, { force: true });
  }
}
