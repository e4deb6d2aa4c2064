// Running the program under `perf record`. perf is spawned with an argument
// array in a process group of its own; the program's stdout and stderr both
// go to our stderr (stdout stays clean for --json); its stdin is empty, so a
// program that reads stdin cannot hang the profile.

import { readFileSync } from 'node:fs';
import { ChildProcess } from 'node:child_process';
import { spawnChild, killTree, signalGroup, onExitDrained, watchGroup } from '../proc/run';
import { Reporter, userError } from '../errors';
import { perfNotFound, perfRecordKilled } from '../checks/messages';
import { abortReason } from '../jobs/abort';
import { classifyRecordFailure, lostCounts } from '../checks/perfRecordFailure';
import { perfGlobalArgs } from './buildIds';

/**
 * DWARF unwinding with 32 KB of stack per sample. Measured on the 300-deep
 * recursion fixture (48-byte frames): perf's default 8 KB keeps 171 levels
 * and loses `main`; 16 KB just fits 300 levels; 32 KB leaves room for real
 * frames, which are larger. Frame pointers would be 50x smaller but the
 * kernel cuts them at perf_event_max_stack (127) frames.
 */
export const DEFAULT_CALL_GRAPH = 'dwarf,32768';

/**
 * perf's zstd compression of perf.data (`-z`), measured by bench/recordingBench.ts
 * with dwarf,32768 at 997 Hz: 33 KB per sample becomes 384 bytes on the fixture
 * crates and 579-980 on ripgrep (57-86x smaller), and the chunks perf lost
 * under load (1-2 per 6 s on 2 cores) are gone, as perf writes far less.
 * Reading it back costs 10-25% more time in `perf script`.
 */
export const COMPRESSION_FLAG = '-z';

import { RING_BUFFER_PAGES } from './ringBuffer';
export { RING_BUFFER_PAGES };
/** A ceiling on all CPUs' buffers together (locked memory): machines with more than 64 CPUs get smaller ones. */
const RING_BUFFER_TOTAL_BYTES = 256 * 1024 * 1024;

/** perf's own default for root: 512 KB per CPU; we never ask for less. */
const PERF_DEFAULT_PAGES = 128;
/** perf's default ring buffer in bytes (kernel.perf_event_mlock_kb's 516 KB for other users). */
export const PERF_DEFAULT_BUFFER_BYTES = 516 * 1024;

export interface LockLimits {
  root: boolean;
  /** kernel.perf_event_mlock_kb: locked memory per CPU any user may use for perf buffers. */
  mlockKb: number | null;
  /** RLIMIT_MEMLOCK (soft, bytes; Infinity when unlimited): what a user may lock beyond that. */
  memlockBytes: number | null;
  cpus: number;
}

/**
 * perf's ring buffer per CPU (`-m PAGES`), or null for perf's own default.
 * The kernel fills it with uncompressed samples, 33 MB/s per busy thread
 * with dwarf,32768: perf's default 512 KB is 15 ms of slack, so on a busy
 * 2-core machine perf, descheduled a little longer, lost 2-7 chunks per 6 s
 * of ripgrep beside a CPU-bound job; with 4 MB (120 ms), none in 3 runs of 3.
 * The pages (plus a header page each) are locked memory: root may lock them;
 * another user up to kernel.perf_event_mlock_kb per CPU plus RLIMIT_MEMLOCK
 * (beyond that perf fails with "Permission error mapping pages"), so the
 * largest power of two that fits, or perf's default when even 256 does not.
 */
export function ringBufferPages(o: LockLimits): number | null {
  const cpus = Math.max(1, o.cpus);
  const allowed = o.root ? Infinity : (o.mlockKb ?? 0) * 1024 * cpus + (o.memlockBytes ?? 0);
  for (let pages = RING_BUFFER_PAGES; pages > PERF_DEFAULT_PAGES; pages /= 2) {
    const bytes = (pages + 1) * 4096 * cpus;
    if (bytes <= RING_BUFFER_TOTAL_BYTES && bytes <= allowed) return pages;
  }
  return null;
}

/** RLIMIT_MEMLOCK's soft limit from /proc/self/limits ("Max locked memory  8388608  8388608  bytes"). */
export function parseMemlockLimit(limits: string): number | null {
  const m = /^Max locked memory\s+(\S+)/m.exec(limits);
  if (!m) return null;
  return m[1] === 'unlimited' ? Infinity : Number.isFinite(Number(m[1])) ? Number(m[1]) : null;
}

export interface RecordOptions {
  perf: string;
  program: string;
  args: readonly string[];
  output: string;
  frequency: number;
  event: string;
  callGraph: string;
  /** Write perf.data zstd-compressed (`-z`); only when perf has zstd (perfTool.ts perfHasZstd). */
  compress: boolean;
  /** perf's ring buffer per CPU in pages (`-m`), or null for perf's default (ringBufferPages). */
  mmapPages: number | null;
  /** Build-ids in the mmap events (`--buildid-mmap`): a compressed perf.data has them nowhere else (perf/buildIds.ts). */
  buildIdMmap: boolean;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Stop recording after this many seconds (perf finalizes its file; the program is ended). */
  durationSeconds?: number;
  signal?: AbortSignal;
  reporter?: Reporter;
  /** The program's output and perf's messages, as they come. */
  onOutput?: (text: string) => void;
  /** Called once perf runs, with a function that stops recording and keeps the profile, and perf's pid. */
  onStarted?: (stop: () => void, pid: number) => void;
  /** kernel.perf_event_paranoid, for the message when perf is not allowed to record. */
  paranoid?: number | null;
}

