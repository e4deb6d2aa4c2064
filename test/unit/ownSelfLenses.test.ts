// "Self+libs" in the language server: the 🔥 lens's second figure, the line
// heat, the inlay hints at the end of hot lines and the hover, on a loop whose
// work is inlined std code and a `.collect()` that only waits on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProfileBuilder } from '../../src/model/builder';
import type { Profile, SymbolicFrame } from '../../src/model/profileTypes';
import { ProfileIndex } from '../../src/server/profileIndex';
import { parseRustFunctions } from '../../src/server/rustSpans';
import { hotFunctionLenses } from '../../src/server/documentLenses';
import { attributeFile } from '../../src/server/attribution';
import { lineHeat, hoverMarkdown } from '../../src/server/lineHeat';
import { lineHints } from '../../src/server/lineHints';
import { DEFAULT_LENS_SETTINGS, heatLevel } from '../../src/protocol/lspProtocol';

const FILE = '/ws/src/main.rs';
const SOURCE = [
  'fn work(xs: &[u64]) -> u64 {', // 1
  '    let mut acc = 1;', // 2
  '    for &x in xs {', // 3
  '        acc = acc.wrapping_mul(x);', // 4
  '    }', // 5
  '    acc', // 6
  '}', // 7
  'fn main() {', // 8
  '    let v: Vec<u64> = (0..9).map(|i| work(&[i])).collect();', // 9
  '    println!("{:?}", v);', // 10
  '}', // 11
].join('\n');
const LINES = SOURCE.split('\n');

const app = (name: string, line: number): SymbolicFrame => ({
  name: `app::${name}`,
  file: FILE,
  line,
  inlined: false,
  dso: '/ws/target/app',
});
const std = (name: string, line: number): SymbolicFrame => ({
  name: `core::${name}`,
  file: '/rustc/0abc/library/core/src/lib.rs',
  line,
  inlined: true,
  dso: '/ws/target/app',
});

function profile(): Profile {
  const b = new ProfileBuilder({ workspaceRoot: '/ws', mainBinary: '/ws/target/app', crates: { workspace: ['app'], dependencies: [] } });
  const toWork = [app('main', 9), std('iter::collect', 100), app('main::{{closure}}', 9)];
  b.addStack('app', [...toWork, app('work', 4), std('num::wrapping_mul', 800)], 70);
  b.addStack('app', [...toWork, app('work', 3), std('slice::iter::next', 200)], 20);
  b.addStack('app', [...toWork, app('work', 4)], 5);
  // collect's own bookkeeping: main's line 9 owns it.
  b.addStack('app', [app('main', 9), std('iter::collect', 101)], 5);
  return b.build({
    event: 'cpu-clock',
    frequency: 997,
    callGraph: null,
    command: null,
    workspaceRoot: '/ws',
    createdAt: 'x',
    warnings: [],
  });
}

/** The same profile as one written before ownSelfSamples. */
function older(): Profile {
  const p = profile();
  for (const r of [...p.functions, ...p.lines]) delete r.ownSelfSamples;
  return p;
}

const indexOf = (p: Profile) => new ProfileIndex(p, '/ws/target/rust-flamegraph/profiles/bin-app/x/profile.json', 0);
const lineEnd = (line: number) => (line < LINES.length ? LINES[line].length : -1);
const everyLine = { startLine: 0, endLine: LINES.length };

test('the lens: total and self+libs; the loop whose work is std code owns it, main that waits does not', async () => {
  const fns = await parseRustFunctions(SOURCE);
  const index = indexOf(profile());
  const lenses = hotFunctionLenses(index, { file: FILE, fns, lineCount: LINES.length, stale: false }, DEFAULT_LENS_SETTINGS);
  assert.deepEqual(
    lenses.map((l) => [l.line, l.command.title]),
    [
      [0, '🔥 95.0% total · 95.0% self+libs'],
      [7, '🔥 100.0% total · 5.0% self+libs'],
    ],
  );
  // Plain self, which the lens showed before: work's own instructions only.
  const work = attributeFile(index, FILE, fns, LINES.length).find((h) => fns[h.fn].name === 'work')!;
  assert.deepEqual([work.self, work.ownSelf, work.total], [5, 95, 95]);
});

