// Every message a bad day produces, in one place, as data (a Diagnostic, see
// src/model/diagnostics.ts): a stable code, a plain sentence saying what
// happened, and the fix as steps naming the commands to copy and the setting
// to change. Errors are thrown as UserErrors (the front end stops: CLI exit 1);
// warnings are returned as Diagnostics (the profile is still made).

import * as path from 'node:path';
import type { Diagnostic, FixStep } from '../../model/diagnostics';
import { UserError } from '../errors';
import { setting } from './settingNames';
import { SETTINGS_SECTION } from '../../protocol/settings';
import { shellQuote } from '../../model/format';

/** The MB of every message, of --min-free and of its default: 10^6 bytes, as disk sizes are given. */
export const BYTES_PER_MB = 1e6;
const mb = (bytes: number) => `${Math.round(bytes / BYTES_PER_MB)} MB`;

const warning = (code: string, text: string, fix?: FixStep[]): Diagnostic => ({ code, severity: 'warning', text, ...(fix ? { fix } : {}) });
const error = (code: string, text: string, fix: FixStep[], details?: string) =>
  new UserError({ code, severity: 'error', text, fix }, details);

export const PERF_INSTALL_FIX: FixStep[] = [
  {
    text: 'Install perf: Debian {0}; Ubuntu {1} (the first is perf for the running kernel, the second keeps it coming with kernel updates); Fedora {2}; Arch {3}.',
    commands: [
      'sudo apt-get install linux-perf',
      'sudo apt-get install linux-tools-$(uname -r) linux-tools-generic',
      'sudo dnf install perf',
      'sudo pacman -S perf',
    ],
  },
  { text: 'Or point PERF / {flag} at a perf binary.', setting: setting('perfPath') },
];

export function cargoNotRunnable(cargo: string, code: string): UserError {
  return error('cargo-not-runnable', `Could not run cargo (${cargo}): ${code}.`, [
    { text: 'Install Rust with rustup (https://rustup.rs),' },
    { text: 'or set the cargo path ({flag}).', setting: setting('cargoPath') },
  ]);
}

export function perfNotFound(perf: string, code: string): UserError {
  return error('perf-not-found', `perf could not be run (${perf}: ${code === 'ENOENT' ? 'not found' : code}).`, PERF_INSTALL_FIX);
}

/** Ubuntu's /usr/bin/perf is a wrapper that runs the perf of the running kernel's linux-tools package. */
export function perfNotForThisKernel(kernel: string, perfText: string): UserError {
  return error(
    'perf-not-for-this-kernel',
    `perf is installed, but not for the running kernel ${kernel} (Ubuntu installs perf once per kernel version).`,
    [
      { text: 'Install it for this kernel: {0}.', commands: ['sudo apt-get install linux-tools-$(uname -r) linux-tools-generic'] },
      { text: 'If apt has no package for this kernel any more, reboot into the newest installed kernel and install it there.' },
    ],
    perfText.trim(),
  );
}

export function wsl1CannotProfile(): UserError {
  return error('wsl1', 'This is WSL 1, which has no perf events: perf cannot record here.', [
    {
      text: 'Convert the distribution to WSL 2 (in PowerShell: {0}), then install perf inside it.',
      commands: ['wsl --set-version <distro> 2'],
    },
  ]);
}

export function perfNotPermitted(level: number | null, perfText: string): UserError {
  const now = level === null ? 'kernel.perf_event_paranoid forbids it' : `kernel.perf_event_paranoid is ${level} on this machine`;
  return error(
    'perf-not-permitted',
    `perf was not allowed to record: ${now}, and recording your own programs needs 1 or less when not root.`,
    [
      { text: 'Allow it for this boot:', commands: ['sudo sysctl kernel.perf_event_paranoid=1'] },
      { text: 'For every boot, also run:', commands: ["echo 'kernel.perf_event_paranoid = 1' | sudo tee /etc/sysctl.d/99-perf.conf"] },
    ],
    perfText.trim(),
  );
}

/** perf could not lock the `-m PAGES` ring buffer we asked for (perf/record.ts ringBufferPages); `pages` from perf's words. */
export function perfBufferNotLocked(perfText: string, pages: number): UserError {
  // The buffer and its header page, in the sysctl's KB.
  const kb = (pages + 1) * 4;
  return error(
    'perf-buffer-not-locked',
    `perf could not lock memory for its ring buffer of ${(pages * 4) / 1024} MB per CPU: kernel.perf_event_mlock_kb and the locked-memory limit allow less.`,
    [
      { text: 'Allow it for this boot:', commands: [`sudo sysctl kernel.perf_event_mlock_kb=${kb}`] },
      {
        text: 'For every boot, also run:',
        commands: [`echo 'kernel.perf_event_mlock_kb = ${kb}' | sudo tee /etc/sysctl.d/99-perf-buffer.conf`],
      },
    ],
    perfText.trim(),
  );
}

