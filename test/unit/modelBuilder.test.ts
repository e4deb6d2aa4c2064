// The model's arithmetic: totals once per sample under recursion, self on
// the leaf, lines per file:line, hottest lines, the tree without recursion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProfileBuilder } from '../../src/model/builder';
import { SymbolicFrame } from '../../src/core/symbols/symbolizer';
import { ProfileMeta } from '../../src/model/profileTypes';

const meta: ProfileMeta = {
  event: 'cpu-clock',
  frequency: 997,
  callGraph: null,
  command: null,
  workspaceRoot: '/ws',
  createdAt: 'x',
  warnings: [],
};
const f = (name: string, line: number | null = null, file: string | null = '/ws/src/main.rs', inlined = false): SymbolicFrame => ({
  name,
  file: line === null ? null : file,
  line,
  inlined,
  dso: '/ws/target/app',
});

test('recursion: a function on the stack many times counts once per sample in total', () => {
  const b = new ProfileBuilder({ workspaceRoot: '/ws', mainBinary: null });
  b.addStack('app', [f('main', 20), f('rec', 5), f('rec', 5), f('rec', 5), f('leaf', 9)], 3);
  b.addStack('app', [f('main', 21), f('rec', 6)], 2);
  const p = b.build(meta);
  const rec = p.functions.find((x) => x.name === 'rec')!;
  assert.equal(p.samples, 5);
  assert.equal(rec.totalSamples, 5);
  assert.equal(rec.selfSamples, 2);
  assert.equal(rec.line, 5, 'hottest line of rec');
  const leaf = p.functions.find((x) => x.name === 'leaf')!;
  assert.deepEqual([leaf.selfSamples, leaf.totalSamples], [3, 3]);
  const line5 = p.lines.find((l) => l.line === 5)!;
  assert.deepEqual([line5.selfSamples, line5.totalSamples], [0, 3], 'a line on the stack 3 times counts once');
  // Sorted by total, ties by self: rec (5 total, 2 self) before main (5, 0).
  assert.deepEqual(
    p.functions.slice(0, 2).map((x) => x.name),
    ['rec', 'main'],
  );
  assert.equal(p.functions.find((x) => x.name === 'main')!.line, 20);
});

test('the tree: one node per call path, totals add up, children after parents', () => {
  const b = new ProfileBuilder({ workspaceRoot: '/ws', mainBinary: null });
  b.addStack('t1', [f('main', 1), f('a', 2)], 4);
  b.addStack('t1', [f('main', 1), f('b', 3)], 1);
  b.addStack('t2', [f('main', 1), f('a', 2)], 2);
  b.addStack('t1', [f('main', 1)], 1);
  const p = b.build(meta);
  const t = p.tree;
  assert.equal(t.total[0], 8);
  const name = (n: number) => p.frames[t.frame[n]].name;
  const pathOf = (n: number) => {
    const out: string[] = [];
    for (let m = n; m > 0; m = t.parent[m]) out.push(name(m));
    return out.reverse().join(';');
  };
  const byPath = new Map<string, number>();
  for (let n = 1; n < t.parent.length; n++) {
    assert.ok(t.parent[n] < n, 'parents first');
    byPath.set(pathOf(n), n);
  }
  assert.deepEqual([...byPath.keys()].sort(), ['t1', 't1;main', 't1;main;a', 't1;main;b', 't2', 't2;main', 't2;main;a']);
  assert.equal(t.total[byPath.get('t1;main')!], 6);
  assert.equal(t.self[byPath.get('t1;main')!], 1);
  assert.equal(t.self[byPath.get('t1;main;a')!], 4);
  assert.equal(t.line[byPath.get('t1;main;b')!], 3);
  assert.equal(p.frames[t.frame[byPath.get('t1')!]].kind, 'process');
  // Every node's total is its self plus its children's totals.
  const childSum = new Array<number>(t.parent.length).fill(0);
  for (let n = 1; n < t.parent.length; n++) childSum[t.parent[n]] += t.total[n];
  for (let n = 0; n < t.parent.length; n++) assert.equal(t.total[n], t.self[n] + childSum[n]);
});

test('a 100,000-deep stack builds without recursion', () => {
  const b = new ProfileBuilder({ workspaceRoot: '/ws', mainBinary: null });
  const frames = Array.from({ length: 100_000 }, (_, i) => f(`fn${i % 7}`, (i % 50) + 1));
  b.addStack('deep', frames, 1);
  const p = b.build(meta);
  assert.equal(p.tree.parent.length, 100_002);
  assert.equal(p.functions.find((x) => x.name === 'fn0')!.totalSamples, 1);
});

