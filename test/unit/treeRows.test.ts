// The tree table's flat row list: expand/collapse as splices, collapse
// keeping the expansion inside, `*` bounded, the hot path, revealing a path,
// children asked for only when a row opens, and (property) the list always
// equals a plain flattening of the tree under the current expansion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EXPAND_ALL_LIMIT, TreeRows, TreeShape } from '../../webview/model/treeRows';

/** A tree given by parent ids (-1: top level); children in id order. Counts children() calls per id. */
function parentTree(parent: readonly number[]): TreeShape & { asked: Map<number, number> } {
  const kids = parent.map(() => [] as number[]);
  const roots: number[] = [];
  parent.forEach((p, i) => (p < 0 ? roots : kids[p]).push(i));
  const asked = new Map<number, number>();
  return {
    asked,
    roots: () => roots,
    children: (id) => {
      asked.set(id, (asked.get(id) ?? 0) + 1);
      return kids[id];
    },
    hasChildren: (id) => kids[id].length > 0,
  };
}

/** Complete tree: `fan` children per node, `levels` levels below one root (node 0). */
function fanTree(fan: number, levels: number): number[] {
  const parent = [-1];
  let level = [0];
  for (let l = 0; l < levels; l++) {
    const next: number[] = [];
    for (const p of level)
      for (let k = 0; k < fan; k++) {
        next.push(parent.length);
        parent.push(p);
      }
    level = next;
  }
  return parent;
}

function listed(rows: TreeRows): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < rows.length; i++) out.push([rows.id(i), rows.depth(i)]);
  return out;
}

/** What the rows must be: the tree walked in display order, into the rows the list says are expanded. */
function flattened(shape: TreeShape, rows: TreeRows): [number, number][] {
  const out: [number, number][] = [];
  const stack: [number, number][] = [...shape.roots()].reverse().map((r) => [r, 0]);
  while (stack.length) {
    const [id, d] = stack.pop()!;
    out.push([id, d]);
    if (rows.isExpanded(id)) for (const c of [...shape.children(id)].reverse()) stack.push([c, d + 1]);
  }
  return out;
}

//        0            5
//      / | \          |
//     1  2  4         6
//        |
//        3
const SMALL = [-1, 0, 0, 2, 0, -1, 5];

test('the top-level rows come first, closed; expanding inserts the children right after the row', () => {
  const t = parentTree(SMALL);
  const rows = new TreeRows(t);
  assert.deepEqual(listed(rows), [
    [0, 0],
    [5, 0],
  ]);
  assert.equal(t.asked.size, 0, 'no children asked for before a row opens');
  assert.equal(rows.expandAt(0), 3);
  assert.deepEqual(listed(rows), [
    [0, 0],
    [1, 1],
    [2, 1],
    [4, 1],
    [5, 0],
  ]);
  assert.equal(rows.expandAt(2), 1);
  assert.deepEqual(
    listed(rows).map(([id]) => id),
    [0, 1, 2, 3, 4, 5],
  );
  assert.equal(rows.expandAt(1), 0, 'a leaf does not open');
  assert.equal(rows.expandAt(0), 0, 'an open row does not open twice');
  assert.equal(rows.indexOf(4), 4);
  assert.equal(rows.parentIndex(rows.indexOf(3)), rows.indexOf(2));
  assert.equal(rows.parentIndex(0), -1);
  assert.deepEqual([...t.asked.keys()].sort(), [0, 2], 'children asked for only of the rows opened');
});

test('a row that says it has children but gives none stops offering to expand', () => {
  const rows = new TreeRows({ roots: () => [0, 1], hasChildren: () => true, children: (id) => (id === 0 ? [] : [2]) });
  assert.ok(rows.canExpand(0));
  assert.equal(rows.expandAt(0), 0);
  assert.ok(!rows.canExpand(0) && !rows.isExpanded(0));
  assert.equal(rows.expandAt(1), 1);
});

