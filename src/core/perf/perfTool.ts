// Finding and checking the perf binary, and choosing the event to sample.

import { run, SpawnError } from '../proc/run';
import { Reporter } from '../errors';
import { perfNotFound, perfNotWorking } from '../checks/messages';
import { perfWrapperFailure } from '../checks/perfInstall';

/**
 * `cycles` where the machine counts it (it follows where the CPU really
 * works), else `cpu-clock` (VMs, containers and WSL have no hardware
 * counters: `perf stat` answers `<not supported>` there).
 */
export async function chooseDefaultEvent(perf: string, reporter?: Reporter): Promise<'cycles' | 'cpu-clock'> {
  try {
    const r = await run(perf, ['stat', '-x', ',', '-e', 'cycles', '--', 'true'], { reporter });
    const text = r.stdout + r.stderr;
    const wrapper = perfWrapperFailure(text);
    if (wrapper) throw wrapper;
    if (r.code === 0 && /(^|\n)\d+,[^\n]*,cycles/.test(text) && !/<not (supported|counted)>/.test(text)) return 'cycles';
    return 'cpu-clock';
  } catch (e) {
    if (e instanceof SpawnError) throw perfNotFound(perf, e.code);
    throw e;
  }
}

/** The base event name of `cycles:u`, `cpu-clock:ppp`. */
export function baseEventName(event: string): string {
  return event.split(':')[0];
}

/**
 * Whether this perf writes zstd-compressed perf.data (`perf record -z`):
 * `perf version --build-options` lists `zstd: [ on  ]` when it was built with
 * it. Unknown (an old perf, a wrapper that prints something else) counts as no.
 */
export async function perfHasZstd(perf: string, reporter?: Reporter): Promise<boolean> {
  try {
    const r = await run(perf, ['version', '--build-options'], { reporter });
    return r.code === 0 && /^\s*zstd:\s*\[\s*on\s*\]/m.test(r.stdout);
  } catch {
    return false;
  }
}

/**
 * Runs `perf version`, before anything is built: a PERF that starts but is not
 * perf (/bin/false, a broken wrapper) must fail here, not after the build
 * with a "perf record failed" that has nothing below it.
 */
export async function checkPerfRuns(perf: string, reporter?: Reporter): Promise<void> {
  let r;
  try {
    r = await run(perf, ['version'], { reporter });
  } catch (e) {
    if (e instanceof SpawnError) throw perfNotFound(perf, e.code);
    throw e;
  }
  const text = r.stdout + r.stderr;
  if (r.code === 0) return;
  const wrapper = perfWrapperFailure(text);
  if (wrapper) throw wrapper;
  const status = r.signal ? `was killed by ${r.signal}` : `exited with ${r.code}`;
  throw perfNotWorking(perf, status, text);
}

/**
 * Whether build-ids can go into the mmap events (`perf record --buildid-mmap`): perf 5.12+ knows the flag
 * (its `record -h` lists it) and the kernel fills them in from 5.12.
 */
export async function perfHasBuildIdMmap(perf: string, kernelRelease: string, reporter?: Reporter): Promise<boolean> {
  const m = /^(\d+)\.(\d+)/.exec(kernelRelease);
  if (!m || Number(m[1]) * 1000 + Number(m[2]) < 5012) return false;
  try {
    const r = await run(perf, ['record', '-h'], { reporter });
    return /--buildid-mmap/.test(r.stdout + r.stderr);
  } catch {
    return false;
  }
}
