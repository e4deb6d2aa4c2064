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

  const { pre, post } = ordered(n, start, children);
  return { size: n, start, children, pre, post };
}

/**
 * Pre/post numbers from the children lists, without recursion: subtree sizes
 * back to front (children follow their parents, as every validated profile
 * has them), then each child takes the next slots after its earlier siblings.
 */
function ordered(n: number, start: Int32Array, children: Int32Array): { pre: Int32Array; post: Int32Array } {
  const pre = new Int32Array(n).fill(-1);
  const post = new Int32Array(n).fill(-1);
  if (n === 0) return { pre, post };
  const size = new Int32Array(n).fill(1);
  for (let v = n - 1; v >= 0; v--) {
    for (let k = start[v]; k < start[v + 1]; k++) {
      const c = children[k];
      // A child before its parent (a corrupt column) is left out: the order stays a tree's.
      if (c > v) size[v] += size[c];
    }
  }
  pre[0] = 0;
  post[0] = size[0];
  for (let v = 0; v < n; v++) {
    if (pre[v] < 0) continue; // not reached from the root
    let slot = pre[v] + 1;
    for (let k = start[v]; k < start[v + 1]; k++) {
      const c = children[k];
      if (c <= v) continue;
      pre[c] = slot;
      post[c] = slot + size[c];
      slot += size[c];
    }
  }
  return { pre, post };
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
