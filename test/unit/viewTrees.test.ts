// The views' trees on small hand-built profiles: bottom-up (functions by self,
// expanding into callers) and caller/callee of one function, with recursion
// counted once per sample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bottomUp } from '../../src/model/invertedTree';
import { sandwich } from '../../src/model/sandwich';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { functionRows } from '../../src/model/functionsTable';
import { built, render, consistent, frameId } from './helpers/builtProfile';
import { profileFromFolded } from './helpers/profileFromFolded';
import { repoRoot } from '../helpers/repo';

test('bottom-up: the function with the most self samples first, expanding into its callers, counts per path', () => {
  const p = built([
    ['app', ['app::main@1', 'app::a@2', 'app::leaf@3'], 5],
    ['app', ['app::main@1', 'app::b@4', 'app::leaf@3'], 3],
    ['app', ['app::main@1', 'app::a@2'], 2],
    ['app', ['app::main@1', 'app::c@5'], 1],
    ['worker', ['app::c@5'], 4],
  ]);
  const up = bottomUp(p.tree).expandAll();
  assert.deepEqual(render(up, p.frames), [
    'app::leaf 0/8',
    '  app::a 0/5',
    '    app::main 0/5',
    '      app 5/5',
    '  app::b 0/3',
    '    app::main 0/3',
    '      app 3/3',
    'app::c 0/5',
    '  worker 4/4',
    '  app::main 0/1',
    '    app 1/1',
    'app::a 0/2',
    '  app::main 0/2',
    '    app 2/2',
  ]);
  assert.equal(up.total[0], p.samples);
  assert.ok(consistent(up));
});

test('bottom-up is built lazily: only the expanded nodes exist, with their final numbers', () => {
  const p = built([
    ['app', ['app::main@1', 'app::a@2', 'app::leaf@3'], 5],
    ['app', ['app::main@1', 'app::b@4', 'app::leaf@3'], 3],
  ]);
  const up = bottomUp(p.tree);
  assert.equal(up.tree.parent.length, 1);
  const [leaf] = up.children(0);
  assert.deepEqual(up.children(0), [leaf], 'made once');
  assert.deepEqual(
    up.children(leaf).map((c) => [p.frames[up.tree.frame[c]].name, up.tree.total[c], up.tree.line[c]]),
    [
      ['app::a', 5, 2],
      ['app::b', 3, 4],
    ],
  );
  assert.equal(up.tree.parent.length, 4);
  assert.deepEqual(up.children(99), []);
});

test('bottom-up of a recursion tower: each sample once per path', () => {
  const p = built([['app', ['app::main@1', 'app::r@2', 'app::r@2', 'app::r@2'], 4]]);
  assert.deepEqual(render(bottomUp(p.tree).expandAll(), p.frames), [
    'app::r 0/4',
    '  app::r 0/4',
    '    app::r 0/4',
    '      app::main 0/4',
    '        app 4/4',
  ]);
});

test('caller/callee of a recursive function counts each sample once: its totalSamples', () => {
  const p = built([
    ['app', ['app::main@1', 'app::r@2', 'app::r@2', 'app::x@3'], 3],
    ['app', ['app::main@1', 'app::r@2'], 2],
    ['app', ['app::main@1', 'app::q@4', 'app::r@2'], 1],
    ['app', ['app::main@1', 'app::r@2', 'app::q@4', 'app::r@2'], 1],
    ['app', ['app::main@1', 'app::other@5'], 9],
  ]);
  const r = frameId(p, 'app::r');
  const s = sandwich(p.tree, r);
  const stat = p.functions.find((f) => f.name === 'app::r')!;
  assert.equal(stat.totalSamples, 7);
  assert.equal(s.total, 7);
  assert.equal(s.self, stat.selfSamples);
  assert.deepEqual(render(s.callers.expandAll(), p.frames), [
    'app::r 0/7',
    '  app::main 0/6',
    '    app 6/6',
    '  app::q 0/1',
    '    app::main 0/1',
    '      app 1/1',
  ]);
  assert.deepEqual(render(s.callees.expandAll(), p.frames), [
    'app::r 3/7',
    '  app::r 0/3',
    '    app::x 3/3',
    '  app::q 0/1',
    '    app::r 1/1',
  ]);
  assert.equal(s.callers.tree.total[1], stat.totalSamples);
  assert.equal(s.callees.tree.total[1], stat.totalSamples);
  assert.ok(consistent(s.callers.tree) && consistent(s.callees.tree));
});

test("on the seed demo's stacks every function's caller/callee and table row match its FunctionStat", () => {
  for (const variant of ['inline', 'noinline']) {
    const folded = readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'perf', `seed-demo-perf6.1-${variant}.folded`), 'utf8');
    const p = profileFromFolded(folded);
    const rows = functionRows(p.tree, p.frames);
    // The folded helper lists the thread as a function too; the builder does not.
    const stats = p.functions.filter((f) => f.kind !== 'process');
    assert.equal(rows.length, stats.length);
    for (const stat of stats) {
      const f = frameId(p, stat.name);
      const s = sandwich(p.tree, f);
      assert.deepEqual([s.total, s.self], [stat.totalSamples, stat.selfSamples], stat.name);
      const row = rows.find((r) => r.frame === f)!;
      assert.deepEqual([row.total, row.self], [stat.totalSamples, stat.selfSamples], stat.name);
    }
    const up = bottomUp(p.tree).expandAll();
    assert.equal(up.total[0], p.samples);
    assert.ok(consistent(up));
  }
});
