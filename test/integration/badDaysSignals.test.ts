// Ctrl-C, kill and a second recorder. Every run carries a unique marker in
// its environment (children inherit it); after the CLI exits, /proc must hold
// no process with that marker: nothing of ours is left running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { runCli } from '../helpers/repo';
import { tmpCrate, fakePerf, startCli, leftovers, sleep, processesWithEnv } from '../helpers/badDays';
import type { JsonSummary } from '../../src/core/export/summary';

const MARK = 'RF_TEST_MARKER';
const out = () => mkdtempSync(path.join(tmpdir(), 'rf-out-'));
const forever = tmpCrate(
  'forever',
  `
fn main() {
    let mut x = 0u64;
    loop { x = std::hint::black_box(x.wrapping_add(1)); }
}
`,
);
const foreverManifest = path.join(forever, 'Cargo.toml');

function marked(extra: NodeJS.ProcessEnv = {}) {
  const id = randomUUID();
  return { id, env: { ...process.env, ...extra, [MARK]: id } };
}

test('Ctrl-C while recording stops the program and keeps the profile (exit 0); nothing is left running', async () => {
  const { id, env } = marked();
  const dir = out();
  const cli = startCli(['record', '--manifest-path', foreverManifest, '--output', dir, '--json'], env);
  await cli.waitFor(/Recording /);
  await sleep(1500);
  cli.child.kill('SIGINT');
  const r = await cli.done;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Stopping the recording; the profile is kept\. Press Ctrl-C again to abort\./);
  const s = JSON.parse(r.stdout) as JsonSummary;
  assert.ok(s.samples > 300, `${s.samples} samples`);
  assert.ok(existsSync(path.join(dir, 'perf.data')) && existsSync(path.join(dir, 'flamegraph.svg')));
  assert.doesNotMatch(r.stderr, /exited with/, 'a stop we asked for is no failure');
  assert.deepEqual(await leftovers(MARK, id), []);
});

test('a second Ctrl-C aborts (exit 130); nothing is left running', async () => {
  const { id, env } = marked();
  const cli = startCli(['record', '--manifest-path', foreverManifest, '--output', out()], env);
  await cli.waitFor(/Recording /);
  await sleep(500);
  cli.child.kill('SIGINT');
  await cli.waitFor(/Stopping the recording/);
  cli.child.kill('SIGINT');
  const r = await cli.done;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /Stopped\./);
  assert.deepEqual(await leftovers(MARK, id), []);
});

test('cancel while building (SIGINT): cargo, rustc and the build script are all ended', async () => {
  const slow = tmpCrate('slowbuild', 'fn main() {}\n', {
    'build.rs': 'fn main() { std::thread::sleep(std::time::Duration::from_secs(120)); }\n',
  });
  const { id, env } = marked();
  const cli = startCli(['record', '--manifest-path', path.join(slow, 'Cargo.toml'), '--output', out()], env);
  await cli.waitFor(/Compiling slowbuild/);
  // Cancel while the build script runs: cargo's child, in cargo's process group.
  for (let i = 0; i < 600 && !processesWithEnv(MARK, id).some((p) => p.cmd.includes('build-script-build')); i++) await sleep(100);
  assert.ok(
    processesWithEnv(MARK, id).some((p) => p.cmd.includes('build-script-build')),
    'the build script is running',
  );
  cli.child.kill('SIGINT');
  const r = await cli.done;
  assert.equal(r.code, 130, r.stderr);
  assert.deepEqual(await leftovers(MARK, id), []);
});

test('cancel while recording (SIGTERM): perf and the program are ended', async () => {
  const { id, env } = marked();
  const cli = startCli(['record', '--manifest-path', foreverManifest, '--output', out()], env);
  await cli.waitFor(/Recording /);
  await sleep(800);
  cli.child.kill('SIGTERM');
  const r = await cli.done;
  assert.equal(r.code, 130, r.stderr);
  assert.deepEqual(await leftovers(MARK, id), []);
});

test('cancel while symbolizing (SIGINT): perf script (here slowed by a wrapper) is ended', async () => {
  const perf = fakePerf('if [ "$1" = script ]; then sleep 120; fi\nexec perf "$@"');
  const { id, env } = marked();
  const cli = startCli(['record', '--manifest-path', foreverManifest, '--output', out(), '--perf', perf, '--duration', '0.5'], env);
  await cli.waitFor(/Symbolizing/);
  await sleep(500);
  cli.child.kill('SIGINT');
  const r = await cli.done;
  assert.equal(r.code, 130, r.stderr);
  assert.deepEqual(await leftovers(MARK, id), []);
});

test('a second recording into the same folder is refused while the first runs (pid named); a stale lock is taken over', async () => {
  const dir = out();
  const { id, env } = marked();
  const first = startCli(['record', '--manifest-path', foreverManifest, '--output', dir, '--duration', '20'], env);
  await first.waitFor(/Recording /);
  const second = await runCli(['record', '--manifest-path', foreverManifest, '--output', dir, '--duration', '1']);
  assert.equal(second.code, 1, second.stderr);
  assert.match(second.stderr, new RegExp(`error: Another recording is running into .* \\(process ${first.child.pid}\\)\\.`));
  assert.match(second.stderr, /record into another folder with --output/);
  // Let it gather samples first: a stop before the first sample is an error (no samples), not this test's point.
  await sleep(1500);
  first.child.kill('SIGINT');
  const firstDone = await first.done;
  assert.equal(firstDone.code, 0, firstDone.stderr);
  assert.equal(existsSync(path.join(dir, '.recording.lock')), false, 'released');
  assert.deepEqual(await leftovers(MARK, id), []);

  // A lock left by a recorder that died (kill -9): its pid is gone.
  const dead = spawnSync('true').pid;
  writeFileSync(path.join(dir, '.recording.lock'), `${dead}\n`);
  // The first recording's perf.data goes: --output refuses a folder that already holds one (history.test.ts).
  rmSync(path.join(dir, 'perf.data'));
  const third = await runCli(['record', '--manifest-path', foreverManifest, '--output', dir, '--duration', '0.5']);
  assert.equal(third.code, 0, third.stderr);
  assert.equal(existsSync(path.join(dir, '.recording.lock')), false);
});
