// A 300-deep recursion survives: perf's defaults (8 KB of stack, 127 frames)
// would cut it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fixtureCrate } from '../helpers/repo';
import { recordJson, fn, paths } from './profileFixtures';

test('call chains of a 300-deep recursion come out whole, and totals count each sample once', async () => {
  const { summary, profile } = await recordJson(path.join(fixtureCrate('deep-recursion'), 'Cargo.toml'));
  const bottom = paths(profile).filter(
    (p) => p.names.at(-1) === 'deep_recursion::spin_at_bottom' || p.names.includes('deep_recursion::spin_at_bottom'),
  );
  const bottomSamples = bottom.reduce((s, p) => s + p.self, 0);
  assert.ok(bottomSamples > summary.samples * 0.5, `${bottomSamples} of ${summary.samples}`);
  // descend(300) … descend(1) are on the stack; descend(0) tail-calls spin_at_bottom, so its frame is gone.
  const whole = bottom.filter(
    (p) =>
      p.names.filter((n) => n === 'deep_recursion::descend').length === 300 &&
      p.names.includes('deep_recursion::main') &&
      p.names[0] === 'deep-recursion',
  );
  const wholeSamples = whole.reduce((s, p) => s + p.self, 0);
  assert.ok(wholeSamples >= bottomSamples * 0.95, `${wholeSamples} of ${bottomSamples} bottom samples have all 300 levels and main`);
  // Recursion must not inflate totals: descend is on the stack 301 times but counts once.
  const descend = fn(summary, 'deep_recursion::descend');
  assert.ok(descend.totalSamples <= summary.samples);
  assert.ok(descend.totalSamples >= bottomSamples);
});
