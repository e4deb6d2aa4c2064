// Reading what `perf record` printed: why it failed, and what it lost.

import { UserError } from '../errors';
import { perfWrapperFailure } from './perfInstall';
import { RING_BUFFER_PAGES } from '../perf/ringBuffer';
import { diskFilledWhileRecording, eventNotSupported, eventUnknown, perfBufferNotLocked, perfNotPermitted } from './messages';

/**
 * perf 6.1, as a user other than root when kernel.perf_event_paranoid forbids
 * the recording (util/evsel.c, evsel__open_strerror on EACCES/EPERM):
 *   Error:
 *   Access to performance monitoring and observability operations is limited.
 *   Consider adjusting /proc/sys/kernel/perf_event_paranoid setting to open
 *   …
 *   perf_event_paranoid setting is 2:
 * Older perfs said "You may not have permission to collect stats." and
 * "The current value is 3:"; some events say "No permission to enable …".
 */
const PERMISSION =
  /Access to performance monitoring and observability operations is limited|You may not have permission to collect|No permission to enable|perf_event_paranoid setting is/;

/** perf 6.1: "Error:\nThe instructions event is not supported." (and cycles, where perf does not fall back by itself). */
const NOT_SUPPORTED = /The (\S+) event is not supported/;

/** perf 6.1 for a name it does not know: "event syntax error: 'nosuch'". */
const SYNTAX = /event syntax error: '([^'\n]*)/;

export function paranoidLevelIn(text: string): number | null {
  const m = /perf_event_paranoid setting is (-?\d+)|The current value is (-?\d+)/.exec(text);
  return m ? Number(m[1] ?? m[2]) : null;
}

export interface FailureContext {
  event: string;
  /** kernel.perf_event_paranoid as read from /proc, when readable. */
  paranoid: number | null;
  /** The perf.data being written. */
  output?: string;
}

/**
 * perf 6.1 when the ring buffer (`-m`) needs more locked memory than allowed
 * (util/evlist.c, evlist__strerror_mmap on EPERM):
 *   Permission error mapping pages.
 *   Consider increasing /proc/sys/kernel/perf_event_mlock_kb,
 *   or try again with a smaller value of -m/--mmap_pages.
 *   (current value: 1024,0)
 */
const MMAP_PERMISSION = /Permission error mapping pages/;

/** perf 6.1 on ENOSPC (util/data.c): "failed to write perf data, error: No space left on device". */
const NO_SPACE = /failed to write perf data, error: No space left on device/;

/** The UserError for a failed `perf record`, or null when its text is not one we know. */
export function classifyRecordFailure(text: string, ctx: FailureContext): UserError | null {
  const wrapper = perfWrapperFailure(text);
  if (wrapper) return wrapper;
  // perf names the size it could not lock: "(current value: 1024,0)".
  const pages = /\(current value: (\d+),/.exec(text);
  if (MMAP_PERMISSION.test(text)) return perfBufferNotLocked(text, pages ? Number(pages[1]) : RING_BUFFER_PAGES);
  if (NO_SPACE.test(text) && ctx.output) return diskFilledWhileRecording(ctx.output, text);
  if (PERMISSION.test(text)) return perfNotPermitted(ctx.paranoid ?? paranoidLevelIn(text), text);
  const ns = NOT_SUPPORTED.exec(text);
  if (ns) return eventNotSupported(ns[1], text);
  const syn = SYNTAX.exec(text);
  if (syn) return eventUnknown(ctx.event, text);
  return null;
}

export interface LostCounts {
  lostChunks: number;
  lostSamplesPercent: number | null;
}

/**
 * perf's session warnings, printed by record and by script/report alike:
 *   Processed 121 events and lost 40 chunks!
 *   Processed 39983 samples and lost 100.00%!
 */
export function lostCounts(text: string): LostCounts {
  const chunks = /Processed \d+ events and lost (\d+) chunks/.exec(text);
  const samples = /Processed \d+ samples and lost ([\d.]+) ?%/.exec(text);
  return { lostChunks: chunks ? Number(chunks[1]) : 0, lostSamplesPercent: samples ? Number(samples[1]) : null };
}

/** perf record's warning when kernel addresses are hidden from it (kptr_restrict). */
export function kernelMapsRestricted(text: string): boolean {
  return /Kernel address maps \(\/proc\/\{kallsyms,modules\}\) (are|were) restricted/.test(text);
}

/** The program's own stderr lines in perf's stderr: perf's "[ perf record: … ]" lines and warnings left out. */
export function programStderrLines(text: string, n: number): string[] {
  const perfLines = /^(\[ perf record: |Warning:$|Processed \d+ (events|samples) and lost|Check IO\/CPU overload!$)/;
  const lines = text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l && !perfLines.test(l));
  return lines.slice(-n);
}
