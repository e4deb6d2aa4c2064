// Opening a path that must be a regular file without ever blocking: a FIFO
// opened for reading waits for a writer (in libuv's thread pool, where no
// signal reaches it and process.exit waits for it), and a device such as
// /dev/zero never ends. The path is stat()ed first, so a non-file is never
// opened at all; the open itself is O_NONBLOCK (a FIFO swapped in meanwhile
// opens at once) and the descriptor is fstat()ed: it must be the very file
// that was checked.

import { promises as fs, constants, Stats } from 'node:fs';

export type FileKind = 'file' | 'directory' | 'FIFO (named pipe)' | 'character device' | 'block device' | 'socket' | 'other';

export function fileKind(st: Stats): FileKind {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'directory';
  if (st.isFIFO()) return 'FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isSocket()) return 'socket';
  return 'other';
}

export class NotRegularFile extends Error {
  constructor(
    readonly file: string,
    readonly kind: FileKind,
  ) {
    super(`${file} is a ${kind}, not a regular file`);
  }
}

/**
 * Opens `file` for reading when it is a regular file (a symlink to one is
 * followed); throws NotRegularFile for anything else, or fs errors (ENOENT…).
 */
export async function openRegularFile(file: string): Promise<fs.FileHandle> {
  const before = await fs.stat(file);
  if (!before.isFile()) throw new NotRegularFile(file, fileKind(before));
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const st = await handle.stat();
    if (!st.isFile() || st.ino !== before.ino || st.dev !== before.dev) throw new NotRegularFile(file, fileKind(st));
    return handle;
  } catch (e) {
    await handle.close();
    throw e;
  }
}
