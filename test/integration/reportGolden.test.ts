// `report` of every saved perf script text in the repository (FlameGraph's corpus and the seed demo's texts)
// gives the same profile.json, stacks.folded and flamegraph.svg as the build these digests were made with:
// a change made for speed must not change a byte of what users get. The binaries the texts name are never
// read (the seed demo's were built at /work/main, which a machine may have: its paths are moved where nothing
// is), so the outputs are the same on every machine: this pins the parser, the stack collector, the model and
// the exporters; the symbolizers are pinned against each other in symbolizers.test.ts.
//
// After a change that is meant to change the outputs: RF_UPDATE_GOLDEN=1 node --test out/test/integration/reportGolden.test.js
// (RF_GOLDEN_CLI=path/to/cli.js makes the digests with another build, e.g. the one before a change).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { corpusDir, repoRoot } from '../helpers/repo';

const DIGESTS = path.join(repoRoot(), 'test', 'fixtures', 'report-golden.json');
const OUTPUTS = ['profile.json', 'stacks.folded', 'flamegraph.svg'] as const;

function inputs(): string[] {
  const perf = path.join(repoRoot(), 'test', 'fixtures', 'perf');
  return [
    ...readdirSync(corpusDir())
      .filter((f) => f.startsWith('perf-') && f.endsWith('.txt'))
      .map((f) => path.join(corpusDir(), f)),
    ...readdirSync(perf)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => path.join(perf, f)),
  ].sort();
}

/** The outputs' digests; the time of the report is the one thing that differs from run to run. */
function digestsOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of OUTPUTS) {
    let text = readFileSync(path.join(dir, name), 'utf8');
    if (name === 'profile.json') text = text.replace(/"createdAt":"[^"]*"/, '"createdAt":""');
    out[name] = createHash('sha256').update(text).digest('hex');
  }
  return out;
}

test('report outputs are byte-identical to the golden digests on every saved perf script text', () => {
  const cli = process.env.RF_GOLDEN_CLI ?? path.join(repoRoot(), 'dist', 'cli.js');
  const root = mkdtempSync(path.join(tmpdir(), 'rf-golden-'));
  const got: Record<string, Record<string, string>> = {};
  for (const input of inputs()) {
    const name = path.basename(input);
    const dir = path.join(root, name.replace(/\.txt$/, ''));
    const file = path.join(root, name);
    writeFileSync(file, readFileSync(input, 'utf8').replaceAll('/work/main/', '/nonexistent-build-tree/'));
    const r = spawnSync(process.execPath, [cli, 'report', file, '--output', dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, `report ${name}: ${r.stderr}`);
    got[name] = digestsOf(dir);
  }
  if (process.env.RF_UPDATE_GOLDEN || !existsSync(DIGESTS)) {
    writeFileSync(DIGESTS, JSON.stringify(got, null, 2) + '\n');
    assert.ok(process.env.RF_UPDATE_GOLDEN, `${DIGESTS} was missing and is now written: commit it`);
    return;
  }
  const want = JSON.parse(readFileSync(DIGESTS, 'utf8')) as typeof got;
  assert.deepEqual(Object.keys(got), Object.keys(want), 'the inputs are those the digests were made for');
  for (const name of Object.keys(want)) assert.deepEqual(got[name], want[name], `outputs of report ${name}`);
});
