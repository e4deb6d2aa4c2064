// What a job writes: everything for the command line, profile.json alone for
// VS Code (which writes the other formats through Export).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeOutputs } from '../../src/core/export/writeOutputs';
import { profileFromFolded } from './helpers/profileFromFolded';

const profile = profileFromFolded('main;work;hot 30\nmain;idle 10\n');

test("'profileOnly' writes profile.json and nothing else", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-outputs-'));
  const written = await writeOutputs(profile, dir, 'bin demo', 'profileOnly');
  assert.deepEqual(written, { profile: path.join(dir, 'profile.json') });
  assert.deepEqual(await fs.readdir(dir), ['profile.json']);
  assert.equal(JSON.parse(await fs.readFile(written.profile, 'utf8')).samples, profile.samples);
});

test('by default (the CLI) all four outputs are written', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-outputs-'));
  const written = await writeOutputs(profile, dir, 'bin demo');
  assert.deepEqual(Object.keys(written).sort(), ['folded', 'html', 'profile', 'svg']);
  assert.deepEqual((await fs.readdir(dir)).sort(), ['flamegraph.html', 'flamegraph.svg', 'profile.json', 'stacks.folded']);
});
