// One recording at a time per output folder: two perf runs writing the same
// perf.data would ruin both. The lock is a file `<outputDir>/.recording.lock`
// naming its holders, one per line as "pid start-time": the recorder, then
// perf once it runs (perf may outlive a recorder killed with kill -9 for a
// moment, until its watchdog ends it). The start time (/proc/PID/stat) tells
// a holder from a later process that got the same pid.
//
// Taking it is atomic: the full file is written under a temporary name and
// link()ed into place, which fails if a lock is there. A lock none of whose
// holders runs is stale (a crash, a kill -9); it is removed only under a
// takeover claim (another file created exclusively) and only if it is still
// stale when read again under that claim, so of several recorders taking over
// one stale lock exactly one wins.

import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { recordingLocked } from './messages';
import { asOutputError, makeOutputDir } from '../io/fileErrors';

export const LOCK_FILE = '.recording.lock';
const CLAIM_SUFFIX = '.takeover';
/** A takeover claim lives for milliseconds; one this old was left by a taker that died. */
const STALE_CLAIM_MS = 10_000;

/** Locks this process holds: the extension host records from one pid, so its own pid in a lock is no proof of staleness. */
const heldHere = new Set<string>();

export interface RecordingLock {
  file: string;
  /** Names one more process (perf) as a holder: the lock stays taken while it runs, even if we are killed. */
  addHolder(pid: number): Promise<void>;
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

/** Field 22 of /proc/PID/stat (clock ticks after boot): with the pid, it names one process for the machine's uptime. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function holderLine(pid: number): string {
  return `${pid} ${processStartTime(pid) ?? '?'}`;
}

/** Whether the process a lock line names still runs (a line without start time, from older versions: its pid runs). */
function lineHolder(line: string): number | null {
  const [pidText, start] = line.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return null;
  if (start === undefined || start === '?') return pid;
  const now = processStartTime(pid);
  return now === null || now === start ? pid : null;
}

/** The first holder of a lock file that still runs (other than `ignore`); null when the file is gone or stale. */
async function liveHolder(file: string, ignore?: number): Promise<number | null> {
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  return text === null ? null : liveHolderIn(text, ignore);
}

/** The first holder named in a lock's text that still runs (other than `ignore`), else null. */
function liveHolderIn(text: string, ignore?: number): number | null {
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const pid = lineHolder(line);
    if (pid !== null && pid !== ignore) return pid;
  }
  return null;
}

/** The pid holding the folder's lock when that process still runs, else null. */
export function recordingLockHolder(dir: string): Promise<number | null> {
  return liveHolder(path.join(dir, LOCK_FILE));
}

/** Takes the folder's lock, or throws the "another recording is running" UserError. */
export async function acquireRecordingLock(dir: string, pid = process.pid): Promise<RecordingLock> {
  await makeOutputDir(dir);
  const file = path.join(dir, LOCK_FILE);
  if (heldHere.has(file)) throw recordingLocked(pid, dir);
  // Held from the first attempt: a second recording of this process into the folder is refused, not a takeover.
  heldHere.add(file);
  const lines = [holderLine(pid)];
  const temp = tempName(file);
  let taken = false;
  try {
    // A read-only or full disk, a folder not ours: said plainly.
    await fs.writeFile(temp, `${lines[0]}\n`, { flag: 'wx' }).catch((e: unknown) => {
      throw asOutputError(dir, e);
    });
    for (let attempt = 0; attempt < 500; attempt++) {
      try {
        await linkOrCreate(temp, file, `${lines[0]}\n`);
        taken = true;
        return heldLock(file, lines);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw asOutputError(dir, e);
      }
      // Our own pid: a leftover of this process, as no recording here holds the folder (heldHere).
      const holder = await liveHolder(file, pid);
      if (holder !== null) throw recordingLocked(holder, dir);
      if (!(await removeStaleLock(file, pid))) await sleep(10 + Math.random() * 20);
    }
  } finally {
    if (!taken) heldHere.delete(file);
    await fs.rm(temp, { force: true });
  }
  throw recordingLocked(-1, dir);
}

/**
 * The lock appears whole or not at all: the temporary file, already written, is linked into place. File
 * systems without hard links (vfat and exFAT disks, some FUSE and SMB mounts) refuse link(); there the lock
 * is created exclusively in place ('wx'): one creator wins, but a reader may see the file empty for a moment
 * and take it for stale, so two recorders starting within that moment on such a disk is the race left there.
 */
async function linkOrCreate(temp: string, file: string, text: string): Promise<void> {
  try {
    await fs.link(temp, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
    await fs.writeFile(file, text, { flag: 'wx' });
  }
}

function heldLock(file: string, lines: string[]): RecordingLock {
  let released = false;
  let writing: Promise<void> = Promise.resolve();
  return {
    file,
    addHolder: (other) => {
      if (released) return Promise.resolve();
      lines.push(holderLine(other));
      const text = lines.join('\n') + '\n';
      // A reader sees the old or the new file, never half of one.
      writing = writing.then(async () => {
        const temp = tempName(file);
        await fs.writeFile(temp, text, { flag: 'wx' });
        await fs.rename(temp, file);
      });
      return writing;
    },
    release: async () => {
      if (released) return;
      released = true;
      await writing.catch(() => {});
      heldHere.delete(file);
      // Only our own lock: never delete one a later recorder took over.
      const now = await fs.readFile(file, 'utf8').catch(() => '');
      if (now.split('\n')[0] === lines[0]) await fs.rm(file, { force: true });
    },
  };
}

/**
 * Removes a stale lock under the takeover claim; false when another taker
 * holds the claim (try again shortly). Under the claim the lock is read again:
 * a lock another taker made meanwhile is live and stays.
 */
async function removeStaleLock(file: string, pid: number): Promise<boolean> {
  const claim = file + CLAIM_SUFFIX;
  try {
    await fs.writeFile(claim, `${holderLine(pid)}\n`, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // A claim whose taker died (it lives for milliseconds otherwise) would block every takeover.
    const st = await fs.stat(claim).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > STALE_CLAIM_MS && (await liveHolder(claim)) === null) await fs.rm(claim, { force: true });
    return false;
  }
  try {
    // Only a lock that is there and stale goes. One that is gone was removed by the taker before us, and a
    // new one may be linked into its place any moment: removing "whatever is there now" would delete it.
    // A stale lock that is there stays that very file until we remove it (link() cannot replace it).
    const text = await fs.readFile(file, 'utf8').catch(() => null);
    if (text !== null && liveHolderIn(text, pid) === null) await fs.rm(file, { force: true });
  } finally {
    await fs.rm(claim, { force: true });
  }
  return true;
}

function tempName(file: string): string {
  return `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
