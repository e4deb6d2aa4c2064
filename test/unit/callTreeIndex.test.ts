// The one call-tree index (page, SVG export, language server): children in id
// order, and pre/post numbers that answer "is j in i's subtree".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallTreeIndex } from '../../src/model/callTreeIndex';
import type { CallTreeColumns } from '../../src/model/profileTypes';

function tree(parent: number[]): CallTreeColumns {
  const z = parent.map(() => 0);
  return { parent, frame: z, self: z, total: parent.map((_, i) => 10 - (i % 10)), line: z };
}

function isAncestor(parent: number[], a: number, d: number): boolean {
  for (let v = d; v >= 0; v = parent[v]) if (v === a) return true;
  return false;
}

test('children in id order and pre/post numbers that match the ancestor relation', () => {
  // A random tree whose parents come before their children.
  let seed = 7;
  const rand = (k: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % k;
  const parent = [-1];
  for (let i = 1; i < 300; i++) parent.push(rand(i));
  const t = tree(parent);
  const index = buildCallTreeIndex(t);
  for (let i = 0; i < parent.length; i++) {
    const kids = Array.from(index.children.subarray(index.start[i], index.start[i + 1]));
    assert.deepEqual(
      kids,
      parent.map((p, j) => (p === i ? j : -1)).filter((j) => j >= 0),
    );
  }
  assert.deepEqual([index.pre[0], index.post[0]], [0, 300]);
  for (let a = 0; a < parent.length; a += 7) {
    for (let d = 0; d < parent.length; d++) {
      assert.equal(index.pre[a] <= index.pre[d] && index.pre[d] < index.post[a], isAncestor(parent, a, d), `${a} over ${d}`);
    }
  }
  // Preorder visits children in id order: a node's first child comes right after it.
  assert.equal(index.pre[1], 1);
});

test('a filter leaves subtrees out; a corrupt parent column neither loops nor throws', () => {
  const t = tree([-1, 0, 1, 0, 3]);
  const kept = buildCallTreeIndex(t, (i) => i !== 3);
  assert.deepEqual(Array.from(kept.children.subarray(kept.start[0], kept.start[1])), [1], 'node 3 is left out of the root');
  assert.deepEqual(Array.from(kept.pre), [0, 1, 2, -1, -1]);
  assert.deepEqual(Array.from(kept.post), [3, 3, 3, -1, -1]);
  const loop = buildCallTreeIndex(tree([-1, 2, 1, 7]));
  assert.deepEqual(Array.from(loop.pre), [0, -1, -1, -1]);
});
