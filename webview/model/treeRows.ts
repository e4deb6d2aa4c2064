// The rows a tree table shows: the tree flattened in display order, only
// the rows whose ancestors are all expanded. Expanding a row inserts its
// visible subtree right after it, collapsing removes that range: each is one
// move of the arrays' tails (typed arrays, copyWithin), so a 200k-row list
// never gets rebuilt whole. Collapsing keeps the expansion state of the rows
// inside: expanding again shows them as they were. Iterative everywhere
// (call trees can be thousands of frames deep). Pure: no DOM.

import type { FrameKind } from '../../src/model/profileTypes';

/** What a tree table shows. Row ids are integers (int32), unique across the whole tree. */
export interface TreeSource {
  /** Top-level row ids, in display order. */
  roots(): readonly number[];
  /** Children of a row in display order (may be computed lazily on first call; cache is the source's job). */
  children(id: number): readonly number[];
  /** Cheap: whether a row can expand (without computing its children when possible). */
  hasChildren(id: number): boolean;
  /** Text shown in the name cell (already shortened by the caller), the full name for the tooltip, the kind for the colour swatch. */
  label(id: number): { text: string; title: string; kind: FrameKind };
}

/** The part of a source the row list needs. */
export type TreeShape = Pick<TreeSource, 'roots' | 'children' | 'hasChildren'>;

/** The hot path opens down to rows holding at least this share of the first top-level row. */
export const HOT_PATH_SHARE = 0.2;

/** How many rows `*` (expand all below) may add at most: beyond that a subtree is left closed. */
export const EXPAND_ALL_LIMIT = 20_000;

export class TreeRows {
  private ids = new Int32Array(64);
  private depths = new Int32Array(64);
  private count = 0;
  /** Rows whose children are shown when the row itself is; kept for rows hidden under a collapsed ancestor. */
  private readonly open = new Set<number>();
  /** Rows that said they had children (hasChildren) but gave none when asked: they show no twisty any more. */
  private readonly childless = new Set<number>();

  constructor(private readonly shape: TreeShape) {
    const roots = shape.roots();
    this.insert(0, roots, new Array<number>(roots.length).fill(0));
  }

  /** Number of visible rows. */
  get length(): number {
    return this.count;
  }

  id(index: number): number {
    return this.ids[index];
  }

  depth(index: number): number {
    return this.depths[index];
  }

  isExpanded(id: number): boolean {
    return this.open.has(id);
  }

  /** Whether the row can open: the source says it has children, and asking for them did not give none. */
  canExpand(id: number): boolean {
    return this.shape.hasChildren(id) && !this.childless.has(id);
  }

  /** Index of the visible row `id`, or -1. A linear scan of an Int32Array: ~0.1 ms per 200k rows. */
  indexOf(id: number): number {
    return this.ids.subarray(0, this.count).indexOf(id);
  }

  /** Index of the row's parent, or -1 for a top-level row. */
  parentIndex(index: number): number {
    const d = this.depths[index];
    for (let i = index - 1; i >= 0; i--) if (this.depths[i] < d) return i;
    return -1;
  }

  /** One past the last row of the visible subtree under `index`. */
  subtreeEnd(index: number): number {
    const d = this.depths[index];
    let i = index + 1;
    while (i < this.count && this.depths[i] > d) i++;
    return i;
  }

  /** Shows the children of the row at `index` (and, below them, what was expanded before). Returns the rows added. */
  expandAt(index: number): number {
    const id = this.ids[index];
    if (this.open.has(id) || !this.canExpand(id)) return 0;
    if (this.shape.children(id).length === 0) {
      this.childless.add(id);
      return 0;
    }
    this.open.add(id);
    return this.showSubtree(index);
  }

  /** Hides the rows under `index`; the rows inside keep their own expansion. Returns the rows removed. */
  collapseAt(index: number): number {
    const id = this.ids[index];
    if (!this.open.delete(id)) return 0;
    const end = this.subtreeEnd(index);
    this.remove(index + 1, end);
    return end - index - 1;
  }

