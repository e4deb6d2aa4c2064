// The engine's job layer driven as the worker and the command line drive it
// (src/core/jobs): typed progress, the build's compiler messages as
// diagnostics, cancellation as an AbortError, Stop keeping the profile.
// Real cargo and perf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { recordJob, targetsJob } from '../../src/core/jobs/jobs';
import { selectTarget } from '../../src/core/cargo/metadata';
import { defaultRecordSettings } from '../../src/protocol/settings';
import type { RecordJob } from '../../src/protocol/engineMessages';
import { fixtureCrate, repoRoot } from '../helpers/repo';
import { tmpCrate } from '../helpers/badDays';
import { recordingHost, RecordingHost } from '../helpers/jobHost';

async function jobFor(manifestPath: string, host: RecordingHost, extra: Partial<RecordJob> = {}): Promise<RecordJob> {
  const ws = await targetsJob({ type: 'targets', manifestPath, cargoPath: '' }, host);
  const target = selectTarget(ws, {});
  return {
    type: 'record',
    workspace: ws,
    target,
    settings: defaultRecordSettings(),
    outputDir: mkdtempSync(path.join(tmpdir(), 'rf-job-')),
    ...extra,
  };
}

test('a failed build: its compiler messages arrive as typed diagnostics with file:line:col; perf never runs', async () => {
  const host = recordingHost();
  const crate = fixtureCrate('type-error');
  const job = await jobFor(path.join(crate, 'Cargo.toml'), host);
  await assert.rejects(recordJob(job, host), (e: Error & { details?: string }) => {
    assert.equal(e.name, 'UserError');
    assert.match(e.message, /build failed/);
    assert.match(e.details ?? '', /error\[E0308\]: mismatched types/);
    return true;
  });
  const error = host.diagnostics.find((d) => d.severity === 'error');
  assert.deepEqual(error, {
    file: path.join(crate, 'src', 'main.rs'),
    line: 3,
    column: 18,
    endLine: 3,
    endColumn: 32,
    severity: 'error',
    message: 'mismatched types',
    code: 'E0308',
  });
  // Still in the log, as rustc renders them.
  assert.ok(host.logs.some((l) => /error\[E0308\]: mismatched types/.test(l.text)));
  assert.ok(
    host.progressSeen.some((p) => p.phase === 'build' && p.crate === 'type-error'),
    JSON.stringify(host.progressSeen),
  );
  assert.ok(!host.progressSeen.some((p) => p.phase === 'record'), 'recording started after a failed build');
  assert.ok(!host.commands.some((c) => c[1] === 'record'), 'perf record ran');
});

test('typed progress: building (crate, units built), recording (seconds), symbolizing, writing', async () => {
  const host = recordingHost();
  const manifest = path.join(repoRoot(), 'examples', 'seed-demo', 'Cargo.toml');
  const job = await jobFor(manifest, host);
  job.settings.programArguments = ['40000'];
  const r = await recordJob(job, host);
  const phases = [...new Set(host.progressSeen.map((p) => p.phase))];
  assert.deepEqual(phases, ['build', 'record', 'symbolize', 'write']);
  assert.ok(
    host.progressSeen.some((p) => p.phase === 'build' && (p.built ?? 0) >= 1),
    'units built are counted',
  );
  assert.ok(host.progressSeen.every((p) => p.phase !== 'record' || typeof p.seconds === 'number'));
  assert.ok(r.profile.samples > 0 && existsSync(r.written.profile) && existsSync(r.perfData!));
  assert.equal(r.title, 'bin seed-demo');
  assert.equal(r.profile.meta.title, 'bin seed-demo', 'profile.json carries the title');
  assert.equal(JSON.parse(readFileSync(r.written.profile, 'utf8')).meta.title, 'bin seed-demo');
});

const spin = `fn main() { let mut x = 0u64; loop { x = std::hint::black_box(x.wrapping_add(1)); } }\n`;

test('cancel while recording: the job rejects with an AbortError, nothing of it keeps running', async () => {
  const host = recordingHost();
  const crate = tmpCrate('spin-cancel', spin);
  const job = await jobFor(path.join(crate, 'Cargo.toml'), host);
  const done = recordJob(job, host);
  await host.when((p) => p.phase === 'record' && p.seconds >= 1);
  host.cancel.abort();
  await assert.rejects(done, (e: Error) => e.name === 'AbortError');
  await new Promise((r) => setTimeout(r, 700));
  const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(path.join(crate, 'target')));
  assert.deepEqual(left, []);
});

test('cancel while building: an AbortError too, and no recording', async () => {
  const host = recordingHost();
  const crate = tmpCrate('spin-cancel-build', spin);
  const job = await jobFor(path.join(crate, 'Cargo.toml'), host);
  const done = recordJob(job, host);
  await host.when((p) => p.phase === 'build');
  host.cancel.abort();
  await assert.rejects(done, (e: Error) => e.name === 'AbortError');
  assert.ok(!host.progressSeen.some((p) => p.phase === 'record'));
});

test('stop (the stop signal) ends the recording and keeps the profile', async () => {
  const host = recordingHost();
  const crate = tmpCrate('spin-stop', spin);
  const job = await jobFor(path.join(crate, 'Cargo.toml'), host);
  const done = recordJob(job, host);
  await host.when((p) => p.phase === 'record' && p.seconds >= 1);
  host.stop.abort();
  const r = await done;
  assert.ok(r.profile.samples > 100 && existsSync(r.perfData!), `${r.profile.samples} samples`);
  assert.ok(!r.profile.meta.warnings.some((w) => /exited with|ended by signal/.test(w)), r.profile.meta.warnings.join('\n'));
});
