// A program that panics at the end still yields its profile (exit code 0),
// with a warning naming its exit status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fixtureCrate } from '../helpers/repo';
import { recordJson, fn } from './profileFixtures';

test('a panicking program keeps its profile and the warning names the exit status', async () => {
  const { summary, cli, profile } = await recordJson(path.join(fixtureCrate('panics-at-end'), 'Cargo.toml'));
  assert.equal(cli.code, 0);
  assert.match(
    cli.stderr,
    /warning: panics-at-end exited with exit status 101 after a panic: thread 'main'.* panicked at src\/main\.rs:17:5/,
  );
  assert.ok(profile.meta.warnings.some((w) => w.includes('exit status 101')));
  assert.ok(summary.warnings.some((w) => w.includes('exit status 101')));
  assert.ok(fn(summary, 'panics_at_end::busy_work').totalSamples > summary.samples * 0.5);
  // The program's own output went to stderr, not into the JSON on stdout.
  assert.match(cli.stderr, /computed \d+/);
});