export function kernelAddressesHidden(kptrRestrict: number | null): Diagnostic {
  return warning(
    'kernel-addresses-hidden',
    `Kernel frames show as [unknown]: kernel addresses are hidden${kptrRestrict === null ? '' : ` (kernel.kptr_restrict is ${kptrRestrict})`}.`,
    [
      {
        text: 'To see them, run {0} (for every boot: a line `kernel.kptr_restrict = 0` in /etc/sysctl.d/99-perf.conf).',
        commands: ['sudo sysctl kernel.kptr_restrict=0'],
      },
    ],
  );
}

export function eventNotSupported(event: string, perfText: string): UserError {
  return error(
    'event-not-supported',
    `This machine cannot count the ${event} event (no hardware counters: usual in virtual machines and containers).`,
    [
      {
        text: 'Record with {setting} instead, or leave the event unset: the default picks cpu-clock by itself where counters are missing.',
        setting: setting('event', 'cpu-clock'),
      },
    ],
    perfText.trim(),
  );
}

export function eventUnknown(event: string, perfText: string): UserError {
  return error(
    'event-unknown',
    `perf does not know the event "${event}".`,
    [{ text: 'Run {0} to see the events of this machine, or leave {flag} unset.', commands: ['perf list'], setting: setting('event') }],
    perfText.trim(),
  );
}

/** Progress, not a warning: the default event was chosen for this machine. */
export const PERF_WITHOUT_ZSTD =
  "This perf was built without zstd, so perf.data is written uncompressed (about 33 KB per sample with DWARF call graphs, 50 times more). A perf built with zstd (Debian's linux-perf is) compresses it.";

export const CPU_CLOCK_FALLBACK = 'Sampling cpu-clock: this machine has no hardware cycle counter (usual in VMs and containers).';

export function eventReplaced(asked: string, recorded: string): Diagnostic {
  return warning(
    'event-replaced',
    `perf recorded ${recorded} instead of ${asked}: this machine cannot count ${asked}, so perf fell back to ${recorded}.`,
  );
}

const STRIP_FIX: FixStep[] = [
  {
    text:
      'Fix: remove `-C strip=…` and `-C debuginfo=0` from RUSTFLAGS and from `[build] rustflags` in .cargo/config.toml ' +
      '(rust-flamegraph already turns debug info on in the cargo profile, but rustc flags override it).',
  },
];

export const NO_LINE_TABLE = 'no-line-table';
export const BINARY_WITHOUT_LINES = 'binary-without-lines';

export function noLineTable(binary: string, cause: string | null): Diagnostic {
  return warning(
    NO_LINE_TABLE,
    `${binary} was built without debug line tables for its own code${cause ? ` (${cause})` : ''}, so frames have no file:line and cannot open their source.`,
    STRIP_FIX,
  );
}

export function noSymbols(binary: string, cause: string | null): Diagnostic {
  return warning(
    'no-symbols',
    `${binary} has no symbol table${cause ? ` (${cause})` : ''}, so its functions show as [unknown].`,
    STRIP_FIX,
  );
}

/**
 * The recorded binary gave the symbolizer no lines though checkDebugInfo saw no missing line table (only the record
 * pipeline names a main binary to analyze; when checkDebugInfo did see it, noLineTable says why instead).
 */
export function binaryWithoutLines(binary: string): Diagnostic {
  return warning(BINARY_WITHOUT_LINES, `${binary} has no debug line table, so its frames have no file:line.`, [
    { text: 'Build it with debug info (CARGO_PROFILE_RELEASE_DEBUG=true).' },
  ]);
}

export function otherEventsLeftOut(samples: number, event: string): Diagnostic {
  return warning('other-events-left-out', `${samples} samples of other events than ${event} were left out.`);
}

export type StackBreak = 'one frame' | 'unknown' | 'early';