test('line heat by self+libs: the line calling the std helper is the hottest, the collect line is barely warm', () => {
  const heat = lineHeat(indexOf(profile()), FILE);
  const at = (line1: number) => heat.find((h) => h.line === line1 - 1)!;
  assert.deepEqual([at(4).self, at(4).total, at(4).ownSelf, at(4).fraction], [5, 75, 75, 0.75]);
  assert.deepEqual([at(3).ownSelf, at(9).total, at(9).ownSelf], [20, 100, 5]);
  const hottest = heat.reduce((a, b) => (b.fraction > a.fraction ? b : a));
  assert.equal(hottest.line, 3, 'line 4, the loop body');
  assert.ok(heatLevel(at(9).fraction) < heatLevel(at(4).fraction));
  // By total (the heat before), line 9 would be the hottest of the file.
  assert.equal(heat.reduce((a, b) => (b.total > a.total ? b : a)).line, 8);
});

test('inlay hints at the end of lines over the threshold, none when switched off', () => {
  const index = indexOf(profile());
  const hints = lineHints(index, FILE, lineEnd, everyLine, DEFAULT_LENS_SETTINGS);
  assert.deepEqual(
    hints.map((h) => [h.position.line, h.position.character, h.label, h.paddingLeft]),
    [
      [2, LINES[2].length, '🔥 20.0% self+libs', true],
      [3, LINES[3].length, '🔥 75.0% self+libs', true],
      [8, LINES[8].length, '🔥 5.0% self+libs', true],
    ],
  );
  assert.match(String(hints[1].tooltip), /^self\+libs: 75 samples in this line's own code .* · total 75\.0% .* · self 5\.0% /);
  assert.deepEqual(
    lineHints(index, FILE, lineEnd, everyLine, { ...DEFAULT_LENS_SETTINGS, threshold: 10 }).map((h) => h.position.line),
    [2, 3],
  );
  assert.deepEqual(
    lineHints(index, FILE, lineEnd, { startLine: 5, endLine: 10 }, DEFAULT_LENS_SETTINGS).map((h) => h.position.line),
    [8],
    'only the range asked for',
  );
  assert.deepEqual(lineHints(index, FILE, lineEnd, everyLine, { ...DEFAULT_LENS_SETTINGS, lineHints: false }), []);
  assert.deepEqual(lineHints(index, '/ws/src/other.rs', lineEnd, everyLine, DEFAULT_LENS_SETTINGS), []);
});

test('the hover names each figure: the line, then its function with plain self; on the signature, the function alone', async () => {
  const fns = await parseRustFunctions(SOURCE);
  const index = indexOf(profile());
  const work = fns.find((f) => f.name === 'work')!;
  const heat = attributeFile(index, FILE, fns, LINES.length).find((h) => fns[h.fn] === work);
  const fn = { name: work.name, startLine: work.startLine, endLine: work.endLine, lensLine: work.lensLine, heat };
  const md = hoverMarkdown(index, FILE, 3, fn)!;
  assert.match(md, /^\*\*🔥 75\.0% self\+libs · 75\.0% total · 5\.0% self\*\* on this line\n/);
  assert.match(md, /\n- \*\*self\+libs\*\*: 75 samples in this line's own code and in the std or dependency code it runs/);
  assert.match(md, /\n- \*\*total\*\*: 75 of 100 samples pass through this line/);
  assert.match(md, /\n- \*\*self\*\*: 5 samples in this line's own instructions/);
  assert.match(md, /Heat level 5 of 5 \(self\+libs, share of all samples\)/);
  assert.match(md, /\n`work`: 95\.0% total · 95\.0% self\+libs · 5\.0% self \(in its own instructions\)$/);
  assert.doesNotMatch(md, /estimated/);
  assert.equal(hoverMarkdown(index, FILE, 0, fn), '`work`: 95.0% total · 95.0% self+libs · 5.0% self (in its own instructions)');
  assert.equal(hoverMarkdown(index, FILE, 4, fn), null, 'a line of the fn without samples: nothing');
});

test('a profile written before ownSelfSamples: estimated from the call tree, and the hover says so', async () => {
  const fns = await parseRustFunctions(SOURCE);
  const index = indexOf(older());
  assert.equal(index.ownSelfExact, false);
  // A call-tree node keeps its hottest line: work's 95 all land on line 4.
  const heat = lineHeat(index, FILE);
  assert.deepEqual(
    heat.filter((h) => h.ownSelf > 0).map((h) => [h.line + 1, h.ownSelf]),
    [
      [4, 95],
      [9, 5],
    ],
  );
  const lenses = hotFunctionLenses(index, { file: FILE, fns, lineCount: LINES.length, stale: false }, DEFAULT_LENS_SETTINGS);
  assert.equal(lenses[0].command.title, '🔥 95.0% total · 95.0% self+libs');
  assert.match(hoverMarkdown(index, FILE, 3)!, /_self\+libs is estimated: this profile was written before per-line figures/);
  assert.match(String(lineHints(index, FILE, lineEnd, everyLine, DEFAULT_LENS_SETTINGS)[0].tooltip), /estimated/);
});
