// Every message as data, rendered for both readers: a snapshot table of each
// bad-day message (code → terminal text / VS Code text / commands / setting),
// Copy Command and Open Setting fed from the data, and the one failureOf that
// the worker, the host and the CLI share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as messages from '../../src/core/checks/messages';
import {
  eventReplaced,
  eventUnknown,
  kernelAddressesHidden,
  lostData,
  noSamples,
  perfNotPermitted,
  programFailed,
  recordingLocked,
  stacksDoNotUnwind,
} from '../../src/core/checks/messages';
import { addProfileWarnings, Diagnostic, editorView, profileDiagnostics, terminalText } from '../../src/model/diagnostics';
import { failureOf } from '../../src/protocol/failure';
import { parseEngineMessage } from '../../src/protocol/engineMessages';
import { describeError, UserError, userError } from '../../src/core/errors';

interface Row {
  made: (m: typeof messages) => Diagnostic | UserError;
  code: string;
  terminal: string;
  vscode: string;
  commands: string[];
  /** The setting Open Setting opens, with the value the fix asks for. */
  setting: string | undefined;
}

const TABLE: Row[] = [
  {
    made: (m) => m.perfNotFound('perf', 'ENOENT'),
    code: 'perf-not-found',
    terminal:
      'perf could not be run (perf: not found).\nInstall perf: Debian `sudo apt-get install linux-perf`; Ubuntu `sudo apt-get install linux-tools-$(uname -r) linux-tools-generic` (the first is perf for the running kernel, the second keeps it coming with kernel updates); Fedora `sudo dnf install perf`; Arch `sudo pacman -S perf`. Or point PERF / --perf at a perf binary.',
    vscode:
      'perf could not be run (perf: not found). Install perf: Debian `sudo apt-get install linux-perf`; Ubuntu `sudo apt-get install linux-tools-$(uname -r) linux-tools-generic` (the first is perf for the running kernel, the second keeps it coming with kernel updates); Fedora `sudo dnf install perf`; Arch `sudo pacman -S perf`. Or point PERF / rustFlamegraph.perfPath at a perf binary.',
    commands: [
      'sudo apt-get install linux-perf',
      'sudo apt-get install linux-tools-$(uname -r) linux-tools-generic',
      'sudo dnf install perf',
      'sudo pacman -S perf',
    ],
    setting: 'rustFlamegraph.perfPath',
  },
  {
    made: (m) => m.perfNotForThisKernel('6.5.0-14', ''),
    code: 'perf-not-for-this-kernel',
    terminal:
      'perf is installed, but not for the running kernel 6.5.0-14 (Ubuntu installs perf once per kernel version).\nInstall it for this kernel: `sudo apt-get install linux-tools-$(uname -r) linux-tools-generic`. If apt has no package for this kernel any more, reboot into the newest installed kernel and install it there.',
    vscode:
      'perf is installed, but not for the running kernel 6.5.0-14 (Ubuntu installs perf once per kernel version). Install it for this kernel: `sudo apt-get install linux-tools-$(uname -r) linux-tools-generic`. If apt has no package for this kernel any more, reboot into the newest installed kernel and install it there.',
    commands: ['sudo apt-get install linux-tools-$(uname -r) linux-tools-generic'],
    setting: undefined,
  },
  {
    made: (m) => m.wsl1CannotProfile(),
    code: 'wsl1',
    terminal:
      'This is WSL 1, which has no perf events: perf cannot record here.\nConvert the distribution to WSL 2 (in PowerShell: `wsl --set-version <distro> 2`), then install perf inside it.',
    vscode:
      'This is WSL 1, which has no perf events: perf cannot record here. Convert the distribution to WSL 2 (in PowerShell: `wsl --set-version <distro> 2`), then install perf inside it.',
    commands: ['wsl --set-version <distro> 2'],
    setting: undefined,
  },
  {
    made: (m) => m.perfNotPermitted(3, ''),
    code: 'perf-not-permitted',
    terminal:
      "perf was not allowed to record: kernel.perf_event_paranoid is 3 on this machine, and recording your own programs needs 1 or less when not root.\nAllow it for this boot:\n  sudo sysctl kernel.perf_event_paranoid=1\nFor every boot, also run:\n  echo 'kernel.perf_event_paranoid = 1' | sudo tee /etc/sysctl.d/99-perf.conf",
    vscode:
      "perf was not allowed to record: kernel.perf_event_paranoid is 3 on this machine, and recording your own programs needs 1 or less when not root. Allow it for this boot: `sudo sysctl kernel.perf_event_paranoid=1`. For every boot, also run: `echo 'kernel.perf_event_paranoid = 1' | sudo tee /etc/sysctl.d/99-perf.conf`.",
    commands: ['sudo sysctl kernel.perf_event_paranoid=1', "echo 'kernel.perf_event_paranoid = 1' | sudo tee /etc/sysctl.d/99-perf.conf"],
    setting: undefined,
  },
  {
    made: (m) => m.perfBufferNotLocked('', 1024),
    code: 'perf-buffer-not-locked',
    terminal:
      "perf could not lock memory for its ring buffer of 4 MB per CPU: kernel.perf_event_mlock_kb and the locked-memory limit allow less.\nAllow it for this boot:\n  sudo sysctl kernel.perf_event_mlock_kb=4100\nFor every boot, also run:\n  echo 'kernel.perf_event_mlock_kb = 4100' | sudo tee /etc/sysctl.d/99-perf-buffer.conf",
    vscode:
      "perf could not lock memory for its ring buffer of 4 MB per CPU: kernel.perf_event_mlock_kb and the locked-memory limit allow less. Allow it for this boot: `sudo sysctl kernel.perf_event_mlock_kb=4100`. For every boot, also run: `echo 'kernel.perf_event_mlock_kb = 4100' | sudo tee /etc/sysctl.d/99-perf-buffer.conf`.",
    commands: [
      'sudo sysctl kernel.perf_event_mlock_kb=4100',
      "echo 'kernel.perf_event_mlock_kb = 4100' | sudo tee /etc/sysctl.d/99-perf-buffer.conf",
    ],
    setting: undefined,
  },
  {
    made: (m) => m.kernelAddressesHidden(1),
    code: 'kernel-addresses-hidden',
    terminal:
      'Kernel frames show as [unknown]: kernel addresses are hidden (kernel.kptr_restrict is 1). To see them, run `sudo sysctl kernel.kptr_restrict=0` (for every boot: a line `kernel.kptr_restrict = 0` in /etc/sysctl.d/99-perf.conf).',
    vscode:
      'Kernel frames show as [unknown]: kernel addresses are hidden (kernel.kptr_restrict is 1). To see them, run `sudo sysctl kernel.kptr_restrict=0` (for every boot: a line `kernel.kptr_restrict = 0` in /etc/sysctl.d/99-perf.conf).',
    commands: ['sudo sysctl kernel.kptr_restrict=0'],
    setting: undefined,
  },
  {
    made: (m) => m.eventNotSupported('cycles', ''),
    code: 'event-not-supported',
    terminal:
      'This machine cannot count the cycles event (no hardware counters: usual in virtual machines and containers).\nRecord with --event cpu-clock instead, or leave the event unset: the default picks cpu-clock by itself where counters are missing.',
    vscode:
      'This machine cannot count the cycles event (no hardware counters: usual in virtual machines and containers). Record with "rustFlamegraph.event": "cpu-clock" instead, or leave the event unset: the default picks cpu-clock by itself where counters are missing.',
    commands: [],
    setting: 'rustFlamegraph.event = cpu-clock',
  },
  {
    made: (m) => m.eventUnknown('nosuch', ''),
    code: 'event-unknown',
    terminal: 'perf does not know the event "nosuch".\nRun `perf list` to see the events of this machine, or leave --event unset.',
    vscode:
      'perf does not know the event "nosuch". Run `perf list` to see the events of this machine, or leave rustFlamegraph.event unset.',
    commands: ['perf list'],
    setting: 'rustFlamegraph.event',
  },
  {
    made: (m) => m.eventReplaced('cycles', 'cpu-clock'),
    code: 'event-replaced',
    terminal: 'perf recorded cpu-clock instead of cycles: this machine cannot count cycles, so perf fell back to cpu-clock.',
    vscode: 'perf recorded cpu-clock instead of cycles: this machine cannot count cycles, so perf fell back to cpu-clock.',
    commands: [],
    setting: undefined,
  },
  {
    made: (m) => m.noLineTable('/t/app', 'RUSTFLAGS has `-C debuginfo=0`'),
    code: 'no-line-table',
    terminal:
      '/t/app was built without debug line tables for its own code (RUSTFLAGS has `-C debuginfo=0`), so frames have no file:line and cannot open their source. Fix: remove `-C strip=…` and `-C debuginfo=0` from RUSTFLAGS and from `[build] rustflags` in .cargo/config.toml (rust-flamegraph already turns debug info on in the cargo profile, but rustc flags override it).',
    vscode:
      '/t/app was built without debug line tables for its own code (RUSTFLAGS has `-C debuginfo=0`), so frames have no file:line and cannot open their source. Fix: remove `-C strip=…` and `-C debuginfo=0` from RUSTFLAGS and from `[build] rustflags` in .cargo/config.toml (rust-flamegraph already turns debug info on in the cargo profile, but rustc flags override it).',
    commands: [],
    setting: undefined,
  },
  {
    made: (m) => m.noSymbols('/t/app', null),
    code: 'no-symbols',
    terminal:
      '/t/app has no symbol table, so its functions show as [unknown]. Fix: remove `-C strip=…` and `-C debuginfo=0` from RUSTFLAGS and from `[build] rustflags` in .cargo/config.toml (rust-flamegraph already turns debug info on in the cargo profile, but rustc flags override it).',
    vscode:
      '/t/app has no symbol table, so its functions show as [unknown]. Fix: remove `-C strip=…` and `-C debuginfo=0` from RUSTFLAGS and from `[build] rustflags` in .cargo/config.toml (rust-flamegraph already turns debug info on in the cargo profile, but rustc flags override it).',
    commands: [],
    setting: undefined,
  },
  {
    made: (m) => m.binaryWithoutLines('/t/app'),
    code: 'binary-without-lines',
    terminal:
      '/t/app has no debug line table, so its frames have no file:line. Build it with debug info (CARGO_PROFILE_RELEASE_DEBUG=true).',
    vscode: '/t/app has no debug line table, so its frames have no file:line. Build it with debug info (CARGO_PROFILE_RELEASE_DEBUG=true).',
    commands: [],
    setting: undefined,
  },
  {
    made: (m) =>
      m.binaryChanged('/t/target/release/app', 'e056cf6c0123456789abcdef0011223344556677', 'a389fa810123456789abcdef0011223344556677'),
    code: 'binary-changed',
    terminal:
      "/t/target/release/app changed since this profile was recorded (rebuilt or replaced: build-id e056cf6c… then, a389fa81… now), and perf's build-id cache holds no copy of the recorded build: its frames keep perf's names, without source lines, because the new build's lines would be wrong. Record again to profile the current build, or, to read this profile, add the recorded binary (an old copy of it) to perf's build-id cache with `perf buildid-cache --add <old copy of app>` and open the profile again; perf record keeps every binary there unless run with --no-buildid-cache.",
    vscode:
      "/t/target/release/app changed since this profile was recorded (rebuilt or replaced: build-id e056cf6c… then, a389fa81… now), and perf's build-id cache holds no copy of the recorded build: its frames keep perf's names, without source lines, because the new build's lines would be wrong. Record again to profile the current build, or, to read this profile, add the recorded binary (an old copy of it) to perf's build-id cache with `perf buildid-cache --add <old copy of app>` and open the profile again; perf record keeps every binary there unless run with --no-buildid-cache.",
    commands: ['perf buildid-cache --add <old copy of app>'],
    setting: undefined,
  },
  {
    made: (m) => m.otherEventsLeftOut(3, 'cycles'),
    code: 'other-events-left-out',
    terminal: '3 samples of other events than cycles were left out.',
    vscode: '3 samples of other events than cycles were left out.',
    commands: [],
    setting: undefined,
  },
  {
    made: (m) => m.stacksDoNotUnwind(80, 'one frame', 'fp'),
    code: 'stacks-do-not-unwind',
    terminal:
      '80% of the samples have call stacks that stop after a single frame: perf could not unwind them, so the flamegraph misses their callers. With frame-pointer call graphs the program needs frame pointers: build with RUSTFLAGS="-C force-frame-pointers=yes", or record with --call-graph dwarf (the default).',
    vscode:
      '80% of the samples have call stacks that stop after a single frame: perf could not unwind them, so the flamegraph misses their callers. With frame-pointer call graphs the program needs frame pointers: build with RUSTFLAGS="-C force-frame-pointers=yes", or record with "rustFlamegraph.callGraph": "dwarf" (the default).',
    commands: [],
    setting: 'rustFlamegraph.callGraph = dwarf',
  },
  {
    made: (m) => m.stacksDoNotUnwind(80, 'unknown', 'lbr'),
    code: 'stacks-do-not-unwind',
    terminal:
      '80% of the samples have call stacks that end in [unknown] frames: perf could not unwind them, so the flamegraph misses their callers. LBR call stacks are only 8-32 calls deep: record with --call-graph dwarf (the default).',
    vscode:
      '80% of the samples have call stacks that end in [unknown] frames: perf could not unwind them, so the flamegraph misses their callers. LBR call stacks are only 8-32 calls deep: record with "rustFlamegraph.callGraph": "dwarf" (the default).',
    commands: [],
    setting: 'rustFlamegraph.callGraph = dwarf',
  },
  {
    made: (m) => m.stacksDoNotUnwind(80, 'early', 'dwarf,32768'),
    code: 'stacks-do-not-unwind',
    terminal:
      '80% of the samples have call stacks that stop before reaching the thread\'s entry point (_start): perf could not unwind them, so the flamegraph misses their callers. DWARF unwinding needs debug info in every binary (see any warning above) and enough stack copied: try --call-graph dwarf,65528, or build with RUSTFLAGS="-C force-frame-pointers=yes" and record with --call-graph fp.',
    vscode:
      '80% of the samples have call stacks that stop before reaching the thread\'s entry point (_start): perf could not unwind them, so the flamegraph misses their callers. DWARF unwinding needs debug info in every binary (see any warning above); otherwise build with RUSTFLAGS="-C force-frame-pointers=yes" and record with "rustFlamegraph.callGraph": "fp".',
    commands: [],
    setting: 'rustFlamegraph.callGraph = fp',
  },
  {
    made: (m) => m.tooFewSamples(40, 997),
    code: 'too-few-samples',
    terminal:
      'Only 40 samples were recorded (about 0.04 s of CPU time): too few to tell hot code from chance. Give the program a longer input, or sample more often with --freq 9973 (perf allows up to kernel.perf_event_max_sample_rate).',
    vscode:
      'Only 40 samples were recorded (about 0.04 s of CPU time): too few to tell hot code from chance. Give the program a longer input, or sample more often with "rustFlamegraph.frequency": 9973 (perf allows up to kernel.perf_event_max_sample_rate).',
    commands: [],
    setting: 'rustFlamegraph.frequency = 9973',
  },
  {
    made: (m) => m.tooFewSamples(40, 20000),
    code: 'too-few-samples',
    terminal:
      'Only 40 samples were recorded (about 0.00 s of CPU time): too few to tell hot code from chance. Give the program a longer input, or sample more often with a higher --freq (perf allows up to kernel.perf_event_max_sample_rate).',
    vscode:
      'Only 40 samples were recorded (about 0.00 s of CPU time): too few to tell hot code from chance. Give the program a longer input, or sample more often with a higher rustFlamegraph.frequency (perf allows up to kernel.perf_event_max_sample_rate).',
    commands: [],
    setting: 'rustFlamegraph.frequency',
  },
  {
    made: (m) => m.noSamples('/t/perf.data'),
    code: 'no-samples',
    terminal:
      'The recording holds no samples (kept in /t/perf.data).\nThe program ended too quickly to be sampled: give it a longer input, or raise --freq.',
    vscode:
      'The recording holds no samples (kept in /t/perf.data). The program ended too quickly to be sampled: give it a longer input, or raise rustFlamegraph.frequency.',
    commands: [],
    setting: 'rustFlamegraph.frequency',
  },
  {
    made: (m) => m.lostData(40, 9.43),
    code: 'lost-data',
    terminal:
      'perf lost 40 chunks of events and 9.43% of the samples (it could not write them in time), so the flamegraph undercounts. A lower --freq helps, as does --call-graph fp (much less data per sample).',
    vscode:
      'perf lost 40 chunks of events and 9.43% of the samples (it could not write them in time), so the flamegraph undercounts. A lower rustFlamegraph.frequency helps, as does "rustFlamegraph.callGraph": "fp" (much less data per sample).',
    commands: [],
    setting: 'rustFlamegraph.frequency',
  },
  {
    made: (m) => m.programFailed('app', 'exit status 3', null, ['a', 'b']),
    code: 'program-failed',
    terminal: 'app exited with exit status 3; the profile up to that point is kept. Its last lines on stderr:\n  a\n  b',
    vscode: 'app exited with exit status 3; the profile up to that point is kept. Its last lines on stderr:\n  a\n  b',
    commands: [],
    setting: undefined,
  },
  {
    made: (m) => m.recordingLocked(123, '/t/out'),
    code: 'recording-locked',
    terminal:
      'Another recording is running into /t/out (process 123).\nWait for it to finish or stop it (`kill -INT 123`). Or record into another folder with --output.',
    vscode: 'Another recording is running into /t/out (process 123). Wait for it to finish or stop it (`kill -INT 123`).',
    commands: ['kill -INT 123'],
    setting: undefined,
  },
  {
    made: (m) => m.outputHasPerfData('/t/my out/perf.data'),
    code: 'output-has-perf-data',
    terminal:
      "/t/my out/perf.data already exists: recording into that folder would replace it.\nRecord into another folder with --output DIR, or remove it first (`rm '/t/my out/perf.data'`); without --output, each recording gets a new folder of its own.",
    vscode:
      "/t/my out/perf.data already exists: recording into that folder would replace it. Record into another folder with --output DIR, or remove it first (`rm '/t/my out/perf.data'`); without --output, each recording gets a new folder of its own.",
    commands: ["rm '/t/my out/perf.data'"],
    setting: undefined,
  },
  {
    made: (m) => m.diskTooSmall(2021e6, 64e6, '/t/out', false),
    code: 'disk-too-small',
    terminal:
      'This recording would need about 2021 MB for perf.data, but /t/out has 64 MB free.\nRecord for a shorter --duration, sample less often (--freq), compress it with --compression zstd (about 50 times less data, where perf has zstd), or record onto a disk with room (--output DIR).',
    vscode:
      'This recording would need about 2021 MB for perf.data, but /t/out has 64 MB free. Record for a shorter --duration, sample less often (rustFlamegraph.frequency), compress it with "rustFlamegraph.compression": "zstd" (about 50 times less data, where perf has zstd), or record onto a disk with room (--output DIR).',
    commands: [],
    setting: 'rustFlamegraph.frequency',
  },
  {
    made: (m) => m.diskTooSmall(61e6, 64e6, '/t/out', true),
    code: 'disk-too-small',
    terminal:
      'This recording would need about 61 MB for perf.data, but /t/out has 64 MB free.\nRecord for a shorter --duration, sample less often (--freq), or record onto a disk with room (--output DIR).',
    vscode:
      'This recording would need about 61 MB for perf.data, but /t/out has 64 MB free. Record for a shorter --duration, sample less often (rustFlamegraph.frequency), or record onto a disk with room (--output DIR).',
    commands: [],
    setting: 'rustFlamegraph.frequency',
  },
  {
    made: (m) => m.diskNoRoom(6e6, 25e6, '/t/out', false),
    code: 'disk-no-room',
    terminal:
      'Only 6 MB is free in /t/out: perf needs about 25 MB of room to record and finish its file, so nothing was recorded.\nFree some space, compress it with --compression zstd (about 50 times less data, where perf has zstd), or record onto a disk with room (--output DIR).',
    vscode:
      'Only 6 MB is free in /t/out: perf needs about 25 MB of room to record and finish its file, so nothing was recorded. Free some space, compress it with "rustFlamegraph.compression": "zstd" (about 50 times less data, where perf has zstd), or record onto a disk with room (--output DIR).',
    commands: [],
    setting: 'rustFlamegraph.compression = zstd',
  },
  {
    made: (m) => m.diskFilledWhileRecording('/t/out/perf.data', ''),
    code: 'disk-filled',
    terminal:
      'The disk filled up while perf was writing /t/out/perf.data: the file is incomplete and perf cannot read it back (it is left there).\nFree some space, remove it (`rm /t/out/perf.data`) and record again, or record onto a disk with room (--output DIR).',
    vscode:
      'The disk filled up while perf was writing /t/out/perf.data: the file is incomplete and perf cannot read it back (it is left there). Free some space, remove it (`rm /t/out/perf.data`) and record again, or record onto a disk with room (--output DIR).',
    commands: ['rm /t/out/perf.data'],
    setting: undefined,
  },
  {
    made: (m) => m.diskMayFill(3e9, 1e9, 250e6),
    code: 'disk-may-fill',
    terminal:
      'If the program keeps every CPU busy, perf.data could reach 3000 MB, more than the 1000 MB free; recording stops early if free space falls under 250 MB.',
    vscode:
      'If the program keeps every CPU busy, perf.data could reach 3000 MB, more than the 1000 MB free; recording stops early if free space falls under 250 MB.',
    commands: [],
    setting: undefined,
  },
  {
    made: (m) => m.diskLowStopped(15e6, 16e6, '/t/out', false),
    code: 'disk-low-stopped',
    terminal:
      'Recording stopped early: free space in /t/out fell to 15 MB (under 16 MB). The profile so far is kept. Free some space, or compress perf.data with --compression zstd (much less data). Or record onto another disk (--output DIR).',
    vscode:
      'Recording stopped early: free space in /t/out fell to 15 MB (under 16 MB). The profile so far is kept. Free some space, or compress perf.data with "rustFlamegraph.compression": "zstd" (much less data).',
    commands: [],
    setting: 'rustFlamegraph.compression = zstd',
  },
  {
    made: (m) => m.diskLowStopped(15e6, 16e6, '/t/out', true),
    code: 'disk-low-stopped',
    terminal:
      'Recording stopped early: free space in /t/out fell to 15 MB (under 16 MB). The profile so far is kept. Free some space, or record for a shorter time. Or record onto another disk (--output DIR).',
    vscode:
      'Recording stopped early: free space in /t/out fell to 15 MB (under 16 MB). The profile so far is kept. Free some space, or record for a shorter time.',
    commands: [],
    setting: undefined,
  },
  {
    made: (m) => m.cargoNotRunnable('cargo', 'ENOENT'),
    code: 'cargo-not-runnable',
    terminal:
      'Could not run cargo (cargo): ENOENT.\nInstall Rust with rustup (https://rustup.rs), or set the cargo path (the CARGO environment variable).',
    vscode:
      'Could not run cargo (cargo): ENOENT. Install Rust with rustup (https://rustup.rs), or set the cargo path (rustFlamegraph.cargoPath).',
    commands: [],
    setting: 'rustFlamegraph.cargoPath',
  },
  {
    made: (m) => m.targetNeedsFeatures('bin', 'needs-extra', 'app', ['extra', 'more']),
    code: 'needs-features',
    terminal:
      'bin needs-extra of package app requires the features extra, more, which this build does not enable.\nEnable them with --features extra,more (or --all-features).',
    vscode:
      'bin needs-extra of package app requires the features extra, more, which this build does not enable. Add "extra", "more" to rustFlamegraph.features (or turn on rustFlamegraph.allFeatures).',
    commands: [],
    setting: 'rustFlamegraph.features',
  },
  {
    made: (m) => m.inputNotRegularFile('/t/pipe', 'FIFO (named pipe)'),
    code: 'input-not-regular-file',
    terminal:
      '/t/pipe is a FIFO (named pipe), not a file: only a perf.data or saved perf script text can be read.\nSave the output to a file first (`perf script > perf.txt`) and give that file.',
    vscode:
      '/t/pipe is a FIFO (named pipe), not a file: only a perf.data or saved perf script text can be read. Save the output to a file first (`perf script > perf.txt`) and give that file.',
    commands: ['perf script > perf.txt'],
    setting: undefined,
  },
  {
    made: (m) => m.perfRecordKilled('SIGKILL', '/t/out/perf.data'),
    code: 'perf-record-killed',
    terminal:
      'perf was killed (SIGKILL) while recording, so /t/out/perf.data is incomplete; the program was ended.\nRecord again. If nobody killed perf, the kernel may have (out of memory): look for it in `sudo dmesg | tail`.',
    vscode:
      'perf was killed (SIGKILL) while recording, so /t/out/perf.data is incomplete; the program was ended. Record again. If nobody killed perf, the kernel may have (out of memory): look for it in `sudo dmesg | tail`.',
    commands: ['sudo dmesg | tail'],
    setting: undefined,
  },
  {
    made: (m) => m.inputNotReadable('/t/saved.txt', 'ENOENT'),
    code: 'input-missing',
    terminal: '/t/saved.txt does not exist.\nGive the path of a perf.data or of saved `perf script` output.',
    vscode: '/t/saved.txt does not exist. Give the path of a perf.data or of saved `perf script` output.',
    commands: [],
    setting: undefined,
  },
  {
    made: (m) => m.inputNotReadable('/t/perf.data', 'EACCES'),
    code: 'input-not-permitted',
    terminal:
      '/t/perf.data cannot be read: permission denied.\nA perf.data recorded with sudo belongs to root: make it yours with `sudo chown "$USER" /t/perf.data`, or run as a user who can read it.',
    vscode:
      '/t/perf.data cannot be read: permission denied. A perf.data recorded with sudo belongs to root: make it yours with `sudo chown "$USER" /t/perf.data`, or run as a user who can read it.',
    commands: ['sudo chown "$USER" /t/perf.data'],
    setting: undefined,
  },
  {
    made: (m) => m.inputNotReadable('/t/x', 'EIO'),
    code: 'input-unreadable',
    terminal: '/t/x could not be read (EIO).\nGive the path of a perf.data or of saved `perf script` output.',
    vscode: '/t/x could not be read (EIO). Give the path of a perf.data or of saved `perf script` output.',
    commands: [],
    setting: undefined,
  },
  {
    made: (m) => m.outputNotWritable('/t/out', 'ENOSPC'),
    code: 'output-disk-full',
    terminal:
      'Could not write /t/out: the disk is full. Nothing was left half-written.\nFree some space and run again. Or write the outputs to another folder (--output DIR).',
    vscode:
      'Could not write /t/out: the disk is full. Nothing was left half-written. Free some space and run again. Or choose a folder you can write to.',
    commands: [],
    setting: undefined,
  },
  {
    made: (m) => m.outputNotWritable('/t/out', 'EROFS'),
    code: 'output-read-only',
    terminal: 'Could not write /t/out: it is on a read-only file system.\nWrite the outputs to another folder (--output DIR).',
    vscode: 'Could not write /t/out: it is on a read-only file system. Choose a folder you can write to.',
    commands: [],
    setting: undefined,
  },
  {
    made: (m) => m.outputNotWritable('/t/out', 'EACCES'),
    code: 'output-not-permitted',
    terminal:
      'Could not write /t/out: permission denied.\nMake the folder writable for you, or write the outputs to another folder (--output DIR).',
    vscode: 'Could not write /t/out: permission denied. Make the folder writable for you, or choose a folder you can write to.',
    commands: [],
    setting: undefined,
  },
  {
    made: (m) => m.outputNotWritable('/t/out', 'ENOTDIR'),
    code: 'output-no-folder',
    terminal:
      'Could not write /t/out: a part of its path is missing or is not a folder.\nWrite the outputs to another folder (--output DIR).',
    vscode: 'Could not write /t/out: a part of its path is missing or is not a folder. Choose a folder you can write to.',
    commands: [],
    setting: undefined,
  },
  {
    made: (m) => m.outputNotWritable('/t/out', 'EFBIG'),
    code: 'output-unwritable',
    terminal: 'Could not write /t/out (EFBIG).\nWrite the outputs to another folder (--output DIR).',
    vscode: 'Could not write /t/out (EFBIG). Choose a folder you can write to.',
    commands: [],
    setting: undefined,
  },
  {
    made: (m) => m.perfNotWorking('/bin/false', 'exited with 1', ''),
    code: 'perf-not-working',
    terminal:
      '/bin/false does not work as perf: `/bin/false version` exited with 1 and printed nothing.\nPoint PERF / --perf at perf itself. Install perf: Debian `sudo apt-get install linux-perf`; Ubuntu `sudo apt-get install linux-tools-$(uname -r) linux-tools-generic` (the first is perf for the running kernel, the second keeps it coming with kernel updates); Fedora `sudo dnf install perf`; Arch `sudo pacman -S perf`.',
    vscode:
      '/bin/false does not work as perf: `/bin/false version` exited with 1 and printed nothing. Point PERF / rustFlamegraph.perfPath at perf itself. Install perf: Debian `sudo apt-get install linux-perf`; Ubuntu `sudo apt-get install linux-tools-$(uname -r) linux-tools-generic` (the first is perf for the running kernel, the second keeps it coming with kernel updates); Fedora `sudo dnf install perf`; Arch `sudo pacman -S perf`.',
    commands: [
      'sudo apt-get install linux-perf',
      'sudo apt-get install linux-tools-$(uname -r) linux-tools-generic',
      'sudo dnf install perf',
      'sudo pacman -S perf',
    ],
    setting: 'rustFlamegraph.perfPath',
  },
  {
    made: (m) => m.cargoNotWorking('/bin/false', 'exited with 1', 'false (GNU coreutils) 9.1\nCopyright'),
    code: 'cargo-not-working',
    terminal:
      '/bin/false does not work as cargo: `/bin/false --version` exited with 1.\nPoint the CARGO environment variable at cargo itself (~/.cargo/bin/cargo with rustup), or install Rust with rustup (https://rustup.rs).',
    vscode:
      '/bin/false does not work as cargo: `/bin/false --version` exited with 1. Point rustFlamegraph.cargoPath at cargo itself (~/.cargo/bin/cargo with rustup), or install Rust with rustup (https://rustup.rs).',
    commands: [],
    setting: 'rustFlamegraph.cargoPath',
  },
];