export function stacksDoNotUnwind(percent: number, how: StackBreak, callGraph: string | null): Diagnostic {
  const what =
    how === 'one frame'
      ? 'stop after a single frame'
      : how === 'unknown'
        ? 'end in [unknown] frames'
        : "stop before reaching the thread's entry point (_start)";
  const fix: FixStep[] =
    callGraph === 'fp'
      ? [
          {
            text: 'With frame-pointer call graphs the program needs frame pointers: build with RUSTFLAGS="-C force-frame-pointers=yes", or record with {setting} (the default).',
            setting: setting('callGraph', 'dwarf'),
          },
        ]
      : callGraph === 'lbr'
        ? [
            {
              text: 'LBR call stacks are only 8-32 calls deep: record with {setting} (the default).',
              setting: setting('callGraph', 'dwarf'),
            },
          ]
        : [
            // The setting offers dwarf (32 KB of stack) but no other size: the larger copy is for the command line.
            {
              text: 'DWARF unwinding needs debug info in every binary (see any warning above) and enough stack copied: try {setting}, or',
              setting: setting('callGraph', 'dwarf,65528'),
              only: 'terminal',
            },
            { text: 'DWARF unwinding needs debug info in every binary (see any warning above); otherwise', only: 'vscode' },
            { text: 'build with RUSTFLAGS="-C force-frame-pointers=yes" and record with {setting}.', setting: setting('callGraph', 'fp') },
          ];
  return warning(
    'stacks-do-not-unwind',
    `${percent}% of the samples have call stacks that ${what}: perf could not unwind them, so the flamegraph misses their callers.`,
    fix,
  );
}

export function tooFewSamples(samples: number, frequency: number | null): Diagnostic {
  const seconds = frequency ? ` (about ${(samples / frequency).toFixed(2)} s of CPU time)` : '';
  const higher = !frequency || frequency < 9973;
  return warning('too-few-samples', `Only ${samples} samples were recorded${seconds}: too few to tell hot code from chance.`, [
    {
      text: `Give the program a longer input, or sample more often with ${higher ? '{setting}' : 'a higher {flag}'} (perf allows up to kernel.perf_event_max_sample_rate).`,
      setting: setting('frequency', higher ? 9973 : undefined),
    },
  ]);
}

export function noSamples(perfData: string): UserError {
  return error('no-samples', `The recording holds no samples (kept in ${perfData}).`, [
    { text: 'The program ended too quickly to be sampled: give it a longer input, or raise {flag}.', setting: setting('frequency') },
  ]);
}

export function lostData(lostChunks: number, lostSamplesPercent: number | null): Diagnostic {
  const parts: string[] = [];
  if (lostChunks > 0) parts.push(`${lostChunks} chunks of events`);
  if (lostSamplesPercent !== null && lostSamplesPercent > 0) parts.push(`${lostSamplesPercent}% of the samples`);
  return warning(LOST_DATA, `perf lost ${parts.join(' and ')} (it could not write them in time), so the flamegraph undercounts.`, [
    { text: 'A lower {flag} helps,', setting: setting('frequency') },
    { text: 'as does {setting} (much less data per sample).', setting: setting('callGraph', 'fp') },
  ]);
}

export const LOST_DATA = 'lost-data';
export const BINARY_CHANGED = 'binary-changed';

/** A binary with samples was rebuilt after the recording, and perf's build-id cache has no copy of the recorded build. */
export function binaryChanged(binary: string, recorded: string, now: string | null): Diagnostic {
  const short = (id: string) => `${id.slice(0, 8)}…`;
  return warning(
    BINARY_CHANGED,
    `${binary} changed since this profile was recorded (rebuilt or replaced: build-id ${short(recorded)} then, ${now ? `${short(now)} now` : 'none now'}), and perf's build-id cache holds no copy of the recorded build: its frames keep perf's names, without source lines, because the new build's lines would be wrong.`,
    [
      { text: 'Record again to profile the current build,' },
      {
        text: "or, to read this profile, add the recorded binary (an old copy of it) to perf's build-id cache with {0} and open the profile again; perf record keeps every binary there unless run with --no-buildid-cache.",
        commands: [`perf buildid-cache --add <old copy of ${path.basename(binary)}>`],
      },
    ],
  );
}

export function programFailed(name: string, status: string, panic: string | null, stderrLines: string[]): Diagnostic {
  const last = stderrLines.length ? ` Its last lines on stderr:\n${stderrLines.map((l) => `  ${l}`).join('\n')}` : '';
  return warning(
    'program-failed',
    `${name} exited with ${status}${panic ? ` after a panic: ${panic}` : ''}; the profile up to that point is kept.${last}`,
  );
}

export function recordingLocked(pid: number, dir: string): UserError {
  return error('recording-locked', `Another recording is running into ${dir} (process ${pid}).`, [
    { text: 'Wait for it to finish or stop it ({0}).', commands: [`kill -INT ${pid}`] },
    { text: 'Or record into another folder with {flag}.', setting: setting('output'), only: 'terminal' },
  ]);
}

