// Builds the d3 hierarchy data for one view of the call tree: the zoomed
// node's subtree, keeping only frames wide enough to see at the current
// zoom, plus the chain of its ancestors (faded, full width), like
// flamegraph.pl's zoom. With ~200k distinct call paths, drawing everything
// would cost seconds; a frame under half a pixel is invisible anyway, and
// its descendants are narrower still. Iterative: call trees can be
// thousands of frames deep. Pure: no DOM.

import type { FrameKind } from '../../src/model/profileTypes';
import type { TransformedTree } from '../../src/model/transforms';
import { CallTreeIndex, ancestorChain } from '../../src/model/callTreeIndex';

/** One frame as d3-flame-graph reads it (`n` name, `v` value, `c` children). */
export interface FlameDatum {
  /** Call-tree node id in the profile: clicks map back through it. */
  node: number;
  /** Frame name (rendered as text only). */
  n: string;
  /** The short name the frame's label shows (src/model/shortName.ts), cut in the middle to the frame's width. */
  s: string;
  /** Total samples of the node. */
  v: number;
  c?: FlameDatum[];
  kind: FrameKind;
  /** An ancestor of the zoomed node: drawn full width, dimmed. */
  fade?: boolean;
  /** Matched by the search. */
  match?: boolean;
  /** A frame of the highlighted function (CodeLens → flamegraph). */
  highlight?: boolean;
  /** A frame of the function selected in any view. */
  selected?: boolean;
}

export interface ViewTreeOptions {
  zoomNode: number;
  /** Width of the drawing in CSS pixels. */
  widthPx: number;
  /** Frames narrower than this at the current zoom are left out; default 0.5. */
  minPx?: number;
  /**
   * At most this many frames below the zoomed one (the widest win): each
   * drawn frame costs the browser ~0.1 ms, and a zoom into a sparse subtree
   * can make tens of thousands of frames just over half a pixel wide.
   */
  maxFrames?: number;
  /** Per frame index: MARK_MATCH, MARK_HIGHLIGHT, MARK_SELECTED bits. */
  frameMarks?: Uint8Array | null;
  /** The short name of a frame id (cached by the caller). */
  shortNameOf?: (frame: number) => string;
}

export interface ViewTree {
  root: FlameDatum;
  /** The datum of the zoomed node (the root when not zoomed). */
  zoomed: FlameDatum;
  /** The zoom node actually used (0 when the asked one does not exist). */
  zoomNode: number;
  /** Number of data built (ancestors included). */
  count: number;
  /** Frames below the zoomed one left out (narrower than minPx or beyond maxFrames): the page says so. */
  hidden: number;
}

export const MARK_MATCH = 1;
export const MARK_HIGHLIGHT = 2;
export const MARK_SELECTED = 4;

export function buildViewTree(profile: TransformedTree, index: CallTreeIndex, opts: ViewTreeOptions): ViewTree {
  const { tree, frames } = profile;
  const n = index.size;
  let zoom = Number.isInteger(opts.zoomNode) && opts.zoomNode >= 0 && opts.zoomNode < n ? opts.zoomNode : 0;
  if (!(tree.total[zoom] > 0)) zoom = 0;
  const zoomTotal = tree.total[zoom];
  const widthPx = opts.widthPx > 0 ? opts.widthPx : 1;
  const minSamples = ((opts.minPx ?? 0.5) * zoomTotal) / widthPx;
  const marks = opts.frameMarks ?? null;
  const { cutoff, ties } = frameBudget(tree.total, index, zoom, minSamples, opts.maxFrames ?? Infinity);
  let tiesLeft = ties;

  const datum = (node: number): FlameDatum => {
    const f = tree.frame[node];
    const info = frames[f];
    const name = info ? info.name : '[unknown]';
    const d: FlameDatum = {
      node,
      n: name,
      s: opts.shortNameOf && info ? opts.shortNameOf(f) : name,
      v: tree.total[node],
      kind: node === 0 ? 'root' : info ? info.kind : 'unknown',
    };
    if (marks) {
      const m = marks[f];
      if (m & MARK_MATCH) d.match = true;
      if (m & MARK_HIGHLIGHT) d.highlight = true;
      if (m & MARK_SELECTED) d.selected = true;
    }
    return d;
  };

  const zoomed = datum(zoom);
  let count = 1;
  const byName = (a: FlameDatum, b: FlameDatum): number => (a.n < b.n ? -1 : a.n > b.n ? 1 : a.node - b.node);
  const stack: FlameDatum[] = [zoomed];
  while (stack.length > 0) {
    const d = stack.pop() as FlameDatum;
    const from = index.start[d.node];
    const to = index.start[d.node + 1];
    let kids: FlameDatum[] | undefined;
    for (let k = from; k < to; k++) {
      const c = index.children[k];
      const t = tree.total[c];
      if (!(t > 0) || t < minSamples || t < cutoff) continue;
      // Frames tied with the cutoff fill what the budget leaves, in the order the walk meets them: their
      // parents are met first, so the drawn frames stay one tree (a deep chain shares one total throughout).
      if (t === cutoff && tiesLeft-- <= 0) continue;
      const cd = datum(c);
      (kids ??= []).push(cd);
      stack.push(cd);
    }
    if (kids) {
      // Alphabetical siblings, as flamegraph.pl draws them: the same function lands in the same place across runs.
      if (kids.length > 1) kids.sort(byName);
      d.c = kids;
      count += kids.length;
    }
  }

  const below = count - 1;
  let root = zoomed;
  const chain = ancestorChain(tree, zoom);
  for (let i = chain.length - 2; i >= 0; i--) {
    const a = datum(chain[i]);
    a.fade = true;
    a.c = [root];
    root = a;
    count++;
  }
  // pre/post bound the zoomed node's subtree: its size, less the frames drawn, is what is hidden.
  const subtree = index.post[zoom] - index.pre[zoom] - 1;
  return { root, zoomed, zoomNode: zoom, count, hidden: Math.max(0, subtree - below) };
}

/**
 * How to keep no more than `maxFrames` frames below `zoom`, the widest first:
 * every frame wider than `cutoff`, then up to `ties` frames exactly as wide.
 * A child never has more samples than its parent, so frames wider than the
 * cutoff form a tree hanging from the zoomed node; ties only add leaves to it.
 * `cutoff` is -Infinity when the half-pixel rule keeps few enough.
 */
function frameBudget(
  total: number[],
  index: CallTreeIndex,
  zoom: number,
  minSamples: number,
  maxFrames: number,
): { cutoff: number; ties: number } {
  const all = { cutoff: -Infinity, ties: 0 };
  if (!(maxFrames < index.size)) return all;
  const totals: number[] = [];
  const stack = [zoom];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    for (let k = index.start[node]; k < index.start[node + 1]; k++) {
      const c = index.children[k];
      const t = total[c];
      if (!(t > 0) || t < minSamples) continue;
      totals.push(t);
      stack.push(c);
    }
  }
  if (totals.length <= maxFrames) return all;
  totals.sort((a, b) => b - a);
  const budget = Math.max(0, Math.floor(maxFrames));
  const cutoff = totals[budget];
  let wider = 0;
  while (wider < budget && totals[wider] > cutoff) wider++;
  return { cutoff, ties: budget - wider };
}
