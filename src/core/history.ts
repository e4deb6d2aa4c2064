// The history of a target's recordings: each recording gets a folder of its
// own, `<target>/rust-flamegraph/profiles/<kind>-<name>/<UTC time>/`, created
// exclusively (never reused, so perf never finds a perf.data to rename to
// `.old`), and the newest N are kept. Only folders that look like ours (a
// timestamp name, a profile.json or perf.data inside) are listed or removed;
// symbolic links are never followed. The later comparison of two profiles
// lists the history from here too.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** `2026-12-02T07-01-05Z`, then `-2`, `-3`… for a second recording started in the same second. */
const FOLDER_NAME = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z(?:-(\d+))?$/;

export interface HistoryEntry {
  /** The recording's folder. */
  dir: string;
  name: string;
  /** When the recording started (from the folder's name, to the second). */
  startedAt: Date;
  /** Its profile.json and perf.data, when there. */
  profileJson: string | null;
  perfData: string | null;
  /** Bytes of every file in the folder (links counted as themselves, not followed). */
  bytes: number;
}

/** The folder name of a recording started at `time`; `suffix` ≥ 2 tells apart recordings of the same second. */
export function historyFolderName(time: Date, suffix = 1): string {
  const stamp = time.toISOString().slice(0, 19).replace(/:/g, '-') + 'Z';
  return suffix > 1 ? `${stamp}-${suffix}` : stamp;
}

/** The start time and same-second suffix of a folder name of ours, else null. */
export function parseHistoryFolderName(name: string): { time: number; suffix: number } | null {
  const m = FOLDER_NAME.exec(name);
  if (!m) return null;
  const time = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`);
  if (Number.isNaN(time)) return null;
  return { time, suffix: m[5] ? Number(m[5]) : 1 };
}

/** Creates a new, empty recording folder under the target's history folder (mkdir that fails when it exists: never reused). */
export async function createHistoryFolder(targetDir: string, now: Date = new Date()): Promise<string> {
  await fs.mkdir(targetDir, { recursive: true });
  for (let suffix = 1; ; suffix++) {
    const dir = path.join(targetDir, historyFolderName(now, suffix));
    try {
      await fs.mkdir(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || suffix >= 1000) throw e;
    }
  }
}

async function regularFile(file: string): Promise<string | null> {
  const s = await fs.lstat(file).catch(() => null);
  return s?.isFile() ? file : null;
}

/** Bytes under a folder, without following links. */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += await folderBytes(p);
    else total += (await fs.lstat(p).catch(() => null))?.size ?? 0;
  }
  return total;
}

/** A target's recordings, newest first, with their sizes. A missing folder has none. */
export async function listHistory(targetDir: string): Promise<HistoryEntry[]> {
  const entries = await fs.readdir(targetDir, { withFileTypes: true }).catch(() => []);
  const found: (HistoryEntry & { order: { time: number; suffix: number } })[] = [];
  for (const e of entries) {
    // Dirent types come from lstat: a link to a folder is not a directory here.
    if (!e.isDirectory()) continue;
    const order = parseHistoryFolderName(e.name);
    if (!order) continue;
    const dir = path.join(targetDir, e.name);
    const profileJson = await regularFile(path.join(dir, 'profile.json'));
    const perfData = await regularFile(path.join(dir, 'perf.data'));
    if (!profileJson && !perfData) continue;
    found.push({ dir, name: e.name, startedAt: new Date(order.time), profileJson, perfData, bytes: await folderBytes(dir), order });
  }
  found.sort((a, b) => b.order.time - a.order.time || b.order.suffix - a.order.suffix);
  return found.map(({ order: _order, ...entry }) => entry);
}

export interface PruneResult {
  removed: HistoryEntry[];
  freedBytes: number;
}

/** Removes all but the newest `keep` recordings of the target; never `justWritten`, never anything not ours. */
export async function pruneHistory(targetDir: string, keep: number, justWritten?: string): Promise<PruneResult> {
  const history = await listHistory(targetDir);
  const spare = justWritten ? path.resolve(justWritten) : null;
  const removed: HistoryEntry[] = [];
  let freedBytes = 0;
  for (const entry of history.slice(Math.max(1, keep))) {
    if (path.resolve(entry.dir) === spare) continue;
    // Checked again just before: still a real folder, not a link put in its place.
    const s = await fs.lstat(entry.dir).catch(() => null);
    if (!s?.isDirectory()) continue;
    await fs.rm(entry.dir, { recursive: true, force: true });
    removed.push(entry);
    freedBytes += entry.bytes;
  }
  return { removed, freedBytes };
}

/** The newest profile.json of each target folder under `<target>/rust-flamegraph/profiles`, history or the old flat layout. */
export async function profileJsonsUnder(profilesDir: string): Promise<string[]> {
  const out: string[] = [];
  const targets = await fs.readdir(profilesDir, { withFileTypes: true }).catch(() => []);
  for (const t of targets) {
    if (!t.isDirectory()) continue;
    const targetDir = path.join(profilesDir, t.name);
    const newest = (await listHistory(targetDir)).find((h) => h.profileJson);
    if (newest?.profileJson) out.push(newest.profileJson);
    // Recorded before the history: profile.json right in the target's folder.
    const flat = await regularFile(path.join(targetDir, 'profile.json'));
    if (flat) out.push(flat);
  }
  return out;
}