export interface RecordResult {
  /** The program's exit code (perf passes it on), or null when it was ended by a signal. */
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  /** True when we ended it (duration or Stop): its exit status then says nothing. */
  stoppedByUs: boolean;
  samples: number | null;
  lostChunks: number;
  /** "Processed N samples and lost P%!", when perf said so. */
  lostSamplesPercent: number | null;
  /** The last lines the program and perf wrote on stderr (a panic message, perf's complaints). */
  stderrTail: string;
}

export function recordArgs(
  o: Pick<RecordOptions, 'frequency' | 'event' | 'callGraph' | 'compress' | 'mmapPages' | 'buildIdMmap' | 'output' | 'program' | 'args'>,
): string[] {
  const compress = o.compress ? [COMPRESSION_FLAG] : [];
  if (o.buildIdMmap) compress.push('--buildid-mmap');
  const buffer = o.mmapPages === null ? [] : ['-m', String(o.mmapPages)];
  return [
    'record',
    '-F',
    String(o.frequency),
    '-e',
    o.event,
    '--call-graph',
    o.callGraph,
    ...compress,
    ...buffer,
    '-o',
    o.output,
    '--',
    o.program,
    ...o.args,
  ];
}

export function recordProgram(opts: RecordOptions): Promise<RecordResult> {
  // $PERF_BUILDID_DIR: where perf keeps its copy of the binary (perf/buildIds.ts).
  const args = [...perfGlobalArgs(), ...recordArgs(opts)];
  opts.reporter?.command?.(opts.perf, args);
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawnChild(opts.perf, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // perf and the program must not outlive us, even if we are killed with kill -9.
    const watchdog = child.pid !== undefined ? watchGroup(child.pid) : undefined;
    let tail = '';
    let stoppedByUs = false;
    let timer: NodeJS.Timeout | undefined;
    const keepTail = (text: string) => {
      tail = (tail + text).slice(-64000);
    };
    child.stdout!.setEncoding('utf8').on('data', (t: string) => opts.onOutput?.(t));
    child.stderr!.setEncoding('utf8').on('data', (t: string) => {
      keepTail(t);
      opts.onOutput?.(t);
    });
    // SIGINT to perf alone: it stops sampling, ends the program with SIGTERM
    // and writes a complete perf.data. The group kill afterwards is for
    // programs that ignore SIGTERM.
    // A stop asked for right after the spawn (Ctrl-C, Stop, a short
    // --duration) waits until perf catches SIGINT: before its handler is
    // installed the signal kills perf and leaves no usable perf.data.
    const stop = () => {
      if (stoppedByUs || child.pid === undefined) return;
      stoppedByUs = true;
      const pid = child.pid;
      const started = Date.now();
      const send = () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        if (!catchesSigint(pid) && Date.now() - started < 5000) {
          setTimeout(send, 20).unref();
          return;
        }
        try {
          process.kill(pid, 'SIGINT');
        } catch {
          /* gone */
        }
        setTimeout(() => child.exitCode === null && signalGroup(pid, 'SIGKILL'), 10000).unref();
      };
      send();
    };
    const onAbort = () => killTree(child, 500);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.durationSeconds !== undefined) timer = setTimeout(stop, opts.durationSeconds * 1000);
    child.on('spawn', () => opts.onStarted?.(stop, child.pid!));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      watchdog?.release();
      reject(perfNotFound(opts.perf, e.code ?? 'UNKNOWN'));
    });
    // perf's exit ends the recording (whether it finished or was killed): the
    // program goes with it, and whatever still holds perf's pipes (a daemon the
    // program started with setsid) is not waited for.
    child.once('exit', () => {
      if (timer) clearTimeout(timer);
      // Whatever the program left behind in perf's group goes too.
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
      watchdog?.release();
    });
    onExitDrained(child, (code, signal) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (opts.signal?.aborted) {
        reject(abortReason(opts.signal));
        return;
      }
      const m = /Captured and wrote [\d.]+ MB .*?\((\d+) samples\)/.exec(tail);
      const captured = /Captured and wrote/.test(tail);
      // A write that failed (ENOSPC) leaves a perf.data nothing can read, whatever perf said after it.
      const writeFailed = /failed to write perf data/.test(tail);
      // Killed before it wrote its file (kill -9, the out-of-memory killer): its output says nothing about why.
      // (A stop of ours that reached perf before its SIGINT handler is not a kill: perf's words, below, say why.)
      if (signal && !captured && !writeFailed && !stoppedByUs) {
        reject(perfRecordKilled(signal, opts.output));
        return;
      }
      if (!captured || writeFailed) {
        const known = classifyRecordFailure(tail, { event: opts.event, paranoid: opts.paranoid ?? null, output: opts.output });
        reject(
          known ??
            userError(
              'perf-record-failed',
              `perf record failed (exit ${code ?? signal}).`,
              tail.trim()
                ? 'Check the message from perf below.'
                : 'perf said nothing: run the command --verbose prints by hand to see why.',
              tail.trim(),
            ),
        );
        return;
      }
      const lost = lostCounts(tail);
      resolve({
        exitCode: signal ? null : code,
        exitSignal: signal,
        stoppedByUs,
        samples: m ? Number(m[1]) : null,
        lostChunks: lost.lostChunks,
        lostSamplesPercent: lost.lostSamplesPercent,
        stderrTail: tail,
      });
    });
  });
}

/** Whether a process has a handler for SIGINT (bit 2 of SigCgt in /proc/PID/status); true when unknown. */
export function catchesSigint(pid: number): boolean {
  try {
    const m = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? (BigInt(`0x${m[1]}`) & 2n) !== 0n : true;
  } catch {
    return true;
  }
}
