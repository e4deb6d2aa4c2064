// Bad days with the user's files: a missing or unreadable input to
// `report`/`collapse`, a folder or a pipe (refused as not regular files), an
// output folder that is read-only, not ours or on a full disk, and a PERF or
// CARGO that is not perf or cargo. Each is a plain message naming the fix with
// exit 1, never "Internal error … This is a bug", and no output is left
// half-written. Unreadable and not-ours are played by the user nobody
// (setpriv); read-only and full disks by small tmpfs mounts (we run as root;
// each test skips where that is not possible).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn, spawnSync } from 'node:child_process';
import { repoRoot, runCli, CliResult } from '../helpers/repo';
import { tmpCrate } from '../helpers/badDays';

const FIXTURE = path.join(repoRoot(), 'test', 'fixtures', 'perf', 'seed-demo-perf6.1-inline.txt');
const OTHER_FIXTURE = path.join(repoRoot(), 'test', 'fixtures', 'perf', 'seed-demo-perf6.1-noinline.txt');
const isRoot = process.getuid?.() === 0;
const mounts: string[] = [];

after(() => {
  for (const m of mounts) spawnSync('umount', [m]);
});

/** A temp folder everyone may enter (mkdtemp makes 0700), holding a copy of the fixture as saved.txt. */
function workDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-files-'));
  chmodSync(dir, 0o755);
  copyFileSync(FIXTURE, path.join(dir, 'saved.txt'));
  chmodSync(path.join(dir, 'saved.txt'), 0o644);
  return dir;
}

