// "Your code" self as the builder writes it (FunctionStat/LineStat
// ownSelfSamples): per sample, the innermost user frame owns it at the line
// that frame is at in that sample, with the std/dependency code above it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProfileBuilder } from '../../src/model/builder';
import { ownSelf } from '../../src/model/ownSelf';
import type { Profile, SymbolicFrame } from '../../src/model/profileTypes';

const MAIN_RS = '/ws/src/main.rs';
const STD_RS = '/rustc/0abc/library/core/src/num/uint_macros.rs';
const DEP_RS = '/home/u/.cargo/registry/src/index.crates.io-1/dep-1.0/src/lib.rs';

const user = (name: string, line: number | null, inlined = false): SymbolicFrame => ({
  name: `app::${name}`,
  file: MAIN_RS,
  line,
  inlined,
  dso: '/ws/target/release/app',
});
const std = (name: string, line: number): SymbolicFrame => ({
  name: `core::${name}`,
  file: STD_RS,
  line,
  inlined: true,
  dso: '/ws/target/release/app',
});
const dep = (name: string, line: number): SymbolicFrame => ({
  name: `dep::${name}`,
  file: DEP_RS,
  line,
  inlined: false,
  dso: '/ws/target/release/app',
});

function build(stacks: [SymbolicFrame[], number][]): Profile {
  const b = new ProfileBuilder({
    workspaceRoot: '/ws',
    mainBinary: '/ws/target/release/app',
    crates: { workspace: ['app'], dependencies: ['dep'] },
  });
  for (const [frames, n] of stacks) b.addStack('app', frames, n);
  return b.build({
    event: 'cpu-clock',
    frequency: 997,
    callGraph: 'dwarf',
    command: null,
    workspaceRoot: '/ws',
    createdAt: 't',
    warnings: [],
  });
}

const fnStat = (p: Profile, name: string) => p.functions.find((f) => f.name === name)!;
const lineStat = (p: Profile, file: string, line: number) => p.lines.find((l) => l.file === file && l.line === line);

test("each sample is charged to the line its innermost user frame is at in that sample, not the node's hottest line", () => {
  const main = user('main', 3);
  // One loop, three lines: two call inlined std helpers, one does its own work. One call-tree node for
  // `work` (its hottest line is 10), three lines of your code.
  const p = build([
    [[main, user('work', 10), std('wrapping_mul', 800)], 8],
    [[main, user('work', 11), std('rotate_left', 900)], 5],
    [[main, user('work', 12)], 2],
  ]);
  const work = fnStat(p, 'app::work');
  assert.deepEqual([work.selfSamples, work.ownSelfSamples, work.totalSamples], [2, 15, 15]);
  assert.deepEqual(
    [10, 11, 12].map((l) => [lineStat(p, MAIN_RS, l)?.selfSamples, lineStat(p, MAIN_RS, l)?.ownSelfSamples]),
    [
      [0, 8],
      [0, 5],
      [2, 2],
    ],
  );
  assert.equal(fnStat(p, 'core::wrapping_mul').ownSelfSamples, 0, 'the std helper owns nothing: the user line does');
  assert.equal(lineStat(p, STD_RS, 800)?.ownSelfSamples, 0);
  assert.equal(lineStat(p, MAIN_RS, 3)?.ownSelfSamples, 0, "main's call line waits on work, your code: not charged");
  // The call tree keeps one line per node: its estimate puts all 15 on line 10.
  const estimate = ownSelf(p.tree, p.frames).byLine.filter((l) => l.file === MAIN_RS);
  assert.deepEqual(
    estimate.map((l) => [l.line, l.ownSelf]),
    [[10, 15]],
  );
});

test('dependency code calling back into your code: the callback owns what is above it, the caller the rest', () => {
  const main = user('main', 3);
  const p = build([
    // main:3 calls dep::sort_by, which calls back into app::cmp:20, which calls an inlined std helper.
    [[main, dep('sort_by', 100), user('cmp', 20), std('cmp', 50)], 6],
    // Time in the dependency itself belongs to main's line 3 (the line that called it).
    [[main, dep('sort_by', 101)], 4],
  ]);
  assert.equal(fnStat(p, 'app::cmp').ownSelfSamples, 6);
  assert.equal(fnStat(p, 'app::main').ownSelfSamples, 4);
  assert.equal(fnStat(p, 'dep::sort_by').ownSelfSamples, 0);
  assert.equal(lineStat(p, MAIN_RS, 20)?.ownSelfSamples, 6);
  assert.equal(lineStat(p, MAIN_RS, 3)?.ownSelfSamples, 4);
});

test('recursion, an inlined user helper, no user frame at all, and a user frame whose line is unknown', () => {
  const p = build([
    // The innermost of the recursive frames owns the sample, at its own line.
    [[user('main', 3), user('rec', 5), user('rec', 6), std('add', 7)], 3],
    // An inlined user helper is your code: it owns the std code above it.
    [[user('main', 4), user('outer', 30), user('mix', 40, true), std('wrapping_mul', 800)], 7],
    // No user frame on the stack: the leaf keeps it, as plain self would.
    [[std('lang_start', 1), std('cleanup', 9)], 2],
    // A user frame without a line: the function owns it, no line does.
    [[user('main', 3), user('noline', null), std('wrapping_mul', 801)], 4],
  ]);
  assert.equal(fnStat(p, 'app::rec').ownSelfSamples, 3);
  assert.equal(lineStat(p, MAIN_RS, 6)?.ownSelfSamples, 3);
  assert.equal(lineStat(p, MAIN_RS, 5)?.ownSelfSamples, 0);
  assert.equal(fnStat(p, 'app::mix').ownSelfSamples, 7);
  assert.equal(fnStat(p, 'app::outer').ownSelfSamples, 0);
  assert.equal(lineStat(p, MAIN_RS, 40)?.ownSelfSamples, 7);
  assert.equal(fnStat(p, 'core::cleanup').ownSelfSamples, 2);
  assert.equal(lineStat(p, STD_RS, 9)?.ownSelfSamples, 2);
  assert.equal(fnStat(p, 'app::noline').ownSelfSamples, 4);
  assert.equal(
    p.functions.reduce((s, f) => s + f.ownSelfSamples!, 0),
    p.samples,
    'every sample owned once',
  );
  assert.equal(
    p.lines.reduce((s, l) => s + l.ownSelfSamples!, 0),
    p.samples - 4,
    'all but the line-less frame',
  );
});

test('the same stacks in any order and split into any counts give the same figures', () => {
  const main = user('main', 3);
  const stacks: [SymbolicFrame[], number][] = [
    [[main, user('work', 10), std('wrapping_mul', 800)], 8],
    [[main, user('work', 11), std('rotate_left', 900)], 5],
    [[main, dep('sort_by', 100), user('cmp', 20)], 6],
  ];
  const figures = (p: Profile) => ({
    fns: p.functions.map((f) => [f.name, f.ownSelfSamples]).sort(),
    lines: p.lines.map((l) => [l.line, l.ownSelfSamples]).sort(),
  });
  const once = figures(build(stacks));
  const split = figures(
    build(
      [...stacks].reverse().flatMap(([f, n]): [SymbolicFrame[], number][] => [
        [f, 1],
        [f, n - 1],
      ]),
    ),
  );
  assert.deepEqual(split, once);
});
