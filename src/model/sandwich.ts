// The caller/callee ("sandwich") view of one function, merged over every place
// it appears: who calls it (an inverted tree rooted at it) and what it calls
// (its subtrees merged, rooted at it). Under recursion each sample counts once,
// at the function's outermost occurrence on its stack, so both roots carry the
// function's FunctionStat.totalSamples. Both halves are built as they expand:
// a view re-centres on every function selected in it.

import type { CallTreeColumns } from './profileTypes';
import { CallTreeIndex, buildCallTreeIndex } from './callTreeIndex';
import { InvertedTree } from './invertedTree';
import { CalleeTree } from './calleeTree';
import { outermostOf } from './outermost';

export interface Sandwich {
  /** Node 0 "all", node 1 the function (once `children(0)` made it), below it its callers, their callers, … (expanded on demand). */
  callers: InvertedTree;
  /** Node 0 "all", node 1 the function, below it its callees merged over its call sites (focusFunction's tree, expanded on demand). */
  callees: CalleeTree;
  /** Samples with the function on the stack, once per sample. */
  total: number;
  /** Samples in the function itself (every occurrence: a sample has one leaf). */
  self: number;
}

/** `index`: the tree's own, when the caller has it (the callees walk its children lists). */
export function sandwich(tree: CallTreeColumns, f: number, index: CallTreeIndex = buildCallTreeIndex(tree)): Sandwich {
  const outer = outermostOf(tree, f);
  const seeds: number[] = [];
  const weights: number[] = [];
  let total = 0;
  let self = 0;
  for (let v = 1; v < tree.parent.length; v++) {
    if (tree.frame[v] !== f) continue;
    self += tree.self[v];
    if (!outer[v]) continue;
    seeds.push(v);
    weights.push(tree.total[v]);
    total += tree.total[v];
  }
  return { callers: new InvertedTree(tree, seeds, weights), callees: new CalleeTree(tree, index, seeds), total, self };
}