/** Mounts a tmpfs of `size` at a new folder; undefined when mounting is not possible here. */
function tmpfs(size: string, ro = false): string | undefined {
  if (!isRoot) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-mnt-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${ro ? ',ro' : ''}`, 'tmpfs', dir]);
  if (r.status !== 0) return undefined;
  mounts.push(dir);
  return dir;
}

let nobodysCli: string | undefined;

/**
 * A copy of dist/ that nobody can read: the checkout may sit in a folder only root can enter (a fresh clone
 * under `mktemp -d` is 0700), and then nobody could not even load the CLI.
 */
function cliNobodyCanRun(): string {
  if (!nobodysCli) {
    const dir = mkdtempSync(path.join(tmpdir(), 'rf-nobody-cli-'));
    chmodSync(dir, 0o755);
    cpSync(path.join(repoRoot(), 'dist'), path.join(dir, 'dist'), { recursive: true });
    nobodysCli = path.join(dir, 'dist', 'cli.js');
  }
  return nobodysCli;
}

/** The CLI as the user nobody, or undefined when we cannot switch users. */
async function asNobody(args: string[]): Promise<CliResult | undefined> {
  if (!isRoot || spawnSync('setpriv', ['--version']).status !== 0) return undefined;
  const cli = cliNobodyCanRun();
  return new Promise((resolve, reject) => {
    const child = spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cli, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Exit 1 with the words and fix wanted, and nothing that says bug. */
function plainFailure(r: CliResult, words: RegExp, fix: RegExp): void {
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, words);
  assert.match(r.stderr, fix);
  assert.doesNotMatch(r.stderr, /Internal error|This is a bug|\n\s+at /);
}

/** Files left in `dir` whose names say they are our temporary files. */
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

for (const command of ['report', 'collapse']) {
  test(`${command} of a missing file: "does not exist", exit 1`, async () => {
    const dir = workDir();
    const r = await runCli([command, path.join(dir, 'nope.txt')]);
    plainFailure(r, /nope\.txt does not exist\./, /Give the path of a perf\.data or of saved `perf script` output\./);
  });

  test(`${command} of a folder: "is a directory, not a file", exit 1`, async () => {
    const dir = workDir();
    const r = await runCli([command, dir]);
    plainFailure(r, /rf-files-\w+ is a directory, not a file/, /Save the output to a file first/);
  });

  test(`${command} of a file the user cannot read: "permission denied" with the chown, exit 1`, async (t) => {
    const dir = workDir();
    chmodSync(path.join(dir, 'saved.txt'), 0o600);
    const r = await asNobody([command, path.join(dir, 'saved.txt'), ...(command === 'report' ? ['--output', tmpdir()] : [])]);
    if (!r) return t.skip('cannot run as another user here');
    plainFailure(r, /saved\.txt cannot be read: permission denied\./, /sudo chown "\$USER"/);
  });
}

test('report of a pipe (a FIFO, as <(…) gives): "is a FIFO", exit 1, never "Internal error"', async () => {
  const dir = workDir();
  const fifo = path.join(dir, 'pipe');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return;
  const writer = spawn('sh', ['-c', `cat '${FIXTURE}' > '${fifo}'`], { stdio: 'ignore' });
  const r = await runCli(['report', fifo, '--output', path.join(dir, 'out')], { timeoutMs: 60_000 });
  writer.kill();
  plainFailure(r, /pipe is a FIFO \(named pipe\), not a file/, /Save the output to a file first/);
});

test('report into a folder on a read-only disk: "read-only file system", exit 1, for the folder and below it', async (t) => {
  const ro = tmpfs('1m', true);
  if (!ro) return t.skip('cannot mount a tmpfs here');
  const dir = workDir();
  const r = await runCli(['report', path.join(dir, 'saved.txt'), '--output', ro]);
  plainFailure(r, /Could not write .*: it is on a read-only file system\./, /Write the outputs to another folder \(--output DIR\)\./);
  const below = await runCli(['report', path.join(dir, 'saved.txt'), '--output', path.join(ro, 'a', 'b')]);
  plainFailure(below, /Could not write .*\/a: it is on a read-only file system\./, /--output DIR/);
});

test('record into a folder on a read-only disk: the same plain message, before any build', async (t) => {
  const ro = tmpfs('1m', true);
  if (!ro) return t.skip('cannot mount a tmpfs here');
  const crate = tmpCrate('rorecord', 'fn main() {}\n');
  const r = await runCli(['record', '--manifest-path', path.join(crate, 'Cargo.toml'), '--output', path.join(ro, 'rec')]);
  plainFailure(r, /Could not write .*\/rec: it is on a read-only file system\./, /--output DIR/);
  assert.doesNotMatch(r.stderr, /Building|Compiling/);
});

test('report into a folder that is not the user\'s: "permission denied", exit 1', async (t) => {
  const dir = workDir();
  const theirs = path.join(dir, 'theirs');
  mkdirSync(theirs, { mode: 0o755 });
  const r = await asNobody(['report', path.join(dir, 'saved.txt'), '--output', theirs]);
  if (!r) return t.skip('cannot run as another user here');
  plainFailure(
    r,
    /Could not write .*theirs: permission denied\./,
    /Make the folder writable for you, or write the outputs to another folder/,
  );
});

test('report with --output under a file: "not a folder", exit 1', async () => {
  const dir = workDir();
  const r = await runCli(['report', path.join(dir, 'saved.txt'), '--output', path.join(dir, 'saved.txt', 'out')]);
  plainFailure(r, /Could not write .*saved\.txt\/out: a part of its path is missing or is not a folder\./, /--output DIR/);
});

test('report onto a full disk: "the disk is full", exit 1, the earlier outputs untouched and no temporary file left', async (t) => {
  const full = tmpfs('1m');
  if (!full) return t.skip('cannot mount a tmpfs here');
  const dir = workDir();
  const first = await runCli(['report', path.join(dir, 'saved.txt'), '--output', full]);
  assert.equal(first.code, 0, first.stderr);
  const before = new Map(readdirSync(full).map((f) => [f, readFileSync(path.join(full, f), 'utf8')]));
  // Fill the disk to the last few KB: the next outputs cannot fit.
  const free = Number(spawnSync('df', ['--output=avail', '-B1', full], { encoding: 'utf8' }).stdout.trim().split('\n')[1]);
  writeFileSync(path.join(full, 'filler'), Buffer.alloc(Math.max(0, free - 16 * 1024)));
  copyFileSync(OTHER_FIXTURE, path.join(dir, 'other.txt'));
  const r = await runCli(['report', path.join(dir, 'other.txt'), '--output', full]);
  plainFailure(r, /Could not write .*: the disk is full\. Nothing was left half-written\./, /Free some space and run again\./);
  assert.deepEqual(leftovers(full), [], 'no temporary file left behind');
  for (const [f, text] of before) assert.equal(readFileSync(path.join(full, f), 'utf8'), text, `${f} as it was`);
});

test('PERF=/bin/false: "does not work as perf", exit 1, before any build', async () => {
  const crate = tmpCrate('falseperf', 'fn main() {}\n');
  const out = mkdtempSync(path.join(tmpdir(), 'rf-out-'));
  const r = await runCli(['record', '--manifest-path', path.join(crate, 'Cargo.toml'), '--output', out], {
    env: { ...process.env, PERF: '/bin/false' },
  });
  plainFailure(
    r,
    /\/bin\/false does not work as perf: `\/bin\/false version` exited with 1 and printed nothing\./,
    /Point PERF \/ --perf at perf itself\./,
  );
  assert.doesNotMatch(r.stderr, /Building|Compiling|perf record failed/, 'checked before spending a build');
});

test('CARGO=/bin/false: "does not work as cargo", not "run it inside a cargo project"', async () => {
  const crate = tmpCrate('falsecargo', 'fn main() {}\n');
  const r = await runCli(['record', '--output', mkdtempSync(path.join(tmpdir(), 'rf-out-'))], {
    cwd: crate,
    env: { ...process.env, CARGO: '/bin/false' },
  });
  plainFailure(
    r,
    /\/bin\/false does not work as cargo: `\/bin\/false --version` exited with 1\./,
    /Point the CARGO environment variable at cargo itself/,
  );
  assert.doesNotMatch(r.stderr, /inside a cargo project/);
});