test('kinds: std, dependency, user, kernel, system', () => {
  const b = new ProfileBuilder({ workspaceRoot: '/ws', mainBinary: '/ws/target/app' });
  b.addStack(
    'app',
    [
      { name: 'main', file: '/ws/src/main.rs', line: 1, inlined: false, dso: '/ws/target/app' },
      {
        name: 'serde::de::x',
        file: '/home/u/.cargo/registry/src/index.crates.io-1/serde-1.0/src/de.rs',
        line: 1,
        inlined: false,
        dso: '/ws/target/app',
      },
      { name: 'core::iter::sum', file: '/rustc/abc/library/core/src/iter.rs', line: 1, inlined: true, dso: '/ws/target/app' },
      { name: 'malloc', file: null, line: null, inlined: false, dso: '/usr/lib/x86_64-linux-gnu/libc.so.6' },
      { name: 'clear_page_erms', file: null, line: null, inlined: false, dso: '[kernel.kallsyms]' },
    ],
    1,
  );
  const kinds = Object.fromEntries(b.build(meta).functions.map((x) => [x.name, x.kind]));
  assert.deepEqual(kinds, {
    main: 'user',
    'serde::de::x': 'dependency',
    'core::iter::sum': 'std',
    malloc: 'system',
    clear_page_erms: 'kernel',
  });
});

test('one frame per function: an address whose line addr2line does not know adds to the same frame, which keeps its file', () => {
  // As on ripgrep: `SearchWorker::search` at search.rs:? and at search.rs:412, and once without any file.
  const dso = '/ws/target/release/rg';
  const search = 'rg::search::SearchWorker<W>::search';
  const file = '/ws/crates/core/search.rs';
  const at = (line: number | null, f: string | null = file): SymbolicFrame => ({ name: search, file: f, line, inlined: false, dso });
  const leaf: SymbolicFrame = { name: 'regex_automata::dfa::search::find_fwd', file: null, line: null, inlined: false, dso };
  for (const mainBinary of [dso, null]) {
    const b = new ProfileBuilder({ workspaceRoot: mainBinary ? '/ws' : null, mainBinary });
    b.addStack('rg', [at(null), leaf], 5);
    b.addStack('rg', [at(412)], 2);
    b.addStack('rg', [at(null, null)], 1);
    const p = b.build(meta);
    const frames = p.frames.filter((x) => x.name === search);
    assert.equal(frames.length, 1, 'one frame');
    assert.equal(frames[0].file, file);
    assert.equal(frames[0].line, 412);
    assert.equal(frames[0].kind, 'user');
    const fns = p.functions.filter((x) => x.name === search);
    assert.equal(fns.length, 1, 'listed once');
    assert.deepEqual([fns[0].totalSamples, fns[0].file], [8, file]);
    // Only one child under the process: the three stacks share their root frame.
    assert.equal(p.tree.parent.filter((x) => x === 1).length, 1);
  }
  // A function seen only at unknown lines keeps the file addr2line named.
  const b = new ProfileBuilder({ workspaceRoot: '/ws', mainBinary: dso });
  b.addStack('rg', [at(null)], 3);
  const only = b.build(meta).frames.find((x) => x.name === search)!;
  assert.deepEqual([only.file, only.line, only.kind], [file, null, 'user']);
});

test('a frame of a crate without a file takes the kind its crate has elsewhere, in record and report alike', () => {
  const dso = '/ws/target/release/app';
  const reg = '/home/u/.cargo/registry/src/index.crates.io-1/regex-automata-0.4.9/src/dfa/search.rs';
  const stack: SymbolicFrame[] = [
    { name: 'app::main', file: '/ws/src/main.rs', line: 3, inlined: false, dso },
    { name: 'regex_automata::dfa::search::find_fwd', file: reg, line: 40, inlined: false, dso },
    { name: 'regex_automata::dfa::search::find_fwd_imp', file: null, line: null, inlined: false, dso },
    { name: 'app::no_file', file: null, line: null, inlined: false, dso },
  ];
  const kinds = (ctx: ConstructorParameters<typeof ProfileBuilder>[0]) => {
    const b = new ProfileBuilder(ctx);
    b.addStack('app', stack, 1);
    return Object.fromEntries(b.build(meta).frames.map((x) => [x.name, x.kind]));
  };
  const record = kinds({ workspaceRoot: '/ws', mainBinary: dso, crates: { workspace: ['app'], dependencies: ['regex_automata'] } });
  const report = kinds({ workspaceRoot: null, mainBinary: null });
  assert.equal(record['regex_automata::dfa::search::find_fwd_imp'], 'dependency');
  assert.equal(record['app::no_file'], 'user');
  assert.deepEqual(report, record);
});
