// Children lists of the columnar call tree, built once per profile in one
// pass (CSR layout: two typed arrays instead of 200k small arrays), so the
// view can walk down from any node without recursion. Pure: no DOM.

import type { CallTreeColumns } from './profileTypes';

export interface CallTreeIndex {
  /** Number of nodes. */
  size: number;
  /** Children of node i are children[start[i]] .. children[start[i + 1] - 1]. */
  start: Int32Array;
  children: Int32Array;
}

export function buildCallTreeIndex(tree: CallTreeColumns): CallTreeIndex {
  const n = tree.parent.length;
  const start = new Int32Array(n + 1);
  for (let i = 1; i < n; i++) {
    const p = tree.parent[i];
    if (p >= 0 && p < n && p !== i) start[p + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const children = new Int32Array(start[n]);
  for (let i = 1; i < n; i++) {
    const p = tree.parent[i];
    if (p >= 0 && p < n && p !== i) children[fill[p]++] = i;
  }
  return { size: n, start, children };
}

/** Node ids from the root down to `node` (inclusive), root first; [0] for a bad id. */
export function ancestorChain(tree: CallTreeColumns, node: number): number[] {
  const n = tree.parent.length;
  if (!(node >= 0 && node < n)) return [0];
  const chain: number[] = [];
  // Bounded by n, so a corrupt parent column cannot loop forever.
  for (let v = node, steps = 0; v >= 0 && steps <= n; v = tree.parent[v], steps++) chain.push(v);
  return chain.reverse();
}
