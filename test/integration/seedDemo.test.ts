// The bundled example, profiled end to end as the README's main command does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync, existsSync } from 'node:fs';
import { repoRoot } from '../helpers/repo';
import { recordJson, fn, paths } from './profileFixtures';

const manifest = path.join(repoRoot(), 'examples', 'seed-demo', 'Cargo.toml');
const mainRs = path.join(repoRoot(), 'examples', 'seed-demo', 'src', 'main.rs');

test('record profiles the seed demo: process_data is hot, at its loop lines', async () => {
  const { summary, profile, outputDir, cli } = await recordJson(manifest);
  assert.ok(summary.samples > 200, `only ${summary.samples} samples`);
  assert.ok(['cpu-clock', 'cycles'].includes(summary.event), summary.event);
  assert.match(cli.stderr, /Sampling (cpu-clock|the cycles event)/);

  const hot = fn(summary, 'seed_demo::process_data');
  assert.equal(hot.file, mainRs);
  assert.ok(hot.totalSamples > summary.samples * 0.6, `process_data has ${hot.totalSamples} of ${summary.samples}`);
  assert.ok(hot.line! >= 8 && hot.line! <= 11, `hot line ${hot.line}`);
  const main = fn(summary, 'seed_demo::main');
  assert.ok(main.totalSamples >= hot.totalSamples, 'main is on the stack of process_data');
  assert.ok(
    summary.functions.every((f, i, a) => i === 0 || a[i - 1].totalSamples >= f.totalSamples),
    'functions sorted by total',
  );
  assert.ok(
    summary.functions.every((f) => !/::h[0-9a-f]{16}$/.test(f.name)),
    'no hash suffixes',
  );

  const lines = summary.lines.filter((l) => l.file === mainRs);
  // A sample is on one line of process_data at most, so the loop lines' totals add up without double counting.
  const loopSamples = lines.filter((l) => l.line >= 8 && l.line <= 11).reduce((s, l) => s + l.totalSamples, 0);
  assert.ok(loopSamples > summary.samples * 0.6, `loop lines have ${loopSamples} samples`);
  assert.ok(loopSamples <= summary.samples);
  // The std helpers inlined into the loop are frames of their own, on top of process_data.
  const inlinedStd = summary.functions.filter((f) => f.file?.includes('/library/core/src/') && f.selfSamples > 0);
  assert.ok(inlinedStd.length > 0, 'an inlined core function carries self time');
  assert.ok(profile.frames.filter((f) => f.kind === 'std' && f.inlined).length > 0);

  // Stacks come out whole (rust-lld linked): the hot samples reach main and the process root.
  const hotPaths = paths(profile).filter((p) => p.names.includes('seed_demo::process_data'));
  const whole = hotPaths.filter((p) => p.names[0] === 'seed-demo' && p.names.includes('seed_demo::main') && p.names.includes('main'));
  const wholeSamples = whole.reduce((s, p) => s + p.self, 0);
  assert.ok(wholeSamples >= hot.totalSamples * 0.95, `${wholeSamples} of ${hot.totalSamples} hot samples have whole stacks`);

  for (const f of ['perf.data', 'profile.json', 'stacks.folded', 'flamegraph.svg']) assert.ok(existsSync(path.join(outputDir, f)), f);
  assert.equal(profile.schemaVersion, 1);
  const folded = readFileSync(path.join(outputDir, 'stacks.folded'), 'utf8').trimEnd().split('\n');
  assert.ok(
    folded.every((l) => /^[^;]+(;[^;]+)* \d+$/.test(l)),
    'folded format',
  );
  assert.equal(
    folded.reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0),
    summary.samples,
  );
  assert.ok(folded.some((l) => l.startsWith('seed-demo;') && l.includes(';seed_demo::main;seed_demo::process_data')));
  const svg = readFileSync(path.join(outputDir, 'flamegraph.svg'), 'utf8');
  assert.match(svg, /seed_demo::process_data/);
});
