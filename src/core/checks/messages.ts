// Every message a bad day produces, in one place: a plain sentence saying
// what happened, and one naming the fix. Errors are UserErrors (the front end
// stops: CLI exit 1); warnings are strings (the profile is still made).

import { UserError } from '../errors';

const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

export const PERF_INSTALL_FIX =
  'Install perf: Debian `sudo apt-get install linux-perf`; Ubuntu `sudo apt-get install linux-tools-$(uname -r) linux-tools-generic` ' +
  '(the first is perf for the running kernel, the second keeps it coming with kernel updates); Fedora `sudo dnf install perf`; ' +
  'Arch `sudo pacman -S perf`. Or point PERF / --perf at a perf binary.';

export function perfNotFound(perf: string, code: string): UserError {
  return new UserError(`perf could not be run (${perf}: ${code === 'ENOENT' ? 'not found' : code}).`, PERF_INSTALL_FIX);
}

/** Ubuntu's /usr/bin/perf is a wrapper that runs the perf of the running kernel's linux-tools package. */
export function perfNotForThisKernel(kernel: string, perfText: string): UserError {
  return new UserError(
    `perf is installed, but not for the running kernel ${kernel} (Ubuntu installs perf once per kernel version).`,
    'Install it for this kernel: `sudo apt-get install linux-tools-$(uname -r) linux-tools-generic`. If apt has no package for this kernel any more, ' +
      'reboot into the newest installed kernel and install it there.',
    perfText.trim(),
  );
}

export function wsl1CannotProfile(): UserError {
  return new UserError(
    'This is WSL 1, which has no perf events: perf cannot record here.',
    'Convert the distribution to WSL 2 (in PowerShell: `wsl --set-version <distro> 2`), then install perf inside it.',
  );
}

export function perfNotPermitted(level: number | null, perfText: string): UserError {
  const now = level === null ? 'kernel.perf_event_paranoid forbids it' : `kernel.perf_event_paranoid is ${level} on this machine`;
  return new UserError(
    `perf was not allowed to record: ${now}, and recording your own programs needs 1 or less when not root.`,
    'Allow it for this boot with `sudo sysctl kernel.perf_event_paranoid=1`; for every boot, also run ' +
      "`echo 'kernel.perf_event_paranoid = 1' | sudo tee /etc/sysctl.d/99-perf.conf`.",
    perfText.trim(),
  );
}

export function kernelAddressesHidden(kptrRestrict: number | null): string {
  return (
    `Kernel frames show as [unknown]: kernel addresses are hidden${kptrRestrict === null ? '' : ` (kernel.kptr_restrict is ${kptrRestrict})`}. ` +
    'To see them, run `sudo sysctl kernel.kptr_restrict=0` (for every boot: a line `kernel.kptr_restrict = 0` in /etc/sysctl.d/99-perf.conf).'
  );
}

export function eventNotSupported(event: string, perfText: string): UserError {
  return new UserError(
    `This machine cannot count the ${event} event (no hardware counters: usual in virtual machines and containers).`,
    'Record with `--event cpu-clock` instead, or leave --event out: the default picks cpu-clock by itself where counters are missing.',
    perfText.trim(),
  );
}

export function eventUnknown(event: string, perfText: string): UserError {
  return new UserError(`perf does not know the event "${event}".`, 'Run `perf list` to see the events of this machine, or leave --event out.', perfText.trim());
}

export const CPU_CLOCK_FALLBACK = 'Sampling cpu-clock: this machine has no hardware cycle counter (usual in VMs and containers).';

export function eventReplaced(asked: string, recorded: string): string {
  return `perf recorded ${recorded} instead of ${asked}: this machine cannot count ${asked}, so perf fell back to ${recorded}.`;
}

const STRIP_FIX =
  'remove `-C strip=…` and `-C debuginfo=0` from RUSTFLAGS and from `[build] rustflags` in .cargo/config.toml ' +
  '(rust-flamegraph already turns debug info on in the cargo profile, but rustc flags override it).';

export function noLineTable(binary: string, cause: string | null): string {
  return `${binary} was built without debug line tables for its own code${cause ? ` (${cause})` : ''}, so frames have no file:line and cannot open their source. Fix: ${STRIP_FIX}`;
}

