// A helper inlined into its caller keeps its own frame and its own lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fixtureCrate } from '../helpers/repo';
import { recordJson, fn, paths } from './profileFixtures';

test('an inlined hot function is a frame of its own, with its own file:line, under its caller', async () => {
  const crate = fixtureCrate('inlined-hot');
  const mainRs = path.join(crate, 'src', 'main.rs');
  const { summary, profile } = await recordJson(path.join(crate, 'Cargo.toml'));
  const mix = fn(summary, 'inlined_hot::mix');
  const caller = fn(summary, 'inlined_hot::hash_all');
  assert.equal(mix.file, mainRs);
  assert.ok(mix.line! >= 7 && mix.line! <= 11, `mix's hot line is ${mix.line}`);
  assert.ok(mix.totalSamples > summary.samples * 0.5, `mix has ${mix.totalSamples} of ${summary.samples}`);
  assert.equal(caller.file, mainRs);
  assert.ok(caller.totalSamples >= mix.totalSamples);
  // The caller's line is the call site of the inlined helper (line 18).
  assert.ok(summary.lines.some((l) => l.file === mainRs && l.line === 18 && l.totalSamples >= mix.totalSamples * 0.9));
  const mixFrame = profile.frames.find((f) => f.name === 'inlined_hot::mix');
  assert.equal(mixFrame?.inlined, true, 'marked as inlined');
  const mixPaths = paths(profile).filter((p) => p.names.at(-1) === 'inlined_hot::mix');
  assert.ok(mixPaths.length > 0);
  for (const p of mixPaths) assert.equal(p.names.at(-2), 'inlined_hot::hash_all', p.names.join(';'));
});
