// What to tell the user once perf has finished: how the program ended, what
// perf lost, hidden kernel addresses; and once the profile is built: too few
// samples, stacks that did not unwind, an event perf replaced.

import type { RecordResult } from '../perf/record';
import type { Profile } from '../../model/profileTypes';
import type { Diagnostic } from '../../model/diagnostics';
import { kernelMapsRestricted, programStderrLines } from './perfRecordFailure';
import { eventReplaced, kernelAddressesHidden, lostData, noSamples, programFailed, tooFewSamples } from './messages';
import { stackQualityWarning } from './stackQuality';
import { DebugInfoCheck, userLinesWarning } from './debugInfo';

/** Fewer samples than this cannot tell hot code from chance (0.1 s at the default 997 Hz). */
export const FEW_SAMPLES = 100;

export function recordResultWarnings(r: RecordResult, programName: string, kptrRestrict: number | null): Diagnostic[] {
  const w: Diagnostic[] = [];
  if (!r.stoppedByUs) {
    // "thread 'main' (32021) panicked at src/main.rs:17:5:\ndeliberate failure"
    const panic = /thread '[^'\n]*'(?: \(\d+\))? panicked at [^\n]*\n[^\n]*/.exec(r.stderrTail);
    const lines = programStderrLines(r.stderrTail, 5);
    if (r.exitSignal) w.push(programFailed(programName, `signal ${r.exitSignal}`, null, lines));
    else if (r.exitCode !== null && r.exitCode !== 0) {
      const status = r.exitCode > 128 ? `signal ${r.exitCode - 128} (exit status ${r.exitCode})` : `exit status ${r.exitCode}`;
      w.push(programFailed(programName, status, panic ? panic[0].replace(/\n/g, ' ') : null, lines));
    }
  }
  if (r.lostChunks > 0 || (r.lostSamplesPercent ?? 0) > 0) w.push(lostData(r.lostChunks, r.lostSamplesPercent));
  if (kernelMapsRestricted(r.stderrTail)) w.push(kernelAddressesHidden(kptrRestrict));
  return w;
}

/** Throws when the profile has no samples (the perf.data stays); else the warnings about its quality. */
export function profileWarnings(
  profile: Profile,
  o: {
    perfData: string;
    askedEvent: string;
    frequency: number | null;
    callGraph: string | null;
    executable: string;
    debug: DebugInfoCheck;
  },
): Diagnostic[] {
  if (profile.samples === 0) throw noSamples(o.perfData);
  const w: Diagnostic[] = [];
  // perf falls back from a hardware event to cpu-clock by itself (perf 6.1 does for cycles); other names may be aliases.
  if (profile.meta.event === 'cpu-clock' && o.askedEvent !== 'cpu-clock') w.push(eventReplaced(o.askedEvent, profile.meta.event));
  if (profile.samples < FEW_SAMPLES) w.push(tooFewSamples(profile.samples, o.frequency));
  const lines = userLinesWarning(profile, o.executable, o.debug.cause);
  if (lines) w.push(lines);
  // Without symbols every frame of the executable is [unknown]: that warning already says why.
  const stacks = o.debug.noSymbols ? null : stackQualityWarning(profile, o.callGraph);
  if (stacks) w.push(stacks);
  return w;
}
