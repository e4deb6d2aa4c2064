// Did the call stacks unwind? A complete stack of the program's own threads
// starts at the entry point (`_start`, or `clone3`/`start_thread` for the
// other threads). One that stops after its leaf, at an [unknown] frame or
// somewhere in between lost its callers: typical of `--call-graph fp` on code
// built without frame pointers (measured: `main → hot` and nothing above),
// or of DWARF unwinding through code without debug info.

import { Profile } from '../../model/profileTypes';
import type { Diagnostic } from '../../model/diagnostics';
import { stacksDoNotUnwind, StackBreak } from './messages';

/** Outermost frames of a stack that was unwound to the end (glibc and musl entry points). */
const ENTRY_POINTS = new Set([
  '_start',
  '__libc_start_main',
  '__libc_start_call_main',
  'start_thread',
  'clone',
  'clone3',
  '__clone',
  '__clone3',
  'thread_start',
  '_dl_start_user',
  '_dl_start',
]);

export interface StackQuality {
  samples: number;
  /** Samples whose stack is only the leaf frame (with what was inlined into it). */
  oneFrame: number;
  /** Samples whose outermost frame is [unknown]. */
  unknownOutermost: number;
  /** Samples whose stack stops at a known function that is no entry point. */
  stopsEarly: number;
}

export function measureStackQuality(profile: Profile): StackQuality {
  const { parent, frame, self } = profile.tree;
  const q: StackQuality = { samples: 0, oneFrame: 0, unknownOutermost: 0, stopsEarly: 0 };
  const info = (n: number) => profile.frames[frame[n]];
  const isProcess = (n: number) => info(n)?.kind === 'process';
  for (let n = 1; n < parent.length; n++) {
    if (self[n] === 0 || isProcess(n)) continue;
    q.samples += self[n];
    // Frames inlined into their caller come from the same perf frame: they do not make a stack deeper.
    const real = (m: number) => (info(m)?.inlined ? 0 : 1);
    let depth = real(n);
    let outer = n;
    while (parent[outer] > 0 && !isProcess(parent[outer])) {
      outer = parent[outer];
      depth += real(outer);
    }
    const top = info(outer);
    const name = top?.name ?? '';
    // Samples taken wholly in the kernel (exec, exit, kernel threads) have no user stack to unwind.
    if (top?.kind === 'kernel' || ENTRY_POINTS.has(name)) continue;
    if (/^\[unknown\]$|^0x[0-9a-f]+$/.test(name)) q.unknownOutermost += self[n];
    else if (depth <= 1) q.oneFrame += self[n];
    else q.stopsEarly += self[n];
  }
  return q;
}

/** A warning when most samples did not unwind to their thread's entry point. */
export function stackQualityWarning(profile: Profile, callGraph: string | null): Diagnostic | null {
  const q = measureStackQuality(profile);
  if (q.samples < 20) return null;
  const bad = q.oneFrame + q.unknownOutermost + q.stopsEarly;
  if (bad <= q.samples / 2) return null;
  const percent = Math.round((100 * bad) / q.samples);
  const most = Math.max(q.oneFrame, q.unknownOutermost, q.stopsEarly);
  const how: StackBreak = most === q.oneFrame ? 'one frame' : most === q.unknownOutermost ? 'unknown' : 'early';
  return stacksDoNotUnwind(percent, how, callGraph);
}
