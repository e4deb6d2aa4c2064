// The command line's contract: report and collapse on real files, --duration
// on a program that never ends, program arguments after --, target choice
// errors, usage errors, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { runCli, corpusDir, repoRoot } from '../helpers/repo';
import { recordJson, fn } from './profileFixtures';
import { chooseDefaultEvent } from '../../src/core/perf/perfTool';

function tmpCrate(name: string, mainRs: string, extraBins: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-crate-'));
  mkdirSync(path.join(dir, 'src', 'bin'), { recursive: true });
  writeFileSync(path.join(dir, 'Cargo.toml'), `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n`);
  writeFileSync(path.join(dir, 'src', 'main.rs'), mainRs);
  for (const [bin, src] of Object.entries(extraBins)) writeFileSync(path.join(dir, 'src', 'bin', `${bin}.rs`), src);
  return dir;
}

const spinForever = `
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("args: {:?}", args);
    let mut x = 0u64;
    loop { x = std::hint::black_box(x.wrapping_add(1)); }
}
`;

test('record --duration stops a program that never ends, keeps the profile; program args follow --; stdout holds only JSON', async () => {
  const crate = tmpCrate('forever', spinForever);
  const { summary, cli, outputDir } = await recordJson(
    path.join(crate, 'Cargo.toml'),
    ['--duration', '1.5', '--freq', '499'],
    ['a b', '--x=1'],
  );
  assert.match(cli.stderr, /args: \["a b", "--x=1"\]/, 'the program got its arguments, and its stdout went to stderr');
  // The floor is low on purpose: cpu-clock samples only while the program is on a CPU, and on a
  // loaded two-core machine it gets half of one. The ceiling proves the recording stopped.
  assert.ok(summary.samples > 50 && summary.samples < 1200, `${summary.samples} samples at 499 Hz for 1.5 s`);
  assert.ok(fn(summary, 'forever::main').totalSamples > summary.samples * 0.8);
  assert.ok(existsSync(path.join(outputDir, 'perf.data')));
  assert.doesNotMatch(cli.stderr, /exited with/, 'a stop we asked for is no failure');
  const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes('/release/forever'));
  assert.deepEqual(left, [], 'nothing left running');
});

test('report reads the kept perf.data and its saved perf script text alike', async () => {
  const rec = await recordJson(path.join(repoRoot(), 'examples', 'seed-demo', 'Cargo.toml'), [], ['20000']);
  const perfData = path.join(rec.outputDir, 'perf.data');
  const fromData = await runCli(['report', perfData, '--json', '--output', path.join(rec.outputDir, 'again')]);
  assert.equal(fromData.code, 0, fromData.stderr);
  const a = JSON.parse(fromData.stdout);
  assert.equal(a.samples, rec.summary.samples);
  assert.deepEqual(a.functions.slice(0, 5), rec.summary.functions.slice(0, 5));
  const text = path.join(rec.outputDir, 'saved.txt');
  writeFileSync(text, execFileSync('perf', ['script', '--no-inline', '--max-stack', '1024', '-i', perfData], { maxBuffer: 1 << 30 }));
  const fromText = await runCli(['report', text, '--json']);
  assert.equal(fromText.code, 0, fromText.stderr);
  const b = JSON.parse(fromText.stdout);
  assert.equal(b.samples, rec.summary.samples);
  assert.equal(fn(b, 'seed_demo::process_data').line, fn(rec.summary, 'seed_demo::process_data').line);
  assert.ok(existsSync(path.join(rec.outputDir, 'flamegraph.svg')), 'outputs beside the file by default');
});