test('collapsing removes the whole visible subtree and keeps the expansion inside: expanding again restores it', () => {
  const rows = new TreeRows(parentTree(SMALL));
  rows.expandAt(0);
  rows.expandAt(rows.indexOf(2));
  assert.equal(rows.collapseAt(0), 4, 'rows 1, 2, 3, 4 go');
  assert.deepEqual(
    listed(rows).map(([id]) => id),
    [0, 5],
  );
  assert.ok(rows.isExpanded(2), 'the inner row keeps its state');
  assert.equal(rows.indexOf(3), -1);
  assert.equal(rows.expandAt(0), 4, 'and shows its children again');
  assert.deepEqual(
    listed(rows).map(([id]) => id),
    [0, 1, 2, 3, 4, 5],
  );
  assert.equal(rows.collapseAt(rows.indexOf(2)), 1);
  assert.equal(rows.collapseAt(rows.indexOf(2)), 0, 'collapsing a closed row does nothing');
});

test('expand all (`*`) opens every row below when the subtree is small', () => {
  const parent = fanTree(3, 4); // 1 + 3 + 9 + 27 + 81 rows
  const rows = new TreeRows(parentTree(parent));
  assert.equal(rows.expandAllAt(0), parent.length - 1);
  assert.equal(rows.length, parent.length);
  assert.deepEqual(listed(rows), flattened(parentTree(parent), rows));
});

test('expand all stops before the limit, depth first in display order: the first subtrees open whole, the rest stay closed', () => {
  const parent = fanTree(50, 3); // 50 + 2,500 + 125,000 rows below the root
  const t = parentTree(parent);
  const rows = new TreeRows(t);
  const added = rows.expandAllAt(0);
  assert.ok(added <= EXPAND_ALL_LIMIT, `${added} rows added`);
  assert.ok(added > EXPAND_ALL_LIMIT - 50, `it goes as far as the limit allows (${added})`);
  assert.equal(rows.length, 1 + added);
  assert.deepEqual(listed(rows), flattened(t, rows));
  // Display order: the first child of the root opened whole, its first child too; the last one is still closed.
  const first = 1;
  assert.ok(rows.isExpanded(first));
  assert.ok(rows.isExpanded(t.children(first)[0]));
  assert.ok(!rows.isExpanded(t.children(50)[49]));
  // A second `*` on the same row opens about as many again.
  const again = rows.expandAllAt(0);
  assert.ok(again > EXPAND_ALL_LIMIT - 50 && again <= EXPAND_ALL_LIMIT, `${again}`);
  assert.deepEqual(listed(rows), flattened(t, rows));
});

test('expand all always opens the row itself, even when it has more children than the limit', () => {
  const parent = [-1, ...new Array(30_000).fill(0)];
  const rows = new TreeRows(parentTree(parent));
  assert.equal(rows.expandAllAt(0, 1000), 30_000);
  assert.equal(rows.length, 30_001);
});

test('expand all counts the rows of hidden open subtrees it shows', () => {
  const parent = fanTree(4, 3); // root, 4, 16, 64
  const t = parentTree(parent);
  const rows = new TreeRows(t);
  rows.expandAt(0);
  rows.expandAt(rows.indexOf(1));
  rows.collapseAt(0); // 1 stays open, hidden
  // Limit 10: the root opens (4 rows), the hidden open row 1 shows its 4 children (8), and opening
  // row 1's first child would make 12: it stays closed.
  assert.equal(rows.expandAllAt(0, 10), 8);
  assert.ok(rows.isExpanded(1) && !rows.isExpanded(t.children(1)[0]));
  assert.deepEqual(listed(rows), flattened(t, rows));
  assert.equal(rows.expandAllAt(0), parent.length - 1 - 8);
  assert.deepEqual(listed(rows), flattened(t, rows));
});

