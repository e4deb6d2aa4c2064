// The notification's words for the engine's typed progress: the crate cargo
// compiles, the seconds recorded, the later phases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressText } from '../../src/extension/progressText';

test('the notification names the crate being compiled and the seconds recorded', () => {
  assert.equal(progressText({ phase: 'build' }), 'building with debug info…');
  assert.equal(progressText({ phase: 'build', crate: 'seed-demo', built: 3 }), 'building: compiling seed-demo (3 done)…');
  assert.equal(progressText({ phase: 'build', built: 4 }), 'building with debug info… (4 done)');
  assert.equal(progressText({ phase: 'record', seconds: 0 }), 'recording…');
  assert.equal(progressText({ phase: 'record', seconds: 7 }), 'recording… 7 s (Stop Profiling ends it and keeps the profile)');
  assert.equal(progressText({ phase: 'symbolize' }), 'symbolizing…');
  assert.equal(progressText({ phase: 'write' }), 'writing the flamegraph…');
});
