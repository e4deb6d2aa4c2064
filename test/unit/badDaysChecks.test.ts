// The bad-day checks on their own: perf's real texts classified, the lock,
// the disk estimate, the stripping flags, WSL 1, names perf leaves escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import {
  classifyRecordFailure,
  lostCounts,
  paranoidLevelIn,
  programStderrLines,
  kernelMapsRestricted,
} from '../../src/core/checks/perfRecordFailure';
import { isWsl1, readProcVersion, readSysctl } from '../../src/core/checks/systemFiles';
import { strippingFlag } from '../../src/core/checks/debugInfo';
import { perfNotPermitted, perfNotFound, eventNotSupported } from '../../src/core/checks/messages';
import { commandsOf } from '../../src/model/diagnostics';
import { locateSource } from '../../src/extension/sourceLocator';
import { acquireRecordingLock, recordingLockHolder, LOCK_FILE } from '../../src/core/checks/recordingLock';
import {
  bytesPerSample,
  estimateRecordingBytes,
  finishHeadroom,
  freeBytes,
  planDiskSpace,
  freeSpaceFloor,
} from '../../src/core/checks/diskSpace';
import { perfWrapperFailure } from '../../src/core/checks/perfInstall';
import { parseLocation } from '../../src/core/symbols/addr2line';
import { displaySymbolName } from '../../src/core/symbols/demangle';
import { UserError } from '../../src/core/errors';

const PERF61_EACCES = `Error:
Access to performance monitoring and observability operations is limited.
Consider adjusting /proc/sys/kernel/perf_event_paranoid setting to open
access to performance monitoring and observability operations for processes
without CAP_PERFMON, CAP_SYS_PTRACE or CAP_SYS_ADMIN Linux capability.
More information can be found at 'Perf events and tool security' document:
https://www.kernel.org/doc/html/latest/admin-guide/perf-security.html
perf_event_paranoid setting is 2:
`;

test("perf record's failures are told apart by perf's own words", () => {
  const perm = classifyRecordFailure(PERF61_EACCES, { event: 'cpu-clock', paranoid: null });
  assert.ok(perm instanceof UserError);
  assert.match(perm.message, /kernel\.perf_event_paranoid is 2 on this machine/, 'the level perf printed, when /proc was not readable');
  assert.match(perm.fix!, /sudo sysctl kernel\.perf_event_paranoid=1/);
  assert.equal(paranoidLevelIn('The current value is 3:\n'), 3, 'older perfs');
  assert.match(
    classifyRecordFailure('Error:\nThe instructions event is not supported.\n', { event: 'instructions', paranoid: 2 })!.message,
    /cannot count the instructions event/,
  );
  assert.match(
    classifyRecordFailure("event syntax error: 'nosuch'\n", { event: 'nosuch', paranoid: 2 })!.message,
    /perf does not know the event "nosuch"/,
  );
  assert.match(
    classifyRecordFailure('WARNING: perf not found for kernel 6.5.0-14\n', { event: 'cycles', paranoid: 2 })!.message,
    /not for the running kernel 6\.5\.0-14/,
  );
  assert.equal(classifyRecordFailure('Segmentation fault\n', { event: 'cycles', paranoid: 2 }), null);
  assert.equal(perfWrapperFailure('perf version 6.1\n'), null);
});

test("perf's lost-data lines are counted; the program's stderr is told from perf's", () => {
  // As perf 6.1 printed them here with a one-page buffer.
  const text =
    '[ perf record: Woken up 5 times to write data ]\nWarning:\nProcessed 121 events and lost 40 chunks!\n\nCheck IO/CPU overload!\n\nWarning:\nProcessed 39983 samples and lost 9.43%!\n\n[ perf record: Captured and wrote 0.009 MB /tmp/lost.data ]\n';
  assert.deepEqual(lostCounts(text), { lostChunks: 40, lostSamplesPercent: 9.43 });
  assert.deepEqual(lostCounts('[ perf record: Captured and wrote 1 MB x (3 samples) ]'), { lostChunks: 0, lostSamplesPercent: null });
  assert.deepEqual(programStderrLines(`starting\nerror: no input\n${text}`, 5), ['starting', 'error: no input']);
  assert.ok(kernelMapsRestricted('WARNING: Kernel address maps (/proc/{kallsyms,modules}) are restricted,\n'));
  assert.ok(kernelMapsRestricted('Kernel address maps (/proc/{kallsyms,modules}) were restricted.\n'), 'perf report/script say it so');
});

