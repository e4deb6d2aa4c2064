// Writes a new call tree by placing nodes under parents one at a time, merging
// siblings of the same frame, so every derived tree (transforms, the callees of
// a function) stays a trie like the builder's: one node per call path. Totals
// are never copied: `finish` sums them from the selves, so a derived tree is
// consistent (node total = self + children's totals) whatever was dropped.

import type { CallTreeColumns } from './profileTypes';
import { PairMap } from './pairMap';

export class TreeWriter {
  // Typed columns sized once (a derived tree is rarely bigger than its source): no per-node allocation.
  private parent: Int32Array;
  private frame: Int32Array;
  private self: Float64Array;
  private line: Int32Array;
  /** Per node: the weight of the source node its line came from (the heaviest wins). */
  private lineWeight: Float64Array;
  /** The child per (parent, frame), as the builder finds its own: entry number + 1 is the node id. */
  private readonly children: PairMap;
  private size = 1;

  constructor(rootFrame: number, capacity = 1024) {
    const c = Math.max(1, capacity);
    this.parent = new Int32Array(c);
    this.frame = new Int32Array(c);
    this.self = new Float64Array(c);
    this.line = new Int32Array(c);
    this.lineWeight = new Float64Array(c);
    this.children = new PairMap(c);
    this.parent[0] = -1;
    this.frame[0] = rootFrame;
  }

  /** The node for `frame` under `parent` (a node of this tree), made on first use. */
  child(parent: number, frame: number): number {
    const id = this.children.intern(parent, frame) + 1;
    if (id === this.size) {
      if (this.size === this.parent.length) this.grow();
      this.size++;
      this.parent[id] = parent;
      this.frame[id] = frame;
    }
    return id;
  }

  addSelf(node: number, samples: number): void {
    this.self[node] += samples;
  }

  /** A source node placed here offers its line; the one with the most samples keeps it (the builder's "hottest line"). */
  offerLine(node: number, line: number, weight: number): void {
    if (line > 0 && weight > this.lineWeight[node]) {
      this.lineWeight[node] = weight;
      this.line[node] = line;
    }
  }

  /** The tree, with totals summed from the selves (children follow parents, so one backward pass does it). */
  finish(): CallTreeColumns {
    const n = this.size;
    const total = this.self.slice(0, n);
    for (let i = n - 1; i > 0; i--) total[this.parent[i]] += total[i];
    return {
      parent: toArray(this.parent, n),
      frame: toArray(this.frame, n),
      self: toArray(this.self, n),
      total: toArray(total, n),
      line: toArray(this.line, n),
    };
  }

  private grow(): void {
    const c = this.parent.length * 2;
    const more = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(c);
      b.set(a);
      return b;
    };
    this.parent = more(this.parent);
    this.frame = more(this.frame);
    this.self = more(this.self);
    this.line = more(this.line);
    this.lineWeight = more(this.lineWeight);
  }
}

/**
 * The first `n` values as a plain array. Array.from walks a typed array through its iterator: 5 ms per
 * 190k-node column in V8, six times this loop, and a third of a sandwich or a transform on such a tree.
 */
function toArray(a: Int32Array | Float64Array, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = a[i];
  return out;
}

/**
 * Rebuilds `tree` node by node in id order (parents first). `place(n, out)`
 * returns n's node in the new tree, given `out` (the new node of every earlier
 * node, -1 for "not in the new tree"): usually `w.child(out[parent], frame)`;
 * `out[parent]` merges n into its parent (its self goes there); -1 drops its
 * samples. Nodes whose parent does not come before them (a corrupt column) are dropped, and so is everything
 * under them (`place` only ever sees nodes whose parent was placed or dropped by it).
 */
export function rebuildTree(
  tree: CallTreeColumns,
  rootOut: number,
  place: (n: number, out: Int32Array, w: TreeWriter) => number,
): CallTreeColumns {
  const n = tree.parent.length;
  const w = new TreeWriter(n > 0 ? tree.frame[0] : 0, n);
  const out = new Int32Array(n).fill(-1);
  if (n === 0) return w.finish();
  out[0] = rootOut;
  if (rootOut >= 0) w.addSelf(rootOut, tree.self[0] || 0);
  const corrupt = new Uint8Array(n);
  for (let i = 1; i < n; i++) {
    const p = tree.parent[i];
    if (!(p >= 0 && p < i) || corrupt[p]) {
      corrupt[i] = 1;
      continue;
    }
    const o = place(i, out, w);
    out[i] = o;
    if (o < 0) continue;
    w.addSelf(o, tree.self[i] || 0);
    // A node merged into its parent brings samples, not its (other function's) line.
    if (o !== out[p]) w.offerLine(o, tree.line[i], tree.total[i]);
  }
  return w.finish();
}
