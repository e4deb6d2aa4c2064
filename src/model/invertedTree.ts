// Inverted trees (the bottom-up view, the callers half of a caller/callee
// view): each seed node's samples walk up its ancestors, and the walks are
// merged by frame. Built lazily, one node's children at a time: the whole
// inverted tree of a 200k-node profile has millions of nodes (each leaf's
// path is its own until callers merge), while a view shows the rows it
// expands. Grouping uses a stamped per-frame scratch array, no hash map and
// no recursion: expanding a node costs one step per sample path through it.
//
// A path from an inverted root down is a function, then its caller, then that
// one's caller…; a node's `total` is the samples of that path, its `self` the
// samples whose stack ends there (the process/thread name is the last caller).
// Each sample is one seed's weight on one path, so recursion never counts it twice.

import type { CallTreeColumns } from './profileTypes';

export class InvertedTree {
  /** The nodes made so far (node 0 "all", ids stable, parents first); grows as nodes expand. */
  readonly tree: CallTreeColumns;
  /** Per node: the source nodes its path ends at (the deepest caller so far) and their samples, until it is expanded. */
  private readonly items: (Int32Array | null)[] = [];
  private readonly weights: (Float64Array | null)[] = [];
  private readonly kids: (number[] | null)[] = [];
  private readonly stamp: Int32Array;
  private readonly sum: Float64Array;
  private readonly ends: Float64Array;
  private readonly count: Int32Array;
  private readonly heaviest: Float64Array;
  private readonly lineOf: Int32Array;
  private readonly cursor: Int32Array;

  /** `seeds` (node ids of `source`) carry `weights` samples each; the roots group them by their own frame. */
  constructor(
    private readonly source: CallTreeColumns,
    seeds: readonly number[],
    weights: readonly number[],
  ) {
    const n = source.parent.length;
    this.tree = { parent: [-1], frame: [source.frame[0] ?? 0], self: [0], total: [0], line: [0] };
    let maxFrame = 0;
    for (let v = 0; v < n; v++) if (source.frame[v] > maxFrame) maxFrame = source.frame[v];
    this.stamp = new Int32Array(maxFrame + 1);
    this.sum = new Float64Array(maxFrame + 1);
    this.ends = new Float64Array(maxFrame + 1);
    this.count = new Int32Array(maxFrame + 1);
    this.heaviest = new Float64Array(maxFrame + 1);
    this.lineOf = new Int32Array(maxFrame + 1);
    this.cursor = new Int32Array(maxFrame + 1);
    const ok = seeds.map((s, i) => s > 0 && s < n && weights[i] > 0);
    this.items.push(Int32Array.from(seeds.filter((_, i) => ok[i])));
    this.weights.push(Float64Array.from(weights.filter((_, i) => ok[i])));
    this.kids.push(null);
    this.tree.total[0] = this.weights[0]!.reduce((a, b) => a + b, 0);
  }

  /** The child ids of `node`, heaviest first, made on the first call. */
  children(node: number): readonly number[] {
    const made = this.kids[node];
    if (made) return made;
    if (!(node >= 0 && node < this.kids.length)) return [];
    const items = this.items[node]!;
    const weights = this.weights[node]!;
    const src = this.source;
    const t = this.tree;
    // The root's items group by their own frame (the functions); below, by their caller's.
    const up = (item: number): number => {
      const u = node === 0 ? item : src.parent[item];
      // A parent must come before its child (as the builder makes them): a corrupt column ends the path.
      return u > 0 && (node === 0 || u < item) ? u : -1;
    };
    const tag = node + 1;
    const frames: number[] = [];
    for (let k = 0; k < items.length; k++) {
      const u = up(items[k]);
      if (u < 0) continue;
      const f = src.frame[u];
      if (this.stamp[f] !== tag) {
        this.stamp[f] = tag;
        this.sum[f] = this.ends[f] = this.count[f] = this.heaviest[f] = this.lineOf[f] = 0;
        frames.push(f);
      }
      this.sum[f] += weights[k];
      this.count[f]++;
      // The path ends at a thread node (its parent is the root): those samples are the child's self.
      if (!(src.parent[u] > 0)) this.ends[f] += weights[k];
      if (weights[k] > this.heaviest[f]) {
        this.heaviest[f] = weights[k];
        this.lineOf[f] = src.line[u] || 0;
      }
    }
    frames.sort((a, b) => this.sum[b] - this.sum[a] || a - b);
    const ids: number[] = [];
    const childItems: Int32Array[] = [];
    const childWeights: Float64Array[] = [];
    for (const f of frames) {
      const id = t.parent.length;
      t.parent.push(node);
      t.frame.push(f);
      t.self.push(this.ends[f]);
      t.total.push(this.sum[f]);
      t.line.push(this.lineOf[f]);
      this.cursor[f] = ids.length; // reused below: which child a frame's items go to
      ids.push(id);
      childItems.push(new Int32Array(this.count[f]));
      childWeights.push(new Float64Array(this.count[f]));
      this.count[f] = 0; // reused below as the fill position
    }
    for (let k = 0; k < items.length; k++) {
      const u = up(items[k]);
      if (u < 0) continue;
      const f = src.frame[u];
      const c = this.cursor[f];
      const at = this.count[f]++;
      childItems[c][at] = u;
      childWeights[c][at] = weights[k];
    }
    for (let c = 0; c < ids.length; c++) {
      this.items.push(childItems[c]);
      this.weights.push(childWeights[c]);
      this.kids.push(null);
    }
    // An expanded node's paths live on in its children.
    this.items[node] = this.weights[node] = null;
    this.kids[node] = ids;
    return ids;
  }

  /** Expands every node (tests, exports): the whole inverted tree, which can be many times the source's size. */
  expandAll(): CallTreeColumns {
    for (let v = 0; v < this.tree.parent.length; v++) this.children(v);
    return this.tree;
  }
}

/** The bottom-up view: every function by its self samples, each expanding into its callers. */
export function bottomUp(tree: CallTreeColumns): InvertedTree {
  const seeds: number[] = [];
  const weights: number[] = [];
  for (let v = 1; v < tree.parent.length; v++) {
    if (tree.self[v] > 0) {
      seeds.push(v);
      weights.push(tree.self[v]);
    }
  }
  return new InvertedTree(tree, seeds, weights);
}