test('WSL 1 is recognized from /proc/version; WSL 2 and other kernels are not', async () => {
  assert.ok(isWsl1('Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #1237-Microsoft'));
  assert.ok(!isWsl1('Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1) (gcc (GCC) 11.2.0) #1 SMP'));
  assert.ok(!isWsl1('Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org)'));
  const proc = mkdtempSync(path.join(tmpdir(), 'rf-proc-'));
  assert.equal(await readSysctl('kernel.perf_event_paranoid', { procDir: proc }), null, 'unreadable is unknown, not 0');
  assert.equal(typeof (await readSysctl('kernel.perf_event_paranoid')), 'number', 'the real /proc');
});

test('rustc flags that remove debug info are found in RUSTFLAGS and CARGO_ENCODED_RUSTFLAGS', () => {
  assert.equal(strippingFlag({ RUSTFLAGS: '-C target-cpu=native -C strip=symbols' }), 'RUSTFLAGS has `-C strip=symbols`');
  assert.equal(strippingFlag({ RUSTFLAGS: '-Cdebuginfo=0' }), 'RUSTFLAGS has `-C debuginfo=0`');
  assert.equal(strippingFlag({ CARGO_ENCODED_RUSTFLAGS: '-C\x1fstrip=debuginfo' }), 'CARGO_ENCODED_RUSTFLAGS has `-C strip=debuginfo`');
  assert.equal(strippingFlag({ RUSTFLAGS: '-C force-frame-pointers=yes -C debuginfo=2' }), null);
  assert.equal(strippingFlag({}), null);
});

test('the recording lock: one holder at a time, the same process included; a dead holder is stale', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-lock-'));
  const lock = await acquireRecordingLock(dir);
  assert.equal(await recordingLockHolder(dir), process.pid);
  await assert.rejects(
    acquireRecordingLock(dir),
    (e: UserError) => e.message.includes(`(process ${process.pid})`),
    'the extension host records from one pid',
  );
  await lock.release();
  assert.equal(existsSync(path.join(dir, LOCK_FILE)), false);
  const dead = spawnSync('true').pid!;
  writeFileSync(path.join(dir, LOCK_FILE), `${dead}\n`);
  assert.equal(await recordingLockHolder(dir), null);
  const again = await acquireRecordingLock(dir);
  assert.equal(await recordingLockHolder(dir), process.pid);
  await again.release();
});

