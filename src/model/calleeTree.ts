// The callees half of a caller/callee view: the subtrees of a function's
// outermost occurrences merged into one, all → the function → what it calls,
// siblings of one frame merged at each level (focusFunction's tree). Built
// lazily, one node's children at a time, like the callers half
// (invertedTree.ts): the view re-centres on every function selected in it, and
// building the whole merged tree each time (focusFunction through TreeWriter)
// was half of a selection's time on a 190k-node profile, while the view shows
// the rows it expands. Grouping uses stamped per-frame scratch arrays and the
// source's children lists (CallTreeIndex), no hash map.
//
// A node's `self` and `total` are the sums of its source nodes' (the source is
// a builder or TreeWriter tree, whose totals are self plus the children's);
// its line is its heaviest source node's (the first in id order on a tie), as
// TreeWriter keeps it. Source nodes without samples are left out.

import type { CallTreeColumns } from './profileTypes';
import type { CallTreeIndex } from './callTreeIndex';

export class CalleeTree {
  /** The nodes made so far (node 0 "all", node 1 the function, ids stable, parents first); grows as nodes expand. */
  readonly tree: CallTreeColumns;
  /** Per node: the source nodes merged into it, until it is expanded. */
  private readonly items: (Int32Array | null)[] = [];
  private readonly kids: (number[] | null)[] = [];
  private readonly stamp: Int32Array;
  private readonly firstId: Int32Array;
  private readonly count: Int32Array;
  private readonly sum: Float64Array;
  private readonly selfSum: Float64Array;
  private readonly heaviest: Float64Array;
  private readonly heaviestId: Int32Array;
  private readonly cursor: Int32Array;

  /** `seeds`: nodes of `source` of one frame, none inside another's subtree (a function's outermost occurrences). */
  constructor(
    private readonly source: CallTreeColumns,
    private readonly index: CallTreeIndex,
    seeds: readonly number[],
  ) {
    const n = source.parent.length;
    let maxFrame = 0;
    for (let v = 0; v < n; v++) if (source.frame[v] > maxFrame) maxFrame = source.frame[v];
    this.stamp = new Int32Array(maxFrame + 1).fill(-1);
    this.firstId = new Int32Array(maxFrame + 1);
    this.count = new Int32Array(maxFrame + 1);
    this.sum = new Float64Array(maxFrame + 1);
    this.selfSum = new Float64Array(maxFrame + 1);
    this.heaviest = new Float64Array(maxFrame + 1);
    this.heaviestId = new Int32Array(maxFrame + 1);
    this.cursor = new Int32Array(maxFrame + 1);
    this.tree = { parent: [-1], frame: [source.frame[0] ?? 0], self: [0], total: [0], line: [0] };
    const roots = Int32Array.from(seeds.filter((v) => v > 0 && v < n && source.total[v] > 0));
    this.items.push(roots);
    this.kids.push(null);
    this.children(0);
  }

  /** The child ids of `node`, heaviest first (on a tie, the one whose first source node comes first), made on the first call. */
  children(node: number): readonly number[] {
    const made = this.kids[node];
    if (made) return made;
    if (!(node >= 0 && node < this.kids.length)) return [];
    const items = this.items[node]!;
    const src = this.source;
    const { start, children } = this.index;
    const tag = node;
    const frames: number[] = [];
    // The root's items are the seeds themselves (one frame); below, the children of a node's items.
    const visit = (c: number) => {
      if (!(src.total[c] > 0)) return;
      const f = src.frame[c];
      if (this.stamp[f] !== tag) {
        this.stamp[f] = tag;
        this.firstId[f] = c;
        this.count[f] = 0;
        this.sum[f] = this.selfSum[f] = this.heaviest[f] = 0;
        this.heaviestId[f] = -1;
        frames.push(f);
      } else if (c < this.firstId[f]) this.firstId[f] = c;
      this.count[f]++;
      this.sum[f] += src.total[c];
      this.selfSum[f] += src.self[c] || 0;
      const w = src.total[c];
      if (src.line[c] > 0 && (w > this.heaviest[f] || (w === this.heaviest[f] && c < this.heaviestId[f]))) {
        this.heaviest[f] = w;
        this.heaviestId[f] = c;
      }
    };
    // A child must come after its parent (as the builder makes them): a corrupt column cannot loop.
    const eachChild = (each: (c: number) => void) => {
      for (let k = 0; k < items.length; k++) {
        const u = items[k];
        if (node === 0) each(u);
        else for (let j = start[u]; j < start[u + 1]; j++) if (children[j] > u) each(children[j]);
      }
    };
    eachChild(visit);
    frames.sort((a, b) => this.sum[b] - this.sum[a] || this.firstId[a] - this.firstId[b]);
    const t = this.tree;
    const ids: number[] = [];
    const childItems: Int32Array[] = [];
    for (const f of frames) {
      const id = t.parent.length;
      t.parent.push(node);
      t.frame.push(f);
      t.self.push(this.selfSum[f]);
      t.total.push(this.sum[f]);
      t.line.push(this.heaviestId[f] >= 0 ? src.line[this.heaviestId[f]] : 0);
      this.cursor[f] = ids.length;
      ids.push(id);
      childItems.push(new Int32Array(this.count[f]));
      this.count[f] = 0; // reused below as the fill position
    }
    eachChild((c) => {
      if (!(src.total[c] > 0)) return;
      const f = src.frame[c];
      childItems[this.cursor[f]][this.count[f]++] = c;
    });
    for (const c of childItems) {
      this.items.push(c);
      this.kids.push(null);
    }
    if (node === 0) t.total[0] = ids.length > 0 ? t.total[ids[0]] : 0;
    this.items[node] = null;
    this.kids[node] = ids;
    return ids;
  }

  /** Expands every node (tests): the whole merged tree, focusFunction's tree with the siblings heaviest first. */
  expandAll(): CallTreeColumns {
    for (let v = 0; v < this.tree.parent.length; v++) this.children(v);
    return this.tree;
  }
}