test('the hot path opens the first root and its chain of first children while a child holds at least a fifth of the first root', () => {
  //  0 (100) -> 1 (80) -> 2 (50) -> 3 (19), 4 (18)       -> stops at 2: its first child 3 holds 19 < 20
  //          -> 5 (20)
  //  6 (top level)
  const parent = [-1, 0, 1, 2, 2, 0, -1];
  const value = [100, 80, 50, 19, 18, 20, 10];
  const t = parentTree(parent);
  const rows = new TreeRows(t);
  const end = rows.expandHotPath((id) => value[id]);
  assert.equal(rows.id(end), 2);
  assert.deepEqual(
    listed(rows).map(([id]) => id),
    [0, 1, 2, 5, 6],
  );
  assert.ok(!rows.isExpanded(2));

  // An even split does not stop it (main calling two helpers of 45% and 40%): it follows the heavier one.
  const split = new TreeRows(parentTree([-1, 0, 1, 1, 2]));
  assert.equal(split.id(split.expandHotPath((id) => [100, 100, 45, 40, 45][id])), 4);
  // Exactly a fifth goes on; the first root opens even when its first child holds less.
  const fifth = new TreeRows(parentTree([-1, 0, 1, 0]));
  assert.equal(fifth.id(fifth.expandHotPath((id) => [10, 2, 2, 2][id])), 2);
  const low = new TreeRows(parentTree([-1, 0, 0, 0]));
  assert.equal(
    low.expandHotPath((id) => [9, 1, 1, 1][id]),
    0,
  );
  assert.equal(low.length, 4, 'the root is open');
  assert.equal(
    new TreeRows(parentTree([])).expandHotPath(() => 1),
    -1,
  );
});

test('revealPath expands the ancestors and returns the row; a broken path stops at the deepest row found', () => {
  const t = parentTree(SMALL);
  const rows = new TreeRows(t);
  const at = rows.revealPath([0, 2, 3]);
  assert.equal(rows.id(at), 3);
  assert.equal(rows.depth(at), 2);
  assert.ok(rows.isExpanded(0) && rows.isExpanded(2));
  assert.ok(!rows.isExpanded(5));
  assert.equal(rows.id(rows.revealPath([5, 6])), 6);
  assert.equal(rows.id(rows.revealPath([0, 4, 99])), 4, 'stops at 4, which has no child 99');
  assert.equal(rows.id(rows.revealPath([0, 6])), 0, '6 is not a child of 0');
  assert.equal(rows.revealPath([3]), -1, '3 is not a top-level row');
  assert.equal(rows.revealPath([]), -1);
});

test('a 20,000-deep chain reveals, expands all and collapses without recursion', () => {
  const parent = Array.from({ length: 20_000 }, (_, i) => i - 1);
  const rows = new TreeRows(parentTree(parent));
  const path = parent.map((_, i) => i);
  assert.equal(rows.revealPath(path), 19_999);
  assert.equal(rows.length, 20_000);
  assert.equal(rows.collapseAt(0), 19_999);
  assert.equal(rows.expandAt(0), 19_999, 'the chain inside stayed open');
  assert.equal(rows.parentIndex(19_999), 19_998);
});

test('property: after any expands, collapses and expand-alls the rows are the tree flattened under the expansion state', () => {
  const tree = fc.array(fc.nat(), { minLength: 1, maxLength: 60 }).map((picks) =>
    // Node i's parent is one of the nodes before it, or none (a top-level row).
    picks.map((p, i) => (p % (i + 1)) - 1),
  );
  const op = fc.record({
    kind: fc.constantFrom('expand', 'collapse', 'all', 'reveal'),
    at: fc.nat(),
    limit: fc.integer({ min: 1, max: 30 }),
  });
  fc.assert(
    fc.property(tree, fc.array(op, { maxLength: 40 }), (parent, ops) => {
      const t = parentTree(parent);
      const rows = new TreeRows(t);
      for (const o of ops) {
        const i = o.at % rows.length;
        if (o.kind === 'expand') rows.expandAt(i);
        else if (o.kind === 'collapse') rows.collapseAt(i);
        else if (o.kind === 'all') {
          const before = rows.length;
          const added = rows.expandAllAt(i, o.limit);
          assert.equal(rows.length, before + added);
        } else {
          const id = o.at % parent.length;
          const path = [id];
          while (parent[path[0]] >= 0) path.unshift(parent[path[0]]);
          assert.equal(rows.id(rows.revealPath(path)), id);
        }
        assert.deepEqual(listed(rows), flattened(t, rows));
      }
    }),
    { numRuns: 300 },
  );
});
