// The title a job gives a profile travels in profile.json (meta.title), so the
// profile opened again later (double-click, window reload) has the same title.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { reportJob } from '../../src/core/jobs/jobs';
import { repoRoot } from '../helpers/repo';
import { recordingHost } from '../helpers/jobHost';

test("reportJob writes its title into the profile: the perf script file's name", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-title-'));
  try {
    const file = path.join(repoRoot(), 'test', 'fixtures', 'perf', 'seed-demo-perf6.1-inline.txt');
    const r = await reportJob({ type: 'report', file, perf: 'perf', outputDir: dir, outputs: 'profileOnly' }, recordingHost());
    assert.equal(r.title, 'seed-demo-perf6.1-inline.txt');
    assert.equal(r.profile.meta.title, r.title);
    assert.equal(JSON.parse(readFileSync(r.written.profile, 'utf8')).meta.title, r.title);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
