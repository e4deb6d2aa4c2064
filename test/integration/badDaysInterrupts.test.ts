// Every wait can be interrupted and nothing is orphaned: inputs that would
// block or never end are refused, a cancel stops a big read at once, perf's
// death ends a recording, a daemon holding our pipes is not waited for, and
// perf does not outlive a `rust-flamegraph` killed with kill -9.
// Each run carries a marker in its environment (children inherit it), so the
// processes it left behind can be found in /proc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { repoRoot, CliResult } from '../helpers/repo';
import { tmpCrate, startCli, leftovers, sleep, processesWithEnv, CliRun } from '../helpers/badDays';

const MARK = 'RF_TEST_MARKER';
const temp = (prefix = 'rf-int-') => mkdtempSync(path.join(tmpdir(), prefix));

function marked() {
  const id = randomUUID();
  return { id, env: { ...process.env, [MARK]: id } };
}

/** The run's result, or a failure (and a kill -9 of it) when it has not ended within `ms`. */
async function endsWithin(cli: CliRun, ms: number, what: string): Promise<CliResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cli.child.kill('SIGKILL');
      reject(new Error(`${what}: still running after ${ms / 1000} s; stderr:\n${cli.stderr()}`));
    }, ms);
  });
  try {
    return await Promise.race([cli.done, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once process `pid` has `file` open. */
async function whenOpened(pid: number, file: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) if (readlinkSync(`/proc/${pid}/fd/${fd}`) === file) return;
    } catch {
      /* fd closed meanwhile */
    }
    await sleep(10);
  }
  throw new Error(`${file} was never opened`);
}

const SAMPLE_TEXT = readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'perf', 'seed-demo-perf6.1-noinline.txt'), 'utf8');
const ODD_LINE = '%%% not a line of perf script output %%%';

/** ~200 MB of perf script text whose very last line is odd: reading it all prints a warning about that line. */
function bigScriptText(): string {
  const file = path.join(temp(), 'big.txt');
  const block = Buffer.from(SAMPLE_TEXT.endsWith('\n\n') ? SAMPLE_TEXT : SAMPLE_TEXT + '\n');
  const fd = openSync(file, 'w');
  const chunk = Buffer.concat(Array.from({ length: 1000 }, () => block));
  for (let n = 0; n < 200_000_000; n += chunk.length) writeSync(fd, chunk);
  writeSync(fd, `${ODD_LINE}\n`);
  closeSync(fd);
  return file;
}

