// The callees half of a caller/callee view is built as it expands (src/model/calleeTree.ts): expanded whole,
// it is focusFunction's tree (the function's subtrees merged over its call sites) with siblings heaviest
// first, on any tree; before that only the rows asked for exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CallTreeColumns } from '../../src/model/profileTypes';
import { focusFunction } from '../../src/model/transforms';
import { sandwich } from '../../src/model/sandwich';
import { built, frameId } from './helpers/builtProfile';

/** Depth first, siblings by frame (ids and sibling order may differ): depth, frame, self/total, line of each node. */
function shape(t: CallTreeColumns): string[] {
  const kids: number[][] = t.parent.map(() => []);
  for (let v = 1; v < t.parent.length; v++) {
    assert.ok(t.parent[v] >= 0 && t.parent[v] < v, 'parents come first');
    kids[t.parent[v]].push(v);
  }
  const rows: string[] = [];
  const stack: [number, number][] = [[0, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    rows.push(`${d} ${t.frame[v]} ${t.self[v]}/${t.total[v]} @${t.line[v]}`);
    const sorted = [...kids[v]].sort((a, b) => t.frame[b] - t.frame[a]);
    for (const c of sorted) stack.push([c, d + 1]);
  }
  return rows;
}

/** Random tries with consistent totals (as the builder and every transform make them): up to 80 nodes, 6 functions. */
const tries = fc
  .array(fc.record({ up: fc.nat(30), frame: fc.nat(5), self: fc.nat(3), line: fc.nat(3) }), { maxLength: 80 })
  .map((nodes) => {
    const t: CallTreeColumns = { parent: [-1], frame: [0], self: [0], total: [0], line: [0] };
    const child = new Map<string, number>();
    for (const x of nodes) {
      const p = Math.max(0, t.parent.length - 1 - x.up);
      const key = `${p}:${x.frame}`;
      const at = child.get(key);
      if (at !== undefined) {
        t.self[at] += x.self;
        continue;
      }
      child.set(key, t.parent.length);
      t.parent.push(p);
      t.frame.push(1 + x.frame);
      t.self.push(x.self);
      t.total.push(0);
      t.line.push(x.line);
    }
    t.total = t.self.slice();
    for (let v = t.parent.length - 1; v > 0; v--) t.total[t.parent[v]] += t.total[v];
    return t;
  });

/** focusFunction's tree without its nodes that have no samples (a view shows none; the callee tree leaves them out). */
function withSamples(t: CallTreeColumns): CallTreeColumns {
  const keep = t.total.map((x, v) => v === 0 || x > 0);
  const id = new Map<number, number>();
  const out: CallTreeColumns = { parent: [], frame: [], self: [], total: [], line: [] };
  t.parent.forEach((p, v) => {
    if (!keep[v] || (v > 0 && !id.has(p))) return;
    id.set(v, out.parent.length);
    out.parent.push(v === 0 ? -1 : id.get(p)!);
    out.frame.push(t.frame[v]);
    out.self.push(t.self[v]);
    out.total.push(t.total[v]);
    out.line.push(t.line[v]);
  });
  return out;
}

test('expanded whole, the callee tree is focusFunction: recursion, repeated callees and lines included', () => {
  fc.assert(
    fc.property(tries, fc.integer({ min: 1, max: 6 }), (tree, f) => {
      const s = sandwich(tree, f);
      assert.deepEqual(shape(s.callees.expandAll()), shape(withSamples(focusFunction(tree, f))));
      assert.equal(s.callees.tree.total[0], s.total);
    }),
    { numRuns: 3000 },
  );
});

test('the callee tree is made as it expands, heaviest callee first', () => {
  const p = built([
    ['app', ['app::main@1', 'app::r@2', 'app::light@3'], 1],
    ['app', ['app::main@1', 'app::r@2', 'app::heavy@4', 'app::deep@5'], 4],
    ['app', ['app::main@1', 'app::q@6', 'app::r@7', 'app::heavy@8'], 2],
  ]);
  const s = sandwich(p.tree, frameId(p, 'app::r'));
  const callees = s.callees;
  assert.equal(callees.tree.parent.length, 2, 'all and the function');
  const [r] = callees.children(0);
  const kids = callees.children(r);
  assert.deepEqual(
    kids.map((c) => [p.frames[callees.tree.frame[c]].name, callees.tree.total[c], callees.tree.line[c]]),
    [
      ['app::heavy', 6, 4], // the line of its heaviest source node (4 samples at line 4, 2 at line 8)
      ['app::light', 1, 3],
    ],
  );
  assert.equal(callees.tree.parent.length, 4, 'nothing under heavy yet');
  assert.deepEqual(callees.children(r), kids, 'made once');
  assert.deepEqual([callees.tree.total[r], callees.tree.line[r]], [7, 2]);
});