const diagnosticOf = (x: Diagnostic | UserError): Diagnostic => (x instanceof UserError ? x.diagnostic : x);

test('each bad-day message renders for the terminal (flags, commands on their own lines) and for VS Code (settings, buttons)', () => {
  for (const row of TABLE) {
    const made = row.made(messages);
    const d = diagnosticOf(made);
    assert.equal(d.code, row.code);
    assert.equal(d.severity, made instanceof UserError ? 'error' : 'warning', row.code);
    assert.equal(terminalText(d), row.terminal, row.code);
    const view = editorView(d);
    assert.equal(view.text, row.vscode, row.code);
    assert.deepEqual(view.commands, row.commands, row.code);
    assert.equal(
      view.setting && `${view.setting.key}${view.setting.value !== undefined ? ` = ${view.setting.value}` : ''}`,
      row.setting,
      row.code,
    );
    assert.doesNotMatch(view.text, /--(freq|call-graph|event|perf)\b/, `${row.code}: VS Code names settings, not flags`);
  }
});

test('the table covers every message of checks/messages.ts, and codes are unique', () => {
  const called = new Map<string, string>();
  const spy = new Proxy(messages, {
    get:
      (target, name: string) =>
      (...args: unknown[]) => {
        const made = (target as unknown as Record<string, (...a: unknown[]) => Diagnostic | UserError>)[name](...args);
        called.set(name, diagnosticOf(made).code);
        return made;
      },
  });
  for (const row of TABLE) row.made(spy);
  const exported = Object.entries(messages)
    .filter(([, v]) => typeof v === 'function')
    .map(([k]) => k);
  assert.deepEqual(
    exported.filter((name) => !called.has(name)),
    [],
    'messages missing from the table',
  );
  assert.equal(new Set(called.values()).size, called.size, 'one code per message');
});

