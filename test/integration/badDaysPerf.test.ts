// Bad days with perf itself: not installed, the wrong kernel's perf (Ubuntu),
// WSL 1, not permitted (perf_event_paranoid), hidden kernel addresses, and
// events the machine cannot count. What real perf here cannot show (another
// user, another kernel) is played by a shell script in PERF, with the exact
// text perf prints; /proc files come from a folder the test passes to the
// engine's record (procDir), run in-process: the product reads no test hook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runCli } from '../helpers/repo';
import { recordInProcess } from '../helpers/engine';
import { tmpCrate, fakePerf, fakeProc } from '../helpers/badDays';

const crate = tmpCrate(
  'badperf',
  `
#[inline(never)]
fn spin(n: u64) -> u64 { let mut x = 1u64; for i in 0..n { x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i)); } x }
fn main() { println!("{}", spin(150_000_000)); }
`,
);
const manifest = path.join(crate, 'Cargo.toml');
const out = () => mkdtempSync(path.join(tmpdir(), 'rf-out-'));
const record = (extra: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(['record', '--manifest-path', manifest, '--output', out(), ...extra], { env: { ...process.env, ...env } });
/** `perf stat -x ,` on a machine without counters, as perf 6.1 prints it. */
const STAT_NO_CYCLES = `if [ "$1" = stat ]; then echo '<not supported>,,cycles,0,100.00,,' >&2; exit 0; fi`;

test('perf missing (PERF pointing nowhere): install commands for Debian, Ubuntu, Fedora, Arch, before any build', async () => {
  const r = await record([], { PERF: '/nowhere/perf' });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /perf could not be run \(\/nowhere\/perf: not found\)/);
  assert.match(r.stderr, /Debian `sudo apt-get install linux-perf`/);
  assert.match(r.stderr, /Ubuntu `sudo apt-get install linux-tools-\$\(uname -r\) linux-tools-generic`/);
  assert.match(r.stderr, /Fedora `sudo dnf install perf`/);
  assert.match(r.stderr, /Arch `sudo pacman -S perf`/);
  assert.doesNotMatch(r.stderr, /Building|Compiling/, 'checked before spending a build');
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test("Ubuntu's perf wrapper without the running kernel's linux-tools: the kernel-version trap is named", async () => {
  // /usr/bin/perf of linux-tools-common, exit 2, when linux-tools-$(uname -r) is missing.
  const perf = fakePerf(`cat >&2 <<'T'
WARNING: perf not found for kernel 5.15.0-91

  You may need to install the following packages for this specific kernel:
    linux-tools-5.15.0-91-generic
    linux-cloud-tools-5.15.0-91-generic

  You may also want to install one of the following packages to keep up to date:
    linux-tools-generic
    linux-cloud-tools-generic
T
exit 2`);
  const r = await record(['--perf', perf]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /perf is installed, but not for the running kernel 5\.15\.0-91/);
  assert.match(r.stderr, /sudo apt-get install linux-tools-\$\(uname -r\) linux-tools-generic/);
});

test('WSL 1 (from /proc/version) cannot profile: the message says to convert to WSL 2', async () => {
  const proc = fakeProc({
    version:
      'Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #1237-Microsoft Sat Sep 11 14:32:00 PST 2021\n',
  });
  const r = await recordInProcess({ manifestPath: manifest, outputDir: out(), procDir: proc });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /This is WSL 1, which has no perf events/);
  assert.match(r.stderr, /wsl --set-version <distro> 2/);
  const wsl2 = fakeProc({
    version: 'Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1) (gcc (GCC) 11.2.0) #1 SMP\n',
    'sys/kernel/perf_event_paranoid': '2\n',
  });
  const ok = await recordInProcess({
    manifestPath: manifest,
    outputDir: out(),
    perf: fakePerf('exit 0'),
    durationSeconds: 0.1,
    procDir: wsl2,
  });
  assert.doesNotMatch(ok.stderr, /WSL 1/, 'WSL 2 is a real kernel');
});

test('perf_event_paranoid forbids recording: the current level, the sysctl for this boot and the sysctl.d file for every boot', async () => {
  // perf 6.1's text, as `perf record` printed it here for the user nobody (util/evsel.c).
  const perf = fakePerf(`${STAT_NO_CYCLES}
if [ "$1" = version ]; then echo 'perf version 6.1.0'; exit 0; fi
cat >&2 <<'T'
Error:
Access to performance monitoring and observability operations is limited.
Consider adjusting /proc/sys/kernel/perf_event_paranoid setting to open
access to performance monitoring and observability operations for processes
without CAP_PERFMON, CAP_SYS_PTRACE or CAP_SYS_ADMIN Linux capability.
More information can be found at 'Perf events and tool security' document:
https://www.kernel.org/doc/html/latest/admin-guide/perf-security.html
perf_event_paranoid setting is 3:
  -1: Allow use of (almost) all events by all users
      Ignore mlock limit after perf_event_mlock_kb without CAP_IPC_LOCK
>= 0: Disallow raw and ftrace function tracepoint access
>= 1: Disallow CPU event access
>= 2: Disallow kernel profiling
To make the adjusted perf_event_paranoid setting permanent preserve it
in /etc/sysctl.conf (e.g. kernel.perf_event_paranoid = <setting>)
T
exit 255`);
  const proc = fakeProc({
    version: 'Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org)\n',
    'sys/kernel/perf_event_paranoid': '3\n',
  });
  const r = await recordInProcess({ manifestPath: manifest, outputDir: out(), perf, procDir: proc });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /perf was not allowed to record: kernel\.perf_event_paranoid is 3 on this machine/);
  assert.match(r.stderr, /sudo sysctl kernel\.perf_event_paranoid=1/);
  assert.match(r.stderr, /kernel\.perf_event_paranoid = 1' \| sudo tee \/etc\/sysctl\.d\/99-perf\.conf/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('hidden kernel addresses (kptr_restrict): a warning with the sysctl, and the profile is made', async () => {
  // Real perf records; the script adds the warning perf 6.1 prints when kptr_restrict hides /proc/kallsyms.
  const perf =
    fakePerf(`if [ "$1" = record ]; then printf '%s\\n' 'WARNING: Kernel address maps (/proc/{kallsyms,modules}) are restricted,' 'check /proc/sys/kernel/kptr_restrict and /proc/sys/kernel/perf_event_paranoid.' '' 'Samples in kernel functions may not be resolved if a suitable vmlinux' 'file is not found in the buildid cache or in the vmlinux path.' >&2; fi
exec perf "$@"`);
  const proc = fakeProc({ version: 'Linux version 6.1.0\n', 'sys/kernel/kptr_restrict': '1\n', 'sys/kernel/perf_event_paranoid': '1\n' });
  const r = await recordInProcess({ manifestPath: manifest, outputDir: out(), perf, procDir: proc, json: true });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /warning: Kernel frames show as \[unknown\]: kernel addresses are hidden \(kernel\.kptr_restrict is 1\)\. To see them, run `sudo sysctl kernel\.kptr_restrict=0`/,
  );
  assert.ok(JSON.parse(r.stdout).warnings.some((w: string) => w.includes('kptr_restrict')));
});

