// Finding and checking the perf binary, and choosing the event to sample.

import { run, SpawnError } from '../proc/run';
import { Reporter, UserError } from '../errors';

/** The perf binary: `--perf`, else $PERF, else `perf` on PATH. */
export function perfPath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option || env.PERF || 'perf';
}

export function perfMissing(perf: string, code: string): UserError {
  return new UserError(
    `perf could not be run (${perf}: ${code === 'ENOENT' ? 'not found' : code}).`,
    'Install perf: Debian `sudo apt-get install linux-perf`; Ubuntu `sudo apt-get install linux-tools-common linux-tools-$(uname -r)`; Fedora `sudo dnf install perf`; Arch `sudo pacman -S perf`. Or point PERF / --perf at it.',
  );
}

/**
 * `cycles` where the machine counts it (it follows where the CPU really
 * works), else `cpu-clock` (VMs, containers and WSL have no hardware
 * counters: `perf stat` answers `<not supported>` there).
 */
export async function chooseDefaultEvent(perf: string, reporter?: Reporter): Promise<'cycles' | 'cpu-clock'> {
  try {
    const r = await run(perf, ['stat', '-x', ',', '-e', 'cycles', '--', 'true'], { reporter });
    const text = r.stdout + r.stderr;
    if (r.code === 0 && /(^|\n)\d+,[^\n]*,cycles/.test(text) && !/<not (supported|counted)>/.test(text)) return 'cycles';
    return 'cpu-clock';
  } catch (e) {
    if (e instanceof SpawnError) throw perfMissing(perf, e.code);
    throw e;
  }
}

/** The base event name of `cycles:u`, `cpu-clock:ppp`. */
export function baseEventName(event: string): string {
  return event.split(':')[0];
}
