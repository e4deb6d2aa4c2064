// Two named threads: each is a root frame of its own with its own work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fixtureCrate } from '../helpers/repo';
import { recordJson, paths } from './profileFixtures';

test('two threads doing different work are two roots named after the threads', async () => {
  const { summary, profile } = await recordJson(path.join(fixtureCrate('two-threads'), 'Cargo.toml'));
  const all = paths(profile);
  const under = (root: string, name: string) =>
    all.filter((p) => p.names[0] === root && p.names.includes(name)).reduce((s, p) => s + p.self, 0);
  const numbers = under('numbers', 'two_threads::crunch_numbers');
  const bytes = under('bytes', 'two_threads::shuffle_bytes');
  assert.ok(numbers > summary.samples * 0.2, `numbers thread: ${numbers} of ${summary.samples}`);
  assert.ok(bytes > summary.samples * 0.2, `bytes thread: ${bytes} of ${summary.samples}`);
  assert.equal(under('numbers', 'two_threads::shuffle_bytes'), 0);
  assert.equal(under('bytes', 'two_threads::crunch_numbers'), 0);
});
