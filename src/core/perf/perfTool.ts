// Finding and checking the perf binary, and choosing the event to sample.

import { run, SpawnError } from '../proc/run';
import { Reporter } from '../errors';
import { perfNotFound } from '../checks/messages';
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