test('disk: bytes per sample follow the copied stack; a duration that cannot fit is refused, one that may not is warned', async () => {
  assert.equal(bytesPerSample('dwarf,32768'), 33792, 'measured: 65.9 MB for 1995 samples of dwarf,32768');
  assert.equal(bytesPerSample('fp'), 1024);
  assert.equal(estimateRecordingBytes({ callGraph: 'dwarf,32768', frequency: 997, durationSeconds: 60, threads: 1 }), 33792 * 997 * 60);
  // perf's zstd: measured 384-980 bytes per sample (bench/recordingBench.ts); the estimate is 2 KB.
  assert.equal(bytesPerSample('dwarf,32768', true), 2048);
  assert.equal(bytesPerSample('fp', true), 1024, 'never more than uncompressed');
  assert.equal(
    estimateRecordingBytes({ callGraph: 'dwarf,32768', compressed: true, frequency: 997, durationSeconds: 60, threads: 1 }),
    2048 * 997 * 60,
  );
  assert.equal(freeSpaceFloor(64e6), 16e6, 'a quarter of a small disk');
  assert.equal(freeSpaceFloor(100e9), 512e6, '512 MB, the MB of the messages and of --min-free');
  // Room for perf to finish after the stop: 2 CPUs' 4 MB buffers drained (compressed: a sixteenth) and 250 ms of writing.
  const shape = { ringBufferBytes: 4 << 20, cpus: 2 };
  assert.equal(
    finishHeadroom({ ...shape, callGraph: 'dwarf,32768', compressed: false, frequency: 997 }),
    Math.ceil(2 * (4194304 + 33792 * 997 * 0.25)),
  );
  assert.equal(
    finishHeadroom({ ...shape, callGraph: 'dwarf,32768', compressed: true, frequency: 997 }),
    Math.ceil(2 * (262144 + 2048 * 997 * 0.25)),
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-disk-'));
  const free = (await freeBytes(dir))!;
  assert.ok(free > 0);
  // A floor just under what is free leaves room for almost nothing.
  await assert.rejects(
    planDiskSpace(dir, {
      ...shape,
      callGraph: 'dwarf,32768',
      compressed: false,
      frequency: 997,
      durationSeconds: 10,
      minFreeBytes: free - 1e6,
    }),
    /would need about 337 MB for perf\.data/,
  );
  // The same recording compressed needs 20 MB: it fits in 150 MB where the uncompressed one (337 MB) is refused.
  const compressedFits = await planDiskSpace(dir, {
    ...shape,
    callGraph: 'dwarf,32768',
    compressed: true,
    frequency: 997,
    durationSeconds: 10,
    minFreeBytes: free - 150e6,
  });
  assert.ok(compressedFits && compressedFits.free > 0);
  await assert.rejects(
    planDiskSpace(dir, {
      ...shape,
      callGraph: 'dwarf,32768',
      compressed: false,
      frequency: 997,
      durationSeconds: 10,
      minFreeBytes: free - 150e6,
    }),
    (e: UserError) => /would need about 337 MB for perf\.data/.test(e.message) && /--compression zstd/.test(e.fix ?? ''),
  );
  const ok = await planDiskSpace(dir, {
    ...shape,
    callGraph: 'fp',
    compressed: false,
    frequency: 997,
    durationSeconds: 1,
    minFreeBytes: 0,
  });
  assert.equal(ok!.warning, undefined);
  const noDuration = await planDiskSpace(dir, { ...shape, callGraph: 'dwarf,32768', compressed: true, frequency: 997 });
  assert.ok(noDuration!.floor > 0 && noDuration!.warning === undefined, 'nothing to estimate: only the watch while recording');
});

test('names: no codegen-unit "file" from addr2line; non-ASCII identifiers that perf left escaped are decoded', () => {
  assert.deepEqual(parseLocation('stripped.938c99e368b39e51-cgu.0:?'), { file: undefined, line: undefined });
  assert.deepEqual(parseLocation('/x/y.rs:?'), { file: '/x/y.rs', line: undefined });
  assert.equal(displaySymbolName('z$ue4$hlwerk::z$ue4$hle::h0123456789abcdef'), 'zählwerk::zähle');
  assert.equal(displaySymbolName('a$u7e$b'), 'a$u7e$b', "only non-ASCII escapes: ASCII ones are perf's business");
});

test('--min-free takes MB for record only', async () => {
  const { parseArgs, UsageError } = await import('../../src/cli/args');
  assert.equal(parseArgs(['record', '--min-free', '100']).minFreeMb, 100);
  assert.throws(() => parseArgs(['record', '--min-free', 'lots']), UsageError);
  assert.throws(() => parseArgs(['report', 'x', '--min-free', '1']), UsageError);
});

test('the commands a fix names can be offered for copying: they are data, not scraped from the prose', async () => {
  assert.deepEqual(commandsOf(perfNotPermitted(2, '').diagnostic), [
    'sudo sysctl kernel.perf_event_paranoid=1',
    "echo 'kernel.perf_event_paranoid = 1' | sudo tee /etc/sysctl.d/99-perf.conf",
  ]);
  assert.ok(commandsOf(perfNotFound('perf', 'ENOENT').diagnostic).includes('sudo apt-get install linux-perf'));
  const event = eventNotSupported('cycles', '').diagnostic;
  assert.deepEqual(commandsOf(event), [], 'an option is not a command');
  assert.deepEqual(event.fix?.[0].setting, { key: 'rustFlamegraph.event', cliFlag: '--event', value: 'cpu-clock' }, 'it is a setting');
  const std = await locateSource(
    {
      name: 'core::hint::black_box',
      file: '/rustc/0123456789abcdef/library/core/src/hint.rs',
      line: 1,
      kind: 'std',
      inlined: false,
      dso: null,
    },
    '/nonexistent/rustc',
    { cwd: undefined },
  );
  assert.equal(std.kind, 'needs-rust-src');
  // A thread's root frame is no function: nothing to open, nothing to explain (not "no debug info").
  const thread = { name: 'orbit-sim', file: null, line: null, kind: 'process' as const, inlined: false, dso: null };
  assert.deepEqual(await locateSource(thread, '/nonexistent/rustc', { cwd: undefined }), { kind: 'not-code' });
  const fn = { ...thread, name: 'app::hot', kind: 'user' as const };
  assert.deepEqual(await locateSource(fn, '/nonexistent/rustc', { cwd: undefined }), {
    kind: 'no-source',
    reason: 'No source for app::hot: no debug info.',
  });
  assert.deepEqual(std.kind === 'needs-rust-src' && commandsOf(std.diagnostic), ['rustup component add rust-src']);
});

test('the /proc stand-in is an option only: the product reads no test environment variable', async () => {
  const proc = mkdtempSync(path.join(tmpdir(), 'rf-proc-'));
  writeFileSync(path.join(proc, 'version'), 'Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com)\n');
  const saved = process.env.RUST_FLAMEGRAPH_TEST_PROC_DIR;
  process.env.RUST_FLAMEGRAPH_TEST_PROC_DIR = proc;
  try {
    assert.ok(!isWsl1(await readProcVersion()), 'the real /proc, whatever the environment says');
    assert.ok(isWsl1(await readProcVersion({ procDir: proc })), 'the injected one when passed');
  } finally {
    if (saved === undefined) delete process.env.RUST_FLAMEGRAPH_TEST_PROC_DIR;
    else process.env.RUST_FLAMEGRAPH_TEST_PROC_DIR = saved;
  }
});
