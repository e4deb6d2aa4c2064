// The one index of the columnar call tree, built once per profile without
// recursion: children lists (CSR layout: two typed arrays instead of 200k
// small arrays), so a view can walk down from any node, and pre/post order
// numbers, so "is this node inside that one's subtree" is two comparisons.
// Used by the page, the SVG export and the language server. Pure: no DOM.

import type { CallTreeColumns } from './profileTypes';

export interface CallTreeIndex {
  /** Number of nodes. */
  size: number;
  /** Children of node i are children[start[i]] .. children[start[i + 1] - 1], in id order. */
  start: Int32Array;
  children: Int32Array;
  /**
   * Preorder number of each node (children visited in id order); node j is in
   * i's subtree when pre[i] <= pre[j] < post[i]. -1 for a node the root does not reach.
   */
  pre: Int32Array;
  post: Int32Array;
}

/** Builds the index; `keep` (optional) leaves a node and its subtree out of the children lists. */
export function buildCallTreeIndex(tree: CallTreeColumns, keep?: (node: number) => boolean): CallTreeIndex {
  const n = tree.parent.length;
  const linked = (i: number): boolean => {
    const p = tree.parent[i];
    return p >= 0 && p < n && p !== i && (keep === undefined || keep(i));
  };
  const start = new Int32Array(n + 1);
  for (let i = 1; i < n; i++) if (linked(i)) start[tree.parent[i] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const children = new Int32Array(start[n]);
  for (let i = 1; i < n; i++) if (linked(i)) children[fill[tree.parent[i]]++] = i;

  // Iterative preorder from the root, then subtree sizes back to front.
  const pre = new Int32Array(n).fill(-1);
  const post = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  let count = 0;
  if (n > 0) {
    const stack = [0];
    while (stack.length > 0) {
      const v = stack.pop() as number;
      if (pre[v] >= 0) continue; // a corrupt parent column can make a node reachable twice
      pre[v] = count;
      order[count++] = v;
      for (let k = start[v + 1] - 1; k >= start[v]; k--) stack.push(children[k]);
    }
  }
  for (let k = count - 1; k >= 0; k--) {
    const v = order[k];
    let end = pre[v] + 1;
    for (let c = start[v]; c < start[v + 1]; c++) if (post[children[c]] > end) end = post[children[c]];
    post[v] = end;
  }
  return { size: n, start, children, pre, post };
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
