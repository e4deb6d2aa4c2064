// The system's errors on the user's files, as the user's conditions: a missing
// or unreadable input, an output folder that is read-only or on a full disk.
// Only errors of the file named are turned into a plain message (by errno code
// and system call); anything else stays what it is, a bug.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { inputNotReadable, outputNotWritable } from '../checks/messages';

/** The system calls by which reading a file fails for reasons of the file itself. */
const FILE_CALLS = new Set(['open', 'read', 'stat', 'lstat', 'fstat', 'access', 'mkdir', 'write', 'rename', 'close', 'fsync']);
const INPUT_CODES = new Set([
  'ENOENT',
  'ENOTDIR',
  'EISDIR',
  'EACCES',
  'EPERM',
  'ESPIPE',
  'ELOOP',
  'ENAMETOOLONG',
  'EIO',
  'ENXIO',
  'EINVAL',
]);
const OUTPUT_CODES = new Set([
  'ENOSPC',
  'EDQUOT',
  'EROFS',
  'EACCES',
  'EPERM',
  'ENOENT',
  'ENOTDIR',
  'EISDIR',
  'ENAMETOOLONG',
  'EIO',
  'EFBIG',
  'ELOOP',
]);

/** The errno code of a failed file system call, else undefined (a SpawnError or a bug has no `syscall`). */
function fileErrorCode(e: unknown, codes: ReadonlySet<string>): string | undefined {
  const err = e as NodeJS.ErrnoException | undefined;
  if (!err || typeof err.code !== 'string' || typeof err.syscall !== 'string') return undefined;
  return FILE_CALLS.has(err.syscall) && codes.has(err.code) ? err.code : undefined;
}

/** A failure to read the input `file` as a plain message; any other error unchanged. */
export function asInputError(file: string, e: unknown): unknown {
  const code = fileErrorCode(e, INPUT_CODES);
  return code ? inputNotReadable(file, code) : e;
}

/** A failure to write `target` (an output, or the folder made for them) as a plain message; any other error unchanged. */
export function asOutputError(target: string, e: unknown): unknown {
  const code = fileErrorCode(e, OUTPUT_CODES);
  return code ? outputNotWritable(target, code) : e;
}

/**
 * Makes the output folder (and its parents), failing with the plain message. Node's recursive mkdir says
 * ENOENT where a parent cannot be made (on a read-only disk, say): each missing level is then made by
 * itself, so the message names the real reason.
 */
export async function makeOutputDir(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
    return;
  } catch (e) {
    // mkdir of a path that is a file says EEXIST: the folder is "not a folder", as under a file (ENOTDIR).
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw outputNotWritable(dir, 'ENOTDIR');
    const missing: string[] = [];
    for (let d = dir; (await fs.stat(d).catch((s: NodeJS.ErrnoException) => s.code)) === 'ENOENT'; d = path.dirname(d)) {
      missing.unshift(d);
      if (path.dirname(d) === d) break;
    }
    for (const m of missing) {
      await fs.mkdir(m).catch((f: NodeJS.ErrnoException) => {
        if (f.code !== 'EEXIST') throw asOutputError(m, f);
      });
    }
    throw asOutputError(dir, e);
  }
}
