// "Counted once per sample" under recursion: a function's samples are the
// totals of its outermost occurrences only (nodes with no ancestor of the same
// frame); inner occurrences are inside those and would count their samples twice.

import type { CallTreeColumns } from './profileTypes';
import { buildCallTreeIndex, CallTreeIndex } from './callTreeIndex';

/** 1 for each node whose frame is on no ancestor (the root included), else 0. One preorder pass with a per-frame count of open nodes. */
export function outermostNodes(tree: CallTreeColumns, index: CallTreeIndex = buildCallTreeIndex(tree)): Uint8Array {
  const n = index.size;
  const result = new Uint8Array(n);
  const order = new Int32Array(n).fill(-1);
  for (let v = 0; v < n; v++) if (index.pre[v] >= 0) order[index.pre[v]] = v;
  let maxFrame = 0;
  for (let v = 0; v < n; v++) if (tree.frame[v] > maxFrame) maxFrame = tree.frame[v];
  const open = new Int32Array(maxFrame + 1);
  const stack: number[] = [];
  for (let k = 0; k < n; k++) {
    const v = order[k];
    if (v < 0) break; // unreached nodes have no preorder slot
    // Close the nodes whose subtree ends before v.
    while (stack.length > 0 && index.post[stack[stack.length - 1]] <= k) open[tree.frame[stack.pop()!]]--;
    const f = tree.frame[v];
    if (open[f] === 0) result[v] = 1;
    open[f]++;
    stack.push(v);
  }
  return result;
}

/** 1 for the outermost occurrences of frame `f` only: the nodes of `f` with no `f` above them. One pass in id order. */
export function outermostOf(tree: CallTreeColumns, f: number): Uint8Array {
  const n = tree.parent.length;
  const result = new Uint8Array(n);
  const inside = new Uint8Array(n); // 1 when the node or an ancestor is `f`
  for (let v = 0; v < n; v++) {
    const p = tree.parent[v];
    const above = p >= 0 && p < v ? inside[p] : 0;
    if (tree.frame[v] === f) {
      inside[v] = 1;
      if (!above) result[v] = 1;
    } else inside[v] = above;
  }
  return result;
}
