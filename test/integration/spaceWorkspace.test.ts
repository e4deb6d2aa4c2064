// A workspace whose path holds a space, with the hot function in a library member.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fixtureCrate } from '../helpers/repo';
import { recordJson, fn } from './profileFixtures';

test('a workspace with a space in its path: the library member is user code with file:line', async () => {
  const ws = fixtureCrate('space workspace');
  const { summary, profile } = await recordJson(path.join(ws, 'Cargo.toml'));
  const hot = fn(summary, 'hotlib::is_prime');
  assert.equal(hot.file, path.join(ws, 'hotlib', 'src', 'lib.rs'));
  assert.ok(hot.totalSamples > summary.samples * 0.5, `${hot.totalSamples} of ${summary.samples}`);
  assert.ok(hot.line! >= 8 && hot.line! <= 14, `line ${hot.line}`);
  assert.equal(profile.frames.find((f) => f.name === 'hotlib::is_prime')?.kind, 'user');
  assert.equal(profile.meta.workspaceRoot, ws);
});
