// Reads a file only when it is a regular file of at most `maxBytes`: a name
// that is (or links to) /dev/zero, a FIFO or a folder, or a huge file, is
// refused before anything is read, instead of growing the process until it
// fails or hanging on a pipe. The checks are made on the opened file (fstat),
// so the file read is the file checked.

import { constants, promises as fs } from 'node:fs';

export class FileRefused extends Error {
  constructor(
    readonly file: string,
    readonly reason: 'not-a-file' | 'too-large',
    /** Bytes of the file (for too-large). */
    readonly bytes: number,
  ) {
    super(reason === 'not-a-file' ? `${file} is not a regular file` : `${file} is ${bytes} bytes`);
    this.name = 'FileRefused';
  }
}

const CHUNK = 1 << 20;

/** The text (UTF-8) and mtime of `file`; throws FileRefused, or the errno error of open/read. */
export async function readRegularFile(file: string, maxBytes: number): Promise<{ text: string; mtimeMs: number }> {
  // O_NONBLOCK: opening a FIFO for reading would wait for a writer; on a regular file it changes nothing.
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new FileRefused(file, 'not-a-file', 0);
    if (st.size > maxBytes) throw new FileRefused(file, 'too-large', st.size);
    // Read to the end, not to st.size: a file still growing past the limit is refused too.
    const chunk = Math.min(CHUNK, st.size + 4096);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(chunk);
      const { bytesRead } = await handle.read(buf, 0, chunk, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new FileRefused(file, 'too-large', total);
      chunks.push(buf.subarray(0, bytesRead));
    }
    return { text: Buffer.concat(chunks, total).toString('utf8'), mtimeMs: st.mtimeMs };
  } finally {
    await handle.close();
  }
}
