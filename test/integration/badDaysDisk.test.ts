// A small disk, for real: a 64 MB tmpfs as --output. A recording that cannot
// fit is refused before the build; one that fills the disk is stopped with
// the profile kept. Needs root (mount), as here and in CI.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { runCli } from '../helpers/repo';
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
  // (32768 + 1024) bytes per sample x 997 Hz x 60 s = 2021 MB
  assert.match(r.stderr, /error: This recording would need about 2021 MB for perf\.data, but .*refused has 6\d MB free\./);
  assert.match(r.stderr, /shorter --duration.*--freq.*--call-graph fp.*--output DIR/);
  assert.doesNotMatch(r.stderr, /Building/, 'refused before the build');
  assert.equal(existsSync(path.join(dir, 'perf.data')), false);
});

test('a recording that fills the disk is stopped before it is full, with a warning; the profile is kept', async (t) => {
  if (!mounted) return t.skip('mount -t tmpfs needs root');
  const dir = path.join(mountPoint, 'filled');
  const r = await runCli(['record', '--manifest-path', path.join(forever, 'Cargo.toml'), '--output', dir, '--json'], {
    timeoutMs: 120_000,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /warning: Recording stopped early: free space in .*filled fell to \d+ MB \(under 1\d MB\)\. The profile so far is kept\./,
  );
  const s = JSON.parse(r.stdout) as JsonSummary;
  assert.ok(s.samples > 200, `${s.samples} samples`);
  assert.ok(s.warnings.some((w) => w.startsWith('Recording stopped early')));
  assert.ok(existsSync(path.join(dir, 'perf.data')) && existsSync(path.join(dir, 'flamegraph.svg')));
});
