// perf.data grows fast with DWARF call graphs (each sample copies the stack):
// measured here, `--call-graph dwarf,32768` costs about 33 KB per sample
// (1995 samples of a 2 s busy loop = 65.9 MB), so 997 Hz is ~33 MB per busy
// thread per second uncompressed. With perf's zstd (`-z`, the default where
// perf has it) it was 384-980 bytes per sample (bench/recordingBench.ts).
// Before a recording with --duration we estimate the size and refuse when it
// cannot fit; while recording we watch free space and stop (keeping the
// profile) before the disk is full.

import { promises as fs } from 'node:fs';
import type { Diagnostic } from '../../model/diagnostics';
import { BYTES_PER_MB, diskNoRoom, diskTooSmall, diskMayFill } from './messages';

/** Stop recording when free space falls under this (or a quarter of what was free at the start, if less). */
export const DEFAULT_MIN_FREE_BYTES = 512 * BYTES_PER_MB;

/** Compressed bytes per sample: about twice the most measured (980 on ripgrep under load), as stacks compress unevenly. */
export const COMPRESSED_BYTES_PER_SAMPLE = 2048;

/**
 * Bytes of perf.data per sample: the copied stack plus ~1 KB of header and
 * registers (fp/lbr: ~1 KB in all); compressed, never more than that nor more
 * than COMPRESSED_BYTES_PER_SAMPLE.
 */
export function bytesPerSample(callGraph: string | null, compressed = false): number {
  const m = /^dwarf(?:,(\d+))?$/.exec(callGraph ?? '');
  const raw = m ? Number(m[1] ?? 8192) + 1024 : 1024;
  return compressed ? Math.min(raw, COMPRESSED_BYTES_PER_SAMPLE) : raw;
}

export function estimateRecordingBytes(o: {
  callGraph: string | null;
  compressed?: boolean;
  frequency: number;
  durationSeconds: number;
  threads: number;
}): number {
  return bytesPerSample(o.callGraph, o.compressed) * o.frequency * o.durationSeconds * o.threads;
}

/** Bytes free for an unprivileged writer in the file system holding `dir`, or null when unknown. */
export async function freeBytes(dir: string): Promise<number | null> {
  try {
    const s = await fs.statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/** The floor under which recording stops: the configured one, else 512 MB or a quarter of the free space at the start. */
export function freeSpaceFloor(freeAtStart: number, configured?: number): number {
  return configured ?? Math.min(DEFAULT_MIN_FREE_BYTES, Math.floor(freeAtStart / 4));
}

export interface DiskPlan {
  floor: number;
  free: number;
  warning?: Diagnostic;
}

/** How long perf may keep writing after free space falls under the floor: the watch's poll, then SIGINT reaching perf. */
const STOP_LATENCY_SECONDS = 0.25;
/** zstd shrank DWARF samples 57-86x here; a drained ring buffer is counted at a sixteenth, to be safe. */
const COMPRESSED_BUFFER_SHARE = 1 / 16;

export interface RecordingShape {
  callGraph: string | null;
  compressed: boolean;
  frequency: number;
  /** perf's ring buffer per CPU (perf/record.ts ringBufferPages; perf's default is 516 KB). */
  ringBufferBytes: number;
  cpus: number;
}

/**
 * The room perf needs to finish its file once asked to stop: every CPU's ring
 * buffer drained into perf.data, plus what perf writes until the stop reaches
 * it. Without it, a small disk fills before the watch sees it and perf dies
 * on ENOSPC with a perf.data nothing can read (measured: 6 MB free, 4 MB buffers).
 */
export function finishHeadroom(o: RecordingShape): number {
  const drained = o.compressed ? o.ringBufferBytes * COMPRESSED_BUFFER_SHARE : o.ringBufferBytes;
  const meanwhile = bytesPerSample(o.callGraph, o.compressed) * o.frequency * STOP_LATENCY_SECONDS;
  return Math.ceil((drained + meanwhile) * Math.max(1, o.cpus));
}

/**
 * Before recording: throws when there is not even room for perf to finish its
 * file, or when one busy thread for the whole duration cannot fit above the
 * floor; warns when every CPU busy could not.
 */
export async function planDiskSpace(
  dir: string,
  o: RecordingShape & { durationSeconds?: number; minFreeBytes?: number },
): Promise<DiskPlan | null> {
  const free = await freeBytes(dir);
  if (free === null) return null;
  const headroom = finishHeadroom(o);
  const floor = Math.max(headroom, freeSpaceFloor(free, o.minFreeBytes));
  if (free <= floor) throw diskNoRoom(free, headroom, dir, o.compressed);
  if (o.durationSeconds === undefined) return { floor, free };
  const one = estimateRecordingBytes({ ...o, durationSeconds: o.durationSeconds, threads: 1 });
  if (one > free - floor) throw diskTooSmall(one, free, dir, o.compressed);
  const all = estimateRecordingBytes({ ...o, durationSeconds: o.durationSeconds, threads: o.cpus });
  return { floor, free, warning: all > free - floor ? diskMayFill(all, free, floor) : undefined };
}

/** Polls free space while recording; calls `onLow` once when it falls under the floor. Returns a stop function. */
export function watchFreeSpace(dir: string, floor: number, onLow: (free: number) => void, intervalMs = 200): () => void {
  let fired = false;
  let busy = false;
  const timer = setInterval(() => {
    if (fired || busy) return;
    busy = true;
    void freeBytes(dir).then((free) => {
      busy = false;
      if (!fired && free !== null && free < floor) {
        fired = true;
        onLow(free);
      }
    });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
