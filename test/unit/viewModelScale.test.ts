// The view model on a synthetic 200k-node call tree: every derived tree stays
// consistent, and the time of each is printed (not asserted: the machine is
// shared; `npm run bench` holds the figures that count).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import type { CallTreeColumns, FrameInfo } from '../../src/model/profileTypes';
import { bottomUp } from '../../src/model/invertedTree';
import { sandwich } from '../../src/model/sandwich';
import { ownSelf } from '../../src/model/ownSelf';
import { functionRows } from '../../src/model/functionsTable';
import { applyTransforms, DEFAULT_TRANSFORMS } from '../../src/model/transforms';
import { consistent } from './helpers/builtProfile';

/** A random tree up to 120 deep (parents before children, as the builder makes them) with 2,000 functions, a start-up chain and two threads. */
function synthetic(size: number): { tree: CallTreeColumns; frames: FrameInfo[] } {
  const fr = (name: string, kind: FrameInfo['kind']): FrameInfo => ({
    name,
    file: '/ws/src/lib.rs',
    line: 1,
    kind,
    inlined: false,
    dso: null,
  });
  const frames: FrameInfo[] = [
    fr('all', 'root'),
    fr('main-thread', 'process'),
    fr('worker', 'process'),
    fr('_start', 'system'),
    fr('std::rt::lang_start_internal', 'std'),
  ];
  for (let i = 0; i < 2000; i++) frames.push(fr(i % 3 === 0 ? `core::f${i}` : `app::f${i}`, i % 3 === 0 ? 'std' : 'user'));
  const tree: CallTreeColumns = {
    parent: [-1, 0, 0, 1, 3, 2],
    frame: [0, 1, 2, 3, 4, 5],
    self: [0, 0, 0, 0, 0, 0],
    total: [],
    line: [0, 0, 0, 0, 0, 0],
  };
  let seed = 12345;
  const rand = (k: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % k;
  const depth = [0, 1, 1, 2, 3, 2];
  while (tree.parent.length < size) {
    // Mostly extend a recent node (deep paths), sometimes branch from anywhere.
    const n = tree.parent.length;
    let p = rand(4) === 0 ? 4 + rand(n - 4) : Math.max(4, n - 1 - rand(8));
    // Real stacks are tens of frames deep, some a few hundred (recursion).
    while (depth[p] >= 120) p = 4 + rand(n - 4);
    tree.parent.push(p);
    tree.frame.push(5 + rand(2000));
    tree.self.push(rand(3));
    tree.line.push(1 + rand(100));
    depth.push(depth[p] + 1);
  }
  tree.total = tree.self.slice();
  for (let v = tree.parent.length - 1; v > 0; v--) tree.total[tree.parent[v]] += tree.total[v];
  return { tree, frames };
}

test('200k nodes: bottom-up, caller/callee, your-code self, functions table and transforms (times printed)', () => {
  const { tree, frames } = synthetic(200_000);
  const time = <T>(what: string, f: () => T): T => {
    let best = Infinity;
    let result!: T;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      result = f();
      best = Math.min(best, performance.now() - t0);
    }
    console.log(`${what}: ${best.toFixed(1)} ms (min of 3, ${tree.parent.length} nodes)`);
    return result;
  };
  // What a view's first paint needs: the functions, and the first one's callers two levels down.
  const up = time('bottom-up (roots, first row expanded twice)', () => {
    const b = bottomUp(tree);
    const first = b.children(0)[0];
    for (const c of b.children(first)) b.children(c);
    return b.tree;
  });
  assert.equal(up.total[0], tree.total[0]);
  const hot = frames.findIndex((f) => f.name === 'app::f1');
  const s = time('caller/callee', () => sandwich(tree, hot));
  assert.equal(s.callers.tree.total[0], s.callees.tree.total[0]);
  time('caller/callee: callers expanded 3 levels', () => {
    const c = sandwich(tree, hot).callers;
    let level = [...c.children(0)];
    for (let d = 0; d < 3; d++) level = level.flatMap((v) => [...c.children(v)]);
    return level.length;
  });
  const own = time('your-code self', () => ownSelf(tree, frames));
  assert.equal(
    own.byFrame.reduce((a, b) => a + b, 0),
    tree.total[0],
  );
  const rows = time('functions table', () => functionRows(tree, frames));
  assert.ok(rows.length > 1000);
  const t = time('default transforms (drop start-up)', () => applyTransforms(tree, frames, DEFAULT_TRANSFORMS).tree);
  const merged = time('merge a function', () => applyTransforms(tree, frames, [{ kind: 'merge', frame: hot }]).tree);
  const collapsed = time('collapse recursion', () => applyTransforms(tree, frames, [{ kind: 'collapseRecursion', frame: hot }]).tree);
  const crate = time('collapse crate core', () => applyTransforms(tree, frames, [{ kind: 'collapseCrate', crate: 'core' }]).tree);
  for (const x of [s.callees.expandAll(), t, merged, collapsed, crate]) assert.ok(consistent(x));
  for (const x of [t, merged, collapsed, crate]) assert.equal(x.total[0], tree.total[0], 'these keep every sample');
});