/** `--output DIR` already holds a perf.data: perf would rename it to perf.data.old without a word. */
export function outputHasPerfData(perfData: string): UserError {
  return error('output-has-perf-data', `${perfData} already exists: recording into that folder would replace it.`, [
    { text: 'Record into another folder with {flag} DIR,', setting: setting('output') },
    {
      text: 'or remove it first ({0}); without --output, each recording gets a new folder of its own.',
      commands: [`rm ${shellQuote(perfData)}`],
    },
  ]);
}

/**
 * Uncompressed, perf's zstd is the biggest saving (57-86x measured) and fp the
 * next; compressed, a DWARF sample is already about the size of an fp one.
 */
function smallerRecording(compressed: boolean): FixStep[] {
  return compressed
    ? []
    : [{ text: 'compress it with {setting} (about 50 times less data, where perf has zstd),', setting: setting('compression', 'zstd') }];
}

export function diskTooSmall(estimate: number, free: number, dir: string, compressed: boolean): UserError {
  return error('disk-too-small', `This recording would need about ${mb(estimate)} for perf.data, but ${dir} has ${mb(free)} free.`, [
    { text: 'Record for a shorter {flag},', setting: setting('duration') },
    { text: 'sample less often ({flag}),', setting: setting('frequency') },
    ...smallerRecording(compressed),
    { text: 'or record onto a disk with room ({flag} DIR).', setting: setting('output') },
  ]);
}

export function diskNoRoom(free: number, needed: number, dir: string, compressed: boolean): UserError {
  return error(
    'disk-no-room',
    `Only ${mb(free)} is free in ${dir}: perf needs about ${mb(needed)} of room to record and finish its file, so nothing was recorded.`,
    [
      { text: 'Free some space,' },
      ...smallerRecording(compressed),
      { text: 'or record onto a disk with room ({flag} DIR).', setting: setting('output') },
    ],
  );
}

/** perf stopped on ENOSPC (another writer filled the disk faster than the watch could stop it). */
export function diskFilledWhileRecording(perfData: string, perfText: string): UserError {
  return error(
    'disk-filled',
    `The disk filled up while perf was writing ${perfData}: the file is incomplete and perf cannot read it back (it is left there).`,
    [
      // The unreadable file stays (nothing recorded is deleted), but it would make the next recording into --output refuse.
      { text: 'Free some space, remove it ({0}) and record again,', commands: [`rm ${shellQuote(perfData)}`] },
      { text: 'or record onto a disk with room ({flag} DIR).', setting: setting('output') },
    ],
    perfText.trim(),
  );
}

export function diskMayFill(estimate: number, free: number, floor: number): Diagnostic {
  return warning(
    'disk-may-fill',
    `If the program keeps every CPU busy, perf.data could reach ${mb(estimate)}, more than the ${mb(free)} free; recording stops early if free space falls under ${mb(floor)}.`,
  );
}

export function diskLowStopped(free: number, floor: number, dir: string, compressed: boolean): Diagnostic {
  return warning(
    'disk-low-stopped',
    `Recording stopped early: free space in ${dir} fell to ${mb(free)} (under ${mb(floor)}). The profile so far is kept.`,
    [
      compressed
        ? { text: 'Free some space, or record for a shorter time.' }
        : { text: 'Free some space, or compress perf.data with {setting} (much less data).', setting: setting('compression', 'zstd') },
      { text: 'Or record onto another disk ({flag} DIR).', setting: setting('output'), only: 'terminal' },
    ],
  );
}

/** A target whose `required-features` the build does not enable: cargo would refuse it after reading the workspace; we say it first, with our flag. */
export function targetNeedsFeatures(kind: string, name: string, packageName: string, missing: string[]): UserError {
  const list = missing.join(',');
  const them = missing.length === 1 ? `the feature ${missing[0]}` : `the features ${missing.join(', ')}`;
  return error('needs-features', `${kind} ${name} of package ${packageName} requires ${them}, which this build does not enable.`, [
    {
      text: `Enable ${missing.length === 1 ? 'it' : 'them'} with {setting} (or --all-features).`,
      setting: setting('features', list),
      only: 'terminal',
    },
    {
      text: `Add ${missing.map((f) => JSON.stringify(f)).join(', ')} to {flag} (or turn on ${SETTINGS_SECTION}.allFeatures).`,
      setting: setting('features'),
      only: 'vscode',
    },
  ]);
}