test('collapse prints what stackcollapse-perf.pl prints', async () => {
  for (const name of ['perf-rust-Yamakaky-dcpu', 'perf-iperf-stacks-pidtid-01']) {
    const r = await runCli(['collapse', path.join(corpusDir(), `${name}.txt`)]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(path.join(corpusDir(), 'expected', `${name}.folded`), 'utf8'), name);
    const p = await runCli(['collapse', path.join(corpusDir(), `${name}.txt`), '--pid']);
    assert.equal(p.stdout, readFileSync(path.join(corpusDir(), 'expected', `${name}.pid.folded`), 'utf8'), `${name} --pid`);
  }
});

test('an ambiguous target is an error listing the candidates; a named one works', async () => {
  const crate = tmpCrate('multi', 'fn main() {}\n', { tool: 'fn main() {}\n' });
  const r = await runCli(['record', '--manifest-path', path.join(crate, 'Cargo.toml')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /several binaries/);
  assert.match(r.stderr, /--package multi --bin multi/);
  assert.match(r.stderr, /--package multi --bin tool/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('usage errors exit 2; failures exit 1 with a plain message and no stack trace', async () => {
  const u = await runCli(['record', '--freq', 'fast']);
  assert.equal(u.code, 2);
  assert.match(u.stderr, /--freq takes a whole number/);
  const missing = await runCli(['report', '/nonexistent/perf.data']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /does not exist/);
  const noPerf = await runCli([
    'record',
    '--manifest-path',
    path.join(repoRoot(), 'examples', 'seed-demo', 'Cargo.toml'),
    '--perf',
    '/nonexistent/perf',
  ]);
  assert.equal(noPerf.code, 1);
  assert.match(noPerf.stderr, /perf could not be run/);
  assert.match(noPerf.stderr, /apt-get install linux-perf/);
  assert.doesNotMatch(noPerf.stderr + missing.stderr, /\n\s+at /);
});

test('report of a perf.data with a perf that cannot run says which and why, as record does', async () => {
  // perf script runs under coreutils' stdbuf where there is one (src/core/perf/script.ts): stdbuf, not the
  // spawn, is then what finds perf missing or not runnable, and says so by its exit status.
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-noperf-'));
  const data = path.join(dir, 'perf.data');
  writeFileSync(data, 'PERFILE2 (only the header is read before perf runs)');
  const notRunnable = path.join(dir, 'perf');
  writeFileSync(notRunnable, 'not a program\n');
  const missing = await runCli(['report', data, '--perf', path.join(dir, 'nowhere', 'perf')]);
  assert.equal(missing.code, 1, missing.stderr);
  assert.match(missing.stderr, /perf could not be run \(.*\/nowhere\/perf: not found\)/);
  const denied = await runCli(['report', data, '--perf', notRunnable]);
  assert.equal(denied.code, 1, denied.stderr);
  assert.match(denied.stderr, /perf could not be run \(.*\/perf: EACCES\)/);
  assert.doesNotMatch(missing.stderr + denied.stderr, /perf script could not read|\n\s+at /);
});

test('the default event is cycles where perf counts it, else cpu-clock', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-fakeperf-'));
  const fake = (name: string, line: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, `#!/bin/sh\necho '${line}' >&2\n`);
    chmodSync(file, 0o755);
    return file;
  };
  // Real `perf stat -x ,` lines: a machine with counters, and this one.
  assert.equal(await chooseDefaultEvent(fake('perf-hw', '1234567,,cycles,812345,100.00,,')), 'cycles');
  assert.equal(await chooseDefaultEvent(fake('perf-vm', '<not supported>,,cycles,0,100.00,,')), 'cpu-clock');
});

test('output into a pipe that closes early (| head) ends quietly, without an EPIPE stack trace', async () => {
  const { spawn } = await import('node:child_process');
  // 245 KB of folded stacks: more than a pipe holds, so the write after the reader has gone fails.
  const child = spawn(
    process.execPath,
    [path.join(repoRoot(), 'dist', 'cli.js'), 'collapse', path.join(corpusDir(), 'perf-vertx-stacks-01.txt')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  // What `head -c 100` does: read a little, then close.
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|Error|at /);
});