  /**
   * Expands everything under the row at `index`, depth first in display
   * order, until opening one more row would add more than `limit` rows:
   * that row and every row after it stay as they were (the row at `index`
   * itself always opens, as a plain expand would). Rows hidden under it that
   * were open before show their children as they would on a plain expand, so
   * those can add rows beyond the limit. Returns the rows added.
   */
  expandAllAt(index: number, limit = EXPAND_ALL_LIMIT): number {
    const start = this.ids[index];
    const before = this.subtreeEnd(index) - index - 1;
    // [id, was the row visible before]: a hidden row that was already open
    // shows its children now, so they count as added too.
    const stack: [number, boolean][] = [[start, true]];
    let added = 0;
    while (stack.length) {
      const [id, wasVisible] = stack.pop()!;
      if (!this.shape.hasChildren(id)) continue;
      const kids = this.shape.children(id);
      if (kids.length === 0) continue;
      const wasOpen = this.open.has(id);
      const adds = wasOpen && wasVisible ? 0 : kids.length;
      if (added + adds > limit && id !== start) break;
      added += adds;
      this.open.add(id);
      for (let k = kids.length - 1; k >= 0; k--) stack.push([kids[k], wasOpen && wasVisible]);
    }
    this.remove(index + 1, index + 1 + before);
    return this.showSubtree(index) - before;
  }

  /**
   * Expands the ancestors on `path` (ids from a top-level row down) and
   * returns the index of its last row; when a step is not a child of the
   * previous one, the index of the deepest row found; -1 when the first id is
   * not a top-level row.
   */
  revealPath(path: readonly number[]): number {
    if (path.length === 0) return -1;
    let at = -1;
    for (let i = 0; i < this.count; i++) {
      if (this.depths[i] === 0 && this.ids[i] === path[0]) {
        at = i;
        break;
      }
    }
    if (at < 0) return -1;
    for (let step = 1; step < path.length; step++) {
      this.expandAt(at);
      if (!this.open.has(this.ids[at])) return at;
      const d = this.depths[at];
      let found = -1;
      for (let i = at + 1; i < this.count && this.depths[i] > d; i++) {
        if (this.depths[i] === d + 1 && this.ids[i] === path[step]) {
          found = i;
          break;
        }
      }
      if (found < 0) return at;
      at = found;
    }
    return at;
  }

  /**
   * Opens the hot path, as the Firefox Profiler does on load: the first
   * top-level row, then down the chain of first (heaviest) children while a
   * child holds at least a fifth of the first row's `value` (HOT_PATH_SHARE):
   * the path to where the time goes, stopping where it spreads thin. (Half of
   * the parent stopped at the first even split, e.g. main calling two helpers
   * of 50% and 45%.) Returns the index of the chain's end (-1 when there are no rows).
   */
  expandHotPath(value: (id: number) => number): number {
    if (this.count === 0) return -1;
    let at = 0;
    const floor = value(this.ids[0]) * HOT_PATH_SHARE;
    this.expandAt(at); // The first top-level row always opens: one lone row shows nothing.
    for (;;) {
      const id = this.ids[at];
      if (!this.open.has(id)) return at;
      const first = this.shape.children(id)[0];
      if (first === undefined || value(first) < floor) return at;
      at += 1; // the first child sits right after its open parent
      const grandchildren = this.shape.hasChildren(first) ? this.shape.children(first) : [];
      if (grandchildren.length === 0 || value(grandchildren[0]) < floor) return at;
      this.expandAt(at);
    }
  }

  /** Inserts the visible subtree of the (open) row at `index` after it. */
  private showSubtree(index: number): number {
    const ids: number[] = [];
    const depths: number[] = [];
    const stack: [number, number][] = [];
    const pushChildren = (id: number, depth: number) => {
      const kids = this.shape.children(id);
      for (let k = kids.length - 1; k >= 0; k--) stack.push([kids[k], depth]);
    };
    pushChildren(this.ids[index], this.depths[index] + 1);
    while (stack.length) {
      const [id, depth] = stack.pop()!;
      ids.push(id);
      depths.push(depth);
      if (this.open.has(id)) pushChildren(id, depth + 1);
    }
    this.insert(index + 1, ids, depths);
    return ids.length;
  }

  private insert(at: number, ids: readonly number[], depths: readonly number[]): void {
    const n = ids.length;
    if (n === 0) return;
    if (this.count + n > this.ids.length) {
      const cap = Math.max(this.count + n, this.ids.length * 2);
      const grow = (a: Int32Array) => {
        const b = new Int32Array(cap);
        b.set(a.subarray(0, this.count));
        return b;
      };
      this.ids = grow(this.ids);
      this.depths = grow(this.depths);
    }
    this.ids.copyWithin(at + n, at, this.count);
    this.depths.copyWithin(at + n, at, this.count);
    this.ids.set(ids, at);
    this.depths.set(depths, at);
    this.count += n;
  }

  private remove(from: number, to: number): void {
    if (to <= from) return;
    this.ids.copyWithin(from, to, this.count);
    this.depths.copyWithin(from, to, this.count);
    this.count -= to - from;
  }
}