/** `report`/`collapse` of a FIFO, a device, a folder: reading it could wait forever or never end. */
export function inputNotRegularFile(file: string, kind: string): UserError {
  return error('input-not-regular-file', `${file} is a ${kind}, not a file: only a perf.data or saved perf script text can be read.`, [
    { text: 'Save the output to a file first ({0}) and give that file.', commands: ['perf script > perf.txt'] },
  ]);
}

/** perf record ended by a signal (kill -9, the kernel's out-of-memory killer) before it wrote its file. */
export function perfRecordKilled(signal: string, perfData: string): UserError {
  return error('perf-record-killed', `perf was killed (${signal}) while recording, so ${perfData} is incomplete; the program was ended.`, [
    { text: 'Record again.' },
    { text: 'If nobody killed perf, the kernel may have (out of memory): look for it in {0}.', commands: ['sudo dmesg | tail'] },
  ]);
}

/**
 * The input of `report` or `collapse` could not be opened, by the errno code the system gave: ordinary
 * conditions (a typo, a file of root's), each with its own words and fix. Folders and pipes: inputNotRegularFile.
 */
export function inputNotReadable(file: string, code: string | undefined): UserError {
  const give = 'Give the path of a perf.data or of saved `perf script` output.';
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return error('input-missing', `${file} does not exist.`, [{ text: give }]);
    case 'EACCES':
    case 'EPERM':
      return error('input-not-permitted', `${file} cannot be read: permission denied.`, [
        {
          text: 'A perf.data recorded with sudo belongs to root: make it yours with {0}, or run as a user who can read it.',
          commands: [`sudo chown "$USER" ${shellQuote(file)}`],
        },
      ]);
    default:
      return error('input-unreadable', `${file} could not be read (${code ?? 'unknown error'}).`, [{ text: give }]);
  }
}

/** An output could not be written (the folder made, or a file in it), by errno code. Nothing half-written is left. */
export function outputNotWritable(target: string, code: string | undefined): UserError {
  const sentence = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
  const elsewhere = (lead: string): FixStep[] => [
    { text: sentence(`${lead}write the outputs to another folder ({flag} DIR).`), setting: setting('output'), only: 'terminal' },
    { text: sentence(`${lead}choose a folder you can write to.`), only: 'vscode' },
  ];
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return error('output-disk-full', `Could not write ${target}: the disk is full. Nothing was left half-written.`, [
        { text: 'Free some space and run again.' },
        ...elsewhere('Or '),
      ]);
    case 'EROFS':
      return error('output-read-only', `Could not write ${target}: it is on a read-only file system.`, elsewhere(''));
    case 'EACCES':
    case 'EPERM':
      return error(
        'output-not-permitted',
        `Could not write ${target}: permission denied.`,
        elsewhere('Make the folder writable for you, or '),
      );
    case 'ENOENT':
    case 'ENOTDIR':
      return error('output-no-folder', `Could not write ${target}: a part of its path is missing or is not a folder.`, elsewhere(''));
    default:
      return error('output-unwritable', `Could not write ${target} (${code ?? 'unknown error'}).`, elsewhere(''));
  }
}

/** The first lines of what a tool printed, for the details of a message (not GNU false's whole licence). */
function firstLines(output: string): string | undefined {
  const lines = output.trim().split('\n');
  return lines[0] ? lines.slice(0, 2).join('\n') : undefined;
}

/** The perf we were given starts but fails `perf version`: /bin/false, a broken wrapper, another program. */
export function perfNotWorking(perf: string, status: string, output: string): UserError {
  const said = output.trim() ? '' : ' and printed nothing';
  return error(
    'perf-not-working',
    `${perf} does not work as perf: \`${perf} version\` ${status}${said}.`,
    [{ text: 'Point PERF / {flag} at perf itself.', setting: setting('perfPath') }, ...PERF_INSTALL_FIX.slice(0, 1)],
    firstLines(output),
  );
}

/** The cargo we were given starts but fails `cargo --version`: /bin/false, a wrapper, another program. */
export function cargoNotWorking(cargo: string, status: string, output: string): UserError {
  const said = output.trim() ? '' : ' and printed nothing';
  return error(
    'cargo-not-working',
    `${cargo} does not work as cargo: \`${cargo} --version\` ${status}${said}.`,
    [
      { text: 'Point {flag} at cargo itself (~/.cargo/bin/cargo with rustup),', setting: setting('cargoPath') },
      { text: 'or install Rust with rustup (https://rustup.rs).' },
    ],
    firstLines(output),
  );
}
