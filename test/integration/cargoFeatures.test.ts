// Cargo's target selection flags on a crate whose second binary has
// `required-features = ["extra"]` (test/fixtures/crates/features-demo):
// without the feature, record refuses before building and names --features;
// with it, the binary is built (into --target-dir's rust-flamegraph folder)
// and profiled with real cargo and perf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fixtureCrate, runCli } from '../helpers/repo';
import type { JsonSummary } from '../../src/core/export/summary';
import { fn } from './profileFixtures';
import { recordJob, targetsJob } from '../../src/core/jobs/jobs';
import { defaultRecordSettings } from '../../src/protocol/settings';
import type { RecordJob } from '../../src/protocol/engineMessages';
import { UserError } from '../../src/core/errors';
import { editorView } from '../../src/model/diagnostics';
import { recordingHost } from '../helpers/jobHost';

const manifest = path.join(fixtureCrate('features-demo'), 'Cargo.toml');

test('a binary with required-features: refused before building with a message naming --features; built and profiled with --features', async () => {
  const targetDir = mkdtempSync(path.join(tmpdir(), 'rf-target-'));
  const refused = await runCli([
    'record',
    '--manifest-path',
    manifest,
    '--bin',
    'needs-extra',
    '--target-dir',
    targetDir,
    '--duration',
    '1',
  ]);
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /bin needs-extra of package features-demo requires the feature extra/);
  assert.match(refused.stderr, /--features extra/);
  assert.doesNotMatch(refused.stderr, /Compiling|stack|at .*\.js/);
  assert.ok(!existsSync(path.join(targetDir, 'rust-flamegraph')), 'nothing was built');

  // cargo's own spelling, --features=extra; --target-dir is the base of our build and profiles folders.
  const ok = await runCli([
    'record',
    '--manifest-path',
    manifest,
    '--bin',
    'needs-extra',
    '--features=extra',
    '--target-dir',
    targetDir,
    '--duration',
    '1',
    '--json',
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  const summary = JSON.parse(ok.stdout) as JsonSummary;
  assert.ok(summary.samples > 20, `${summary.samples} samples`);
  // The function exists only with the feature on.
  assert.ok(fn(summary, 'needs_extra::extra_hot_loop').totalSamples > summary.samples * 0.3);
  assert.ok(
    existsSync(path.join(targetDir, 'rust-flamegraph', 'release', 'needs-extra')),
    'the build went to <target-dir>/rust-flamegraph',
  );
  // The profile went into the target's history under <target-dir>/rust-flamegraph/profiles (a folder per recording).
  const history = path.join(targetDir, 'rust-flamegraph', 'profiles', 'bin-needs-extra');
  const profile = summary.outputs?.profile ?? '';
  assert.equal(path.dirname(path.dirname(profile)), history, `the profile went to ${profile}`);
  assert.ok(existsSync(profile), 'the profile went to <target-dir>/rust-flamegraph/profiles');
  assert.ok(JSON.parse(readFileSync(profile, 'utf8')).samples > 0);
});

test('several binaries: the message says how to choose, with the feature the second one needs', async () => {
  const r = await runCli(['record', '--manifest-path', manifest]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /several binaries/);
  assert.match(r.stderr, /--bin NAME/);
  assert.match(r.stderr, /--package features-demo --bin features-demo\n/);
  assert.match(r.stderr, /--package features-demo --bin needs-extra --features extra/);
});

test("the record job as VS Code sends it: the features setting's absence is refused with the setting named; the job's targetDir is the base", async () => {
  const host = recordingHost();
  const ws = await targetsJob({ type: 'targets', manifestPath: manifest, cargoPath: '' }, host);
  const target = ws.targets.find((t) => t.name === 'needs-extra');
  assert.deepEqual(target?.requiredFeatures, ['extra'], 'cargo metadata lists the required features without any feature flag');
  const targetDir = mkdtempSync(path.join(tmpdir(), 'rf-target-'));
  const job: RecordJob = { type: 'record', workspace: ws, target: target!, settings: { ...defaultRecordSettings(), targetDir } };
  await assert.rejects(recordJob(job, host), (e: unknown) => {
    assert.ok(e instanceof UserError);
    const view = editorView(e.diagnostic);
    assert.match(view.text, /requires the feature extra.*Add "extra" to rustFlamegraph\.features/);
    assert.equal(view.setting?.key, 'rustFlamegraph.features');
    return true;
  });
  assert.ok(!existsSync(path.join(targetDir, 'rust-flamegraph')), 'refused before building');
});