test('no hardware counters: perf stat rejects cycles, so cpu-clock is sampled and the user is told', async () => {
  const perf = fakePerf(`${STAT_NO_CYCLES}\nexec perf "$@"`);
  const dir = out();
  const r = await runCli(['record', '--manifest-path', manifest, '--output', dir, '--perf', perf, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Sampling cpu-clock: this machine has no hardware cycle counter/);
  assert.equal(JSON.parse(r.stdout).event, 'cpu-clock');
  assert.ok(existsSync(path.join(dir, 'perf.data')));
});

test('--event cycles where perf record says "not supported": an error naming cpu-clock', async () => {
  // Older perfs (and events perf 6.1 does not replace by itself) fail like this.
  const perf =
    fakePerf(`if [ "$1" = record ]; then for a in "$@"; do if [ "$a" = cycles ]; then printf 'Error:\\nThe cycles event is not supported.\\n' >&2; exit 255; fi; done; fi
exec perf "$@"`);
  const r = await record(['--perf', perf, '--event', 'cycles']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /This machine cannot count the cycles event/);
  assert.match(r.stderr, /--event cpu-clock/);
});

test('real perf: --event instructions is not supported here (error naming cpu-clock); --event cycles is replaced by cpu-clock with a warning', async (t) => {
  const probe = await runCli(['record', '--manifest-path', manifest, '--output', out(), '--event', 'instructions']);
  if (probe.code === 0) return t.skip('this machine counts instructions');
  assert.equal(probe.code, 1, probe.stderr);
  assert.match(probe.stderr, /This machine cannot count the instructions event/);
  assert.match(probe.stderr, /--event cpu-clock/);
  const cycles = await runCli(['record', '--manifest-path', manifest, '--output', out(), '--event', 'cycles', '--json']);
  assert.equal(cycles.code, 0, cycles.stderr);
  assert.equal(JSON.parse(cycles.stdout).event, 'cpu-clock');
  assert.match(cycles.stderr, /warning: perf recorded cpu-clock instead of cycles/);
});
