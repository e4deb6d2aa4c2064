// One recording at a time per output folder: two perf runs writing the same
// perf.data would ruin both. The lock is a file `<outputDir>/.recording.lock`
// holding the recorder's pid, created exclusively (O_EXCL). A lock whose pid
// is no longer running is stale (a crash, a kill -9) and is taken over.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { recordingLocked } from './messages';

export const LOCK_FILE = '.recording.lock';

/** Locks this process holds: the extension host records from one pid, so its own pid in a lock is no proof of staleness. */
const heldHere = new Set<string>();

export interface RecordingLock {
  file: string;
  release(): Promise<void>;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it just is not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding the folder's lock when that process still runs, else null. */
export async function recordingLockHolder(dir: string): Promise<number | null> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, LOCK_FILE), 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.trim().split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) ? pid : null;
}

/** Takes the folder's lock, or throws the "another recording is running" UserError. */
export async function acquireRecordingLock(dir: string, pid = process.pid): Promise<RecordingLock> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  if (heldHere.has(file)) throw recordingLocked(pid, dir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.writeFile(file, `${pid}\n`, { flag: 'wx' });
      let released = false;
      heldHere.add(file);
      return {
        file,
        release: async () => {
          if (released) return;
          released = true;
          heldHere.delete(file);
          // Only our own lock: never delete one a later recorder took over.
          const now = await fs.readFile(file, 'utf8').catch(() => '');
          if (now.trim() === String(pid)) await fs.rm(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = await recordingLockHolder(dir);
    if (holder !== null && holder !== pid) throw recordingLocked(holder, dir);
    await fs.rm(file, { force: true }); // stale, or a leftover of this pid that no recording here holds
  }
  throw recordingLocked(-1, dir);
}