for (const command of ['report', 'collapse']) {
  const args = (input: string) => (command === 'report' ? [command, input, '--output', temp()] : [command, input]);
  test(`${command} of a FIFO or /dev/zero is refused at once with a plain message`, async () => {
    const fifo = path.join(temp(), 'pipe');
    execFileSync('mkfifo', [fifo]);
    for (const input of [fifo, '/dev/zero']) {
      const r = await endsWithin(startCli(args(input)), 10_000, `${command} ${input}`);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /is a (FIFO \(named pipe\)|character device), not a file/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  test(`Ctrl-C during ${command} of a big file stops it at once (exit 130), not after reading it all`, async () => {
    const big = bigScriptText();
    try {
      // The command's backstop (exit 130 after 1.5 s whatever runs) is moved out of the way: the stage itself must stop.
      const cli = startCli(args(big), { ...process.env, RF_ABORT_BACKSTOP_MS: '60000' });
      await whenOpened(cli.child.pid!, big);
      cli.child.kill('SIGINT');
      const r = await endsWithin(cli, 10_000, `${command} after Ctrl-C`);
      assert.equal(r.code, 130, r.stderr);
      assert.match(r.stderr, /Stopped\./);
      assert.ok(!r.stderr.includes(ODD_LINE.slice(0, 20)), `the file was read to its end:\n${r.stderr}`);
    } finally {
      rmSync(path.dirname(big), { recursive: true, force: true });
    }
  });
}

test('report of perf script text naming a FIFO as a dso: the FIFO is not opened, the profile is made', async () => {
  const dir = temp();
  const fifo = path.join(dir, 'libfifo.so');
  execFileSync('mkfifo', [fifo]);
  const text = SAMPLE_TEXT.replace(/\(\/work\/[^)]*seed-demo\)/g, `(${fifo})`);
  assert.ok(text.includes(fifo));
  const input = path.join(dir, 'script.txt');
  writeFileSync(input, text);
  const r = await endsWithin(startCli(['report', input, '--output', dir, '--json']), 30_000, 'report');
  assert.equal(r.code, 0, r.stderr);
  assert.ok((JSON.parse(r.stdout) as { samples: number }).samples > 0);
});

const forever = tmpCrate(
  'forever2',
  `
fn main() {
    let mut x = 0u64;
    loop { x = std::hint::black_box(x.wrapping_add(1)); }
}
`,
);
const foreverManifest = path.join(forever, 'Cargo.toml');

const perfOf = (id: string) => processesWithEnv(MARK, id).find((p) => /^\S*perf\b.* record /.test(p.cmd));

test('kill -9 of perf while recording: noticed at once, the program is ended, the message says perf was killed', async () => {
  const { id, env } = marked();
  const cli = startCli(['record', '--manifest-path', foreverManifest, '--output', temp()], env);
  try {
    await cli.waitFor(/Recording /);
    await sleep(500);
    const perf = perfOf(id);
    assert.ok(perf, 'perf runs');
    process.kill(perf.pid, 'SIGKILL');
    const r = await endsWithin(cli, 15_000, 'record after perf was killed');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /error: perf was killed \(SIGKILL\) while recording/);
    assert.match(r.stderr, /Record again/);
    assert.deepEqual(await leftovers(MARK, id, 10_000), []);
  } finally {
    for (const p of processesWithEnv(MARK, id)) process.kill(p.pid, 'SIGKILL');
  }
});

test('a daemon the program started with setsid keeps our pipes open: the recording still ends when perf exits', async () => {
  const crate = tmpCrate(
    'daemonizes',
    `
fn main() {
    // Not our business to end: it escapes into a session of its own, holding stdout and stderr.
    std::process::Command::new("setsid").args(["sleep", "300"]).spawn().unwrap();
    let mut x = 0u64;
    for i in 0..300_000_000u64 { x = std::hint::black_box(x.wrapping_add(i)); }
    println!("{x}");
}
`,
  );
  const { id, env } = marked();
  const cli = startCli(['record', '--manifest-path', path.join(crate, 'Cargo.toml'), '--output', temp(), '--json'], env);
  try {
    await cli.waitFor(/Recording /);
    const r = await endsWithin(cli, 60_000, 'record of a program leaving a daemon');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Captured and wrote/);
  } finally {
    for (const p of processesWithEnv(MARK, id)) process.kill(p.pid, 'SIGKILL');
  }
});

test('kill -9 of rust-flamegraph while recording: perf and the program do not outlive it', async () => {
  const { id, env } = marked();
  const cli = startCli(['record', '--manifest-path', foreverManifest, '--output', temp()], env);
  try {
    await cli.waitFor(/Recording /);
    await sleep(500);
    assert.ok(perfOf(id), 'perf runs');
    cli.child.kill('SIGKILL');
    await cli.done;
    assert.deepEqual(await leftovers(MARK, id, 10_000), []);
  } finally {
    for (const p of processesWithEnv(MARK, id)) process.kill(p.pid, 'SIGKILL');
  }
});

test('kill -9 of rust-flamegraph while building: cargo and the build script do not outlive it', async () => {
  const slow = tmpCrate('slowbuild2', 'fn main() {}\n', {
    'build.rs': 'fn main() { std::thread::sleep(std::time::Duration::from_secs(120)); }\n',
  });
  const { id, env } = marked();
  const cli = startCli(['record', '--manifest-path', path.join(slow, 'Cargo.toml'), '--output', temp()], env);
  try {
    await cli.waitFor(/Compiling slowbuild2/);
    for (let i = 0; i < 600 && !processesWithEnv(MARK, id).some((p) => p.cmd.includes('build-script-build')); i++) await sleep(100);
    assert.ok(
      processesWithEnv(MARK, id).some((p) => p.cmd.includes('build-script-build')),
      'the build script runs',
    );
    cli.child.kill('SIGKILL');
    await cli.done;
    assert.deepEqual(await leftovers(MARK, id, 10_000), []);
  } finally {
    for (const p of processesWithEnv(MARK, id)) process.kill(p.pid, 'SIGKILL');
  }
});
