// Outputs are replaced, never written through a link planted at their name:
// a repository holding `profile.json -> ~/.bashrc` beside a perf.data must not
// get ~/.bashrc overwritten when that perf.data is opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as os from 'node:os';
import { promises as fs } from 'node:fs';
import { writeOutputs } from '../../src/core/export/writeOutputs';
import { exportJob } from '../../src/core/jobs/jobs';
import { profileFromFolded } from './helpers/profileFromFolded';

async function plant(dir: string, names: string[]): Promise<string> {
  const victim = path.join(dir, 'victim.sh');
  await fs.writeFile(victim, 'echo safe\n');
  for (const n of names) await fs.symlink(victim, path.join(dir, n));
  return victim;
}

test('writeOutputs replaces links planted at profile.json, stacks.folded, flamegraph.svg and .html; their target is untouched', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-links-'));
  const victim = await plant(dir, ['profile.json', 'stacks.folded', 'flamegraph.svg', 'flamegraph.html']);
  const profile = profileFromFolded('app;main;$(touch PWNED) 5\n');
  const out = await writeOutputs(profile, dir, 'links');
  assert.equal(await fs.readFile(victim, 'utf8'), 'echo safe\n');
  for (const f of [out.profile, out.folded, out.svg, out.html]) {
    assert.ok((await fs.lstat(f)).isFile(), `${f} is a file of its own`);
  }
  assert.match(await fs.readFile(out.folded, 'utf8'), /\$\(touch PWNED\) 5/);
  assert.deepEqual(
    (await fs.readdir(dir)).filter((n) => n.endsWith('.tmp')),
    [],
    'no temporary file left',
  );
});

test('Export replaces a link planted at its destination', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-links-'));
  const { profile } = await writeOutputs(profileFromFolded('app;main 3\n'), dir, 'x', 'profileOnly');
  const victim = await plant(dir, ['export.svg']);
  await exportJob({ type: 'export', profileJson: profile, format: 'svg', destination: path.join(dir, 'export.svg'), title: 'x' });
  assert.equal(await fs.readFile(victim, 'utf8'), 'echo safe\n');
  assert.match(await fs.readFile(path.join(dir, 'export.svg'), 'utf8'), /<svg/);
});
