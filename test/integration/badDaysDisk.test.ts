// A small disk, for real: tmpfs mounts as --output. A recording that cannot
// fit is refused before the build; one that fills the disk is stopped with
// the profile kept and readable; a disk without room for perf to finish its
// file is refused; a disk filled by someone else while perf writes is named.
// Needs root (mount), as here and in CI.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn, spawnSync } from 'node:child_process';
import { repoRoot, runCli } from '../helpers/repo';
import { tmpCrate } from '../helpers/badDays';
import type { JsonSummary } from '../../src/core/export/summary';

const mountPoint = mkdtempSync(path.join(tmpdir(), 'rf-tmpfs-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mountPoint]).status === 0;
after(() => {
  if (mounted) spawnSync('umount', [mountPoint]);
});
const forever = tmpCrate(
  'filler',
  `
fn main() {
    let mut x = 0u64;
    loop { x = std::hint::black_box(x.wrapping_add(1)); }
}
`,
);

test('--duration 60 with dwarf stacks cannot fit in 64 MB: refused before building, with the sizes and the fixes', async (t) => {
  if (!mounted) return t.skip('mount -t tmpfs needs root');
  const dir = path.join(mountPoint, 'refused');
  const r = await runCli(['record', '--manifest-path', path.join(forever, 'Cargo.toml'), '--output', dir, '--duration', '60']);
  assert.equal(r.code, 1, r.stderr);
  // Compressed (the default): 2 KB per sample x 997 Hz x 60 s = 123 MB
  assert.match(r.stderr, /error: This recording would need about 123 MB for perf\.data, but .*refused has 6\d MB free\./);
  assert.match(r.stderr, /shorter --duration.*--freq.*--output DIR/);
  const raw = await runCli([
    'record',
    '--manifest-path',
    path.join(forever, 'Cargo.toml'),
    '--output',
    dir,
    '--duration',
    '60',
    '--compression',
    'none',
  ]);
  // Uncompressed: (32768 + 1024) bytes per sample x 997 Hz x 60 s = 2021 MB
  assert.match(raw.stderr, /error: This recording would need about 2021 MB for perf\.data, but .*refused has 6\d MB free\./);
  assert.match(raw.stderr, /--compression zstd/);
  assert.doesNotMatch(r.stderr, /Building/, 'refused before the build');
  assert.equal(existsSync(path.join(dir, 'perf.data')), false);
});

test('a recording that fills the disk is stopped before it is full, with a warning; the profile is kept', async (t) => {
  if (!mounted) return t.skip('mount -t tmpfs needs root');
  const dir = path.join(mountPoint, 'filled');
  // Uncompressed, so that it fills 64 MB in seconds (compressed it would take minutes).
  const r = await runCli(
    ['record', '--manifest-path', path.join(forever, 'Cargo.toml'), '--output', dir, '--json', '--compression', 'none'],
    {
      timeoutMs: 120_000,
    },
  );
  assert.equal(r.code, 0, r.stderr);
  // The floor: a quarter of 64 MB (16 MB), or the room perf needs to finish (25 MB with two 4 MB buffers), whichever is more.
  assert.match(
    r.stderr,
    /warning: Recording stopped early: free space in .*filled fell to \d+ MB \(under [12]\d MB\)\. The profile so far is kept\./,
  );
  const s = JSON.parse(r.stdout) as JsonSummary;
  assert.ok(s.samples > 200, `${s.samples} samples`);
  assert.ok(s.warnings.some((w) => w.startsWith('Recording stopped early')));
  assert.ok(existsSync(path.join(dir, 'perf.data')) && existsSync(path.join(dir, 'flamegraph.svg')));
});

/** A tmpfs of `size`, unmounted after the tests; null when mount is not allowed. */
function smallDisk(size: string): string | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-tmpfs-'));
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status !== 0) return null;
  after(() => spawnSync('umount', [dir]));
  return dir;
}

test('6 MB free: compressed, a short recording fits and reads back; uncompressed is refused before building, not left unreadable', async (t) => {
  const disk = smallDisk('6m');
  if (!disk) return t.skip('mount -t tmpfs needs root');
  const ok = await runCli([
    'record',
    '--manifest-path',
    path.join(forever, 'Cargo.toml'),
    '--output',
    path.join(disk, 'z'),
    '--duration',
    '2',
    '--json',
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok((JSON.parse(ok.stdout) as JsonSummary).samples > 100, ok.stdout);
  // Before: perf hit ENOSPC, the tool said "The profile so far is kept" and the perf.data could not be read.
  const raw = await runCli([
    'record',
    '--manifest-path',
    path.join(forever, 'Cargo.toml'),
    '--output',
    path.join(disk, 'raw'),
    '--compression',
    'none',
  ]);
  assert.equal(raw.code, 1, raw.stderr);
  assert.match(
    raw.stderr,
    /error: Only \d MB is free in .*raw: perf needs about \d+ MB of room to record and finish its file, so nothing was recorded\./,
  );
  assert.match(raw.stderr, /--compression zstd/);
  assert.doesNotMatch(raw.stderr, /Building|is kept/);
});

test('a disk filled by another writer while perf records: a plain error that the perf.data is incomplete, never "kept"', async (t) => {
  const disk = smallDisk('64m');
  if (!disk) return t.skip('mount -t tmpfs needs root');
  const dir = path.join(disk, 'out');
  const child = spawn(process.execPath, [
    path.join(repoRoot(), 'dist', 'cli.js'),
    'record',
    '--manifest-path',
    path.join(forever, 'Cargo.toml'),
    '--output',
    dir,
    '--compression',
    'none',
  ]);
  let stderr = '';
  let filled = false;
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
    // Once perf records, take every free byte at once: faster than any watch can react.
    if (!filled && /Recording /.test(stderr)) {
      filled = true;
      setTimeout(() => spawnSync('sh', ['-c', `cat /dev/zero > '${path.join(disk, 'hog')}' 2>/dev/null; true`]), 300);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.ok(filled, stderr);
  assert.equal(code, 1, stderr);
  assert.match(
    stderr,
    /error: The disk filled up while perf was writing .*out\/perf\.data: the file is incomplete and perf cannot read it back/,
  );
  assert.doesNotMatch(stderr, /The profile so far is kept/);
});