export function noSymbols(binary: string, cause: string | null): string {
  return `${binary} has no symbol table${cause ? ` (${cause})` : ''}, so its functions show as [unknown]. Fix: ${STRIP_FIX}`;
}

export type StackBreak = 'one frame' | 'unknown' | 'early';

export function stacksDoNotUnwind(percent: number, how: StackBreak, callGraph: string | null): string {
  const what = how === 'one frame' ? 'stop after a single frame' : how === 'unknown' ? 'end in [unknown] frames' : 'stop before reaching the thread\'s entry point (_start)';
  const fix = callGraph === 'fp'
    ? 'With --call-graph fp the program needs frame pointers: build with RUSTFLAGS="-C force-frame-pointers=yes", or record with --call-graph dwarf (the default).'
    : callGraph === 'lbr'
      ? 'LBR call stacks are only 8-32 calls deep: record with --call-graph dwarf (the default).'
      : 'DWARF unwinding needs debug info in every binary (see any warning above) and enough stack copied: try --call-graph dwarf,65528, or build with RUSTFLAGS="-C force-frame-pointers=yes" and record with --call-graph fp.';
  return `${percent}% of the samples have call stacks that ${what}: perf could not unwind them, so the flamegraph misses their callers. ${fix}`;
}

export function tooFewSamples(samples: number, frequency: number | null): string {
  const seconds = frequency ? ` (about ${(samples / frequency).toFixed(2)} s of CPU time)` : '';
  return (
    `Only ${samples} samples were recorded${seconds}: too few to tell hot code from chance. ` +
    `Give the program a longer input, or sample more often with --freq ${frequency && frequency < 9973 ? 9973 : 'HZ'} (perf allows up to kernel.perf_event_max_sample_rate).`
  );
}

export function noSamples(perfData: string): UserError {
  return new UserError(
    `The recording holds no samples (kept in ${perfData}).`,
    'The program ended too quickly to be sampled: give it a longer input, or raise --freq.',
  );
}

export function lostData(lostChunks: number, lostSamplesPercent: number | null): string {
  const parts: string[] = [];
  if (lostChunks > 0) parts.push(`${lostChunks} chunks of events`);
  if (lostSamplesPercent !== null && lostSamplesPercent > 0) parts.push(`${lostSamplesPercent}% of the samples`);
  return `perf lost ${parts.join(' and ')} (it could not write them in time), so the flamegraph undercounts. A lower --freq or --call-graph fp (much less data per sample) helps.`;
}

export function programFailed(name: string, status: string, panic: string | null, stderrLines: string[]): string {
  const last = stderrLines.length ? ` Its last lines on stderr:\n${stderrLines.map((l) => `  ${l}`).join('\n')}` : '';
  return `${name} exited with ${status}${panic ? ` after a panic: ${panic}` : ''}; the profile up to that point is kept.${last}`;
}

export function recordingLocked(pid: number, dir: string): UserError {
  return new UserError(
    `Another recording is running into ${dir} (process ${pid}).`,
    `Wait for it to finish or stop it (kill -INT ${pid}), or record into another folder with --output.`,
  );
}

export function diskTooSmall(estimate: number, free: number, dir: string): UserError {
  return new UserError(
    `This recording would need about ${mb(estimate)} for perf.data, but ${dir} has ${mb(free)} free.`,
    'Record for a shorter --duration, sample less often (--freq), use --call-graph fp (about 30 times less data per sample), or record onto a disk with room (--output DIR).',
  );
}

export function diskMayFill(estimate: number, free: number, floor: number): string {
  return `If the program keeps every CPU busy, perf.data could reach ${mb(estimate)}, more than the ${mb(free)} free; recording stops early if free space falls under ${mb(floor)}.`;
}

export function diskLowStopped(free: number, floor: number, dir: string): string {
  return `Recording stopped early: free space in ${dir} fell to ${mb(free)} (under ${mb(floor)}). The profile so far is kept. Free some space, use --call-graph fp (much less data), or record onto another disk (--output DIR).`;
}

/**
 * The shell commands a message names (its `backticked` parts that start like
 * a command a user types), so a front end can offer to copy them.
 */
export function shellCommandsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/`([^`]+)`/g)) {
    if (/^(?:sudo|echo|rustup|wsl|cargo|perf)\s/.test(m[1])) out.push(m[1]);
  }
  return out;
}