test("buttons come from the data: Copy Command copies the fix's commands, Open Setting opens its setting, Show Log always", () => {
  const paranoid = editorView(perfNotPermitted(2, '').diagnostic);
  assert.deepEqual(paranoid.actions, ['Copy Command', 'Show Log']);
  assert.deepEqual(paranoid.commands, [
    'sudo sysctl kernel.perf_event_paranoid=1',
    "echo 'kernel.perf_event_paranoid = 1' | sudo tee /etc/sysctl.d/99-perf.conf",
  ]);
  const unwind = editorView(stacksDoNotUnwind(90, 'one frame', 'fp'));
  assert.deepEqual(unwind.actions, ['Open Setting', 'Show Log']);
  assert.deepEqual(unwind.setting, { key: 'rustFlamegraph.callGraph', cliFlag: '--call-graph', value: 'dwarf' });
  assert.deepEqual(editorView(eventUnknown('x', '').diagnostic).actions, ['Copy Command', 'Open Setting', 'Show Log']);
  assert.deepEqual(editorView(eventReplaced('cycles', 'cpu-clock')).actions, ['Show Log']);
  // A command named only in prose is not offered: nothing is scraped back out of the words.
  const prose: Diagnostic = { code: 'x', severity: 'warning', text: 'Run `sudo sysctl kernel.kptr_restrict=0` yourself.' };
  assert.deepEqual(editorView(prose).commands, []);
  // Several warnings, one notification: every command and the first setting.
  const both = editorView(kernelAddressesHidden(1), lostData(3, null));
  assert.deepEqual(both.commands, ['sudo sysctl kernel.kptr_restrict=0']);
  assert.equal(both.setting?.key, 'rustFlamegraph.frequency');
  assert.deepEqual(both.actions, ['Copy Command', 'Open Setting', 'Show Log']);
});

