// The lens attribution on a real profile: the fixture crate built and
// profiled with real cargo and perf, its main.rs parsed by tree-sitter, and
// every compiled shape of a function landing on its source `fn`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fixtureCrate, runCli } from '../helpers/repo';
import { recordJson } from './profileFixtures';
import { ProfileIndex } from '../../src/server/profileIndex';
import { parseRustFunctions } from '../../src/server/rustSpans';
import { attributeFile } from '../../src/server/attribution';
import { hotFunctionLenses } from '../../src/server/documentLenses';
import { DEFAULT_LENS_SETTINGS } from '../../src/protocol/lspProtocol';

const crate = fixtureCrate('lens-attribution');
const manifest = path.join(crate, 'Cargo.toml');
const mainRs = path.join(crate, 'src', 'main.rs');

test('every compiled shape of a function lands on its source fn', async () => {
  const { profile } = await recordJson(manifest, ['--bin', 'lens-attribution']);
  const text = readFileSync(mainRs, 'utf8');
  const fns = await parseRustFunctions(text);
  const index = new ProfileIndex(profile, 'profile.json', 0);
  const heat = attributeFile(index, mainRs, fns, text.split('\n').length);
  const by = (name: string) => {
    const h = heat.find((x) => fns[x.fn].name === name);
    assert.ok(h, `no samples attributed to fn ${name}; got ${heat.map((x) => fns[x.fn].name).join(', ')}`);
    return h;
  };
  const frameTotal = (pred: (n: string) => boolean) =>
    profile.functions.filter((f) => f.file === mainRs && pred(f.name)).reduce((s, f) => s + f.totalSamples, 0);

  // Generic: whatever the instances are called, their samples add up on the one fn.
  const sum = by('sum_squares');
  assert.ok(sum.total > 0 && sum.total >= frameTotal((n) => n.startsWith('lens_attribution::sum_squares')) - 1);
  // Inlined always: a frame marked inlined, with its own lens; its caller holds it in total.
  const mixFrame = profile.frames.find((f) => f.name === 'lens_attribution::mix');
  assert.ok(mixFrame?.inlined, 'mix is only ever inlined');
  const mix = by('mix');
  const feed = by('feed');
  assert.ok(mix.self > 0 && feed.total >= mix.total, `feed ${feed.total} ⊇ mix ${mix.total}`);
  // The closure's samples are with_closure's: no fn of its own, its frames among with_closure's names.
  const withClosure = by('with_closure');
  const closureFrames = frameTotal((n) => n.startsWith('lens_attribution::with_closure::{{closure}}'));
  assert.ok(closureFrames > 0, 'the closure shows up as a frame');
  assert.ok(withClosure.total >= closureFrames, `with_closure ${withClosure.total} holds its closure's ${closureFrames}`);
  assert.ok(withClosure.names.some((n) => n.includes('{{closure}}')));
  // A nested fn has its own lens, inside its parent's total.
  assert.ok(by('outer').total >= by('inner').total && by('inner').total > 0);
  // main holds (almost) everything, each sample once.
  assert.ok(by('main').total <= profile.samples && by('main').total > profile.samples * 0.9);
  // Lines of the macro_rules body are no fn: the macro-made worker gets no lens there.
  const macroLine = text.split('\n').findIndex((l) => l.startsWith('macro_rules!'));
  const lenses = hotFunctionLenses(
    index,
    { file: mainRs, fns, lineCount: text.split('\n').length, stale: false },
    { ...DEFAULT_LENS_SETTINGS, threshold: 0 },
  );
  assert.ok(
    lenses.every((l) => l.line < macroLine || l.line > macroLine + 8),
    'no lens inside the macro',
  );
  assert.ok(
    lenses.some(
      (l) => l.line === fns.find((f) => f.name === 'mix')!.lensLine && /^🔥 \d+\.\d% total · \d+\.\d% self\+libs$/.test(l.command.title),
    ),
  );

  // The profile carries the digest of main.rs as it was profiled.
  assert.equal(profile.meta.sourceDigests?.[mainRs], createHash('sha256').update(text).digest('hex'));
});

test('one unit test of the library, alone, through its test harness (record --lib -- NAME --exact)', async () => {
  const { profile, cli } = await recordJson(manifest, ['--lib'], ['tests::checksum_is_stable', '--exact']);
  assert.match(cli.stderr, /test tests::checksum_is_stable \.\.\. ok/);
  assert.match(cli.stderr, /1 passed; 0 failed; 0 ignored; 0 measured; 1 filtered out/);
  assert.ok(profile.functions.some((f) => f.name === 'lens_attribution::checksum' && f.totalSamples > 0));
  assert.match(profile.meta.command?.[0] ?? '', /lens_attribution-[0-9a-f]+$/, 'the harness executable from cargo test --no-run');
});

test('one unit test of a binary (record --bin X --unit-tests), and the usage errors', async () => {
  const { profile, cli } = await recordJson(manifest, ['--bin', 'lens-attribution', '--unit-tests'], ['tests::squares_add_up', '--exact']);
  assert.match(cli.stderr, /test tests::squares_add_up \.\.\. ok/);
  assert.match(cli.stderr, /1 filtered out/);
  assert.ok(profile.functions.some((f) => f.name.startsWith('lens_attribution::outer')));
  const bad = await runCli(['record', '--manifest-path', manifest, '--unit-tests']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--unit-tests goes with --bin NAME/);
});
