// Trees for the tree table's browser test and bench, bundled into the test
// page with the widget (test/helpers/treeTablePage.ts): a source over
// column arrays (children sorted by total, computed on first ask, as the
// real views do), a wide generated tree with hostile names, and the columns.
// Pure (no DOM): the columns are written to TreeColumn's shape without
// importing it, since the widget's file needs the DOM types.

import type { FrameKind } from '../../src/model/profileTypes';
import type { TreeSource } from '../../webview/model/treeRows';

export interface ArrayTree {
  /** Parent id of each row; -1 for a top-level row. */
  parent: ArrayLike<number>;
  name: readonly string[];
  kind: readonly FrameKind[];
  total: ArrayLike<number>;
  self: ArrayLike<number>;
}

export interface CountingSource extends TreeSource {
  /** How many rows had their children computed. */
  computed(): number;
}

/** A source over `t`: children in descending total, each list computed on its first ask. */
export function arraySource(t: ArrayTree): CountingSource {
  const n = t.parent.length;
  // CSR children lists in id order; sorted per row when first asked.
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (t.parent[i] >= 0) start[t.parent[i] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const kids = new Int32Array(start[n]);
  for (let i = 0; i < n; i++) if (t.parent[i] >= 0) kids[fill[t.parent[i]]++] = i;
  const roots: number[] = [];
  for (let i = 0; i < n; i++) if (t.parent[i] < 0) roots.push(i);
  const cache = new Map<number, number[]>();
  return {
    roots: () => roots,
    hasChildren: (id) => start[id + 1] > start[id],
    children(id) {
      let c = cache.get(id);
      if (!c) {
        c = Array.from(kids.subarray(start[id], start[id + 1])).sort((a, b) => t.total[b] - t.total[a] || a - b);
        cache.set(id, c);
      }
      return c;
    },
    label: (id) => ({ text: t.name[id], title: t.name[id], kind: t.kind[id] }),
    computed: () => cache.size,
  };
}

/** Names a page must show as text. */
export const HOSTILE_NAMES = [
  '<script>window.__pwned = 1</script>',
  'a &amp; b &lt;c&gt;',
  '<img src=x onerror="window.__pwned = 2">',
  '<alloc::vec::Vec<T> as core::ops::drop::Drop>::drop',
];

const KINDS: FrameKind[] = ['user', 'dependency', 'std', 'system', 'kernel'];

/**
 * One root `all` with `groups` children, each with `perGroup` leaf children:
 * expanding every group shows 1 + groups * (1 + perGroup) rows. The first
 * group's first children carry HOSTILE_NAMES; totals fall with the index, so
 * the hot path is all → group 0 → its first leaf.
 */
export function wideTree(groups: number, perGroup: number): ArrayTree {
  const n = 1 + groups * (1 + perGroup);
  const parent = new Int32Array(n);
  const total = new Float64Array(n);
  const self = new Float64Array(n);
  const name: string[] = new Array(n);
  const kind: FrameKind[] = new Array(n);
  parent[0] = -1;
  name[0] = 'all';
  kind[0] = 'root';
  let id = 1;
  for (let g = 0; g < groups; g++) {
    const gid = id++;
    parent[gid] = 0;
    name[gid] = `svc::group_${g}::run`;
    kind[gid] = KINDS[g % KINDS.length];
    for (let k = 0; k < perGroup; k++) {
      const leaf = id++;
      parent[leaf] = gid;
      // Group 0 holds most of the samples, and its first leaf most of those.
      const v = g === 0 ? (k === 0 ? 1_000_000 : 10) : 1 + ((k * 7) % 5);
      total[leaf] = self[leaf] = v;
      total[gid] += v;
      name[leaf] =
        g === 0 && k < HOSTILE_NAMES.length
          ? HOSTILE_NAMES[k]
          : `<svc::group_${g}::Worker<T> as core::iter::Iterator>::next_${k}::{{closure}}::with_a_long_tail_so_that_it_ellipsizes`;
      kind[leaf] = KINDS[(g + k) % KINDS.length];
    }
    total[0] += total[gid];
  }
  return { parent, name, kind, total, self };
}

/** The figures of a call tree: Total and Self, as a percentage of the root's total and a count. */
export function callTreeColumns(t: ArrayTree, sortable = false) {
  const all = t.total[0] || 1;
  const format = (v: number) => `${((100 * v) / all).toFixed(1)}%  ${Math.round(v).toLocaleString('en-US')}`;
  return [
    {
      key: 'total',
      title: 'Total',
      tooltip: 'Samples in this call and the calls under it',
      value: (id: number) => t.total[id],
      format,
      sortable,
    },
    {
      key: 'self',
      title: 'Self',
      tooltip: 'Samples in this call itself',
      value: (id: number) => t.self[id],
      format,
      sortable,
      width: 100,
    },
  ];
}