test('failureOf: a UserError keeps its diagnostic, an AbortError or an aborted job is a cancel, anything else is a bug', () => {
  const locked = failureOf(recordingLocked(7, '/t'));
  assert.equal(locked.userError, true);
  assert.equal(locked.cancelled, false);
  assert.equal(locked.diagnostic.code, 'recording-locked');
  assert.equal(locked.message, 'Another recording is running into /t (process 7).');
  const build = failureOf(userError('build-failed', 'The build failed.', 'Fix the errors below.', 'error[E0308]: mismatched types'));
  assert.equal(build.details, 'error[E0308]: mismatched types');
  const abort = new Error('This operation was aborted');
  abort.name = 'AbortError';
  assert.equal(failureOf(abort).cancelled, true);
  assert.equal(failureOf(new DOMException('stop', 'AbortError')).cancelled, true);
  assert.equal(failureOf(recordingLocked(7, '/t'), true).cancelled, true, 'whatever a cancelled job threw on its way out');
  const bug = failureOf(new TypeError('x is undefined'));
  assert.equal(bug.userError, false);
  assert.equal(bug.diagnostic.code, 'internal-error');
  assert.match(bug.details ?? '', /TypeError: x is undefined\n\s+at /);
  assert.equal(
    terminalText(bug.diagnostic),
    'Internal error: x is undefined\nThis is a bug in rust-flamegraph; run again with --verbose for details and report it.',
  );
  assert.equal(
    editorView(bug.diagnostic).text,
    'Internal error: x is undefined This is a bug in Rust Flamegraph; the log has the details.',
  );
  assert.equal(
    describeError('plain string'),
    'Internal error: plain string\nThis is a bug in rust-flamegraph; run again with --verbose for details and report it.',
  );
  assert.equal(
    describeError(perfNotPermitted(null, 'perf said no')),
    `${terminalText(perfNotPermitted(null, '').diagnostic)}\nperf said no`,
    'the terminal prints the details last',
  );
});

