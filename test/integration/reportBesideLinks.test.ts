// The command line's `report FILE` writes its outputs beside FILE (as
// documented), but never through a link planted there: a folder holding
// `stacks.folded -> ~/.bashrc` beside saved perf script text keeps its victim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as os from 'node:os';
import { copyFileSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { runCli, repoRoot } from '../helpers/repo';

test('report FILE replaces links planted beside FILE at its outputs; their targets are untouched', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-report-links-'));
  try {
    const text = path.join(dir, 'saved.perf.txt');
    copyFileSync(path.join(repoRoot(), 'test', 'fixtures', 'perf', 'seed-demo-perf6.1-noinline.txt'), text);
    const victim = path.join(dir, 'victim.sh');
    writeFileSync(victim, 'echo safe\n');
    const names = ['stacks.folded', 'profile.json', 'flamegraph.svg', 'flamegraph.html'];
    for (const n of names) symlinkSync(victim, path.join(dir, n));
    const r = await runCli(['report', text]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(victim, 'utf8'), 'echo safe\n', 'an output was written through its link');
    for (const n of names) assert.ok(lstatSync(path.join(dir, n)).isFile(), `${n} is a file of its own`);
    assert.match(readFileSync(path.join(dir, 'stacks.folded'), 'utf8'), /seed_demo/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