test("a failure crosses the worker's channel as data", () => {
  const f = failureOf(noSamples('/t/perf.data'));
  const parsed = parseEngineMessage(JSON.parse(JSON.stringify({ type: 'error', error: f })));
  assert.deepEqual(parsed, { type: 'error', error: JSON.parse(JSON.stringify(f)) });
  assert.equal(parseEngineMessage({ type: 'error', error: { message: 'no diagnostic' } }), undefined);
});

test('profile warnings are data in meta.diagnostics, with meta.warnings as the terminal words them; old profiles are read from their texts', () => {
  const meta = { warnings: [] as string[] } as { warnings: string[]; diagnostics?: Diagnostic[] };
  addProfileWarnings(meta, [programFailed('app', 'exit status 101', null, [])]);
  addProfileWarnings(meta, [lostData(2, null)]);
  assert.deepEqual(
    meta.diagnostics!.map((d) => d.code),
    ['program-failed', 'lost-data'],
  );
  assert.deepEqual(meta.warnings, meta.diagnostics!.map(terminalText));
  const old = profileDiagnostics({ warnings: ['perf lost 3 chunks of events'] });
  assert.deepEqual(old, [{ code: 'warning', severity: 'warning', text: 'perf lost 3 chunks of events' }]);
  assert.deepEqual(editorView(...old).actions, ['Show Log']);
});
