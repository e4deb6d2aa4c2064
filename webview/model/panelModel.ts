// What every view of the panel reads, derived from one profile and the
// transforms of the breadcrumb: the transformed tree and its index, and,
// built on first use and kept until the transforms change, the functions
// table, the bottom-up tree, "self with libraries" per node, and the
// caller/callee of the selected function. The tree after each step is kept
// (up to CACHED_STEPS of them), so a new step applies only itself and an
// undo or a crumb clicked applies nothing: re-applying the start-up step
// each time was a third of a transform's time on a 190k-node profile. Pure:
// no DOM.

import type { CallTreeColumns, FrameInfo, Profile } from '../../src/model/profileTypes';
import { CallTreeIndex, buildCallTreeIndex } from '../../src/model/callTreeIndex';
import { TransformStep, TransformedTree, applyTransforms } from '../../src/model/transforms';
import { FunctionRow, functionRows } from '../../src/model/functionsTable';
import { InvertedTree, bottomUp } from '../../src/model/invertedTree';
import { Sandwich, sandwich } from '../../src/model/sandwich';
import { ownSelf } from '../../src/model/ownSelf';
import { shortName } from '../../src/model/shortName';
import { framesContaining, keepMatchingSamples } from '../../src/model/searchFilter';

/** A tree with its index: what a tree view walks. */
export interface IndexedTree {
  tree: CallTreeColumns;
  index: CallTreeIndex;
}

/** Trees kept, one per step from the first: each is a whole tree (7.6 MB for 190k nodes). */
const CACHED_STEPS = 8;

/** The tree after a step (and the steps before it), with its index once it was shown. */
interface StepResult {
  key: string;
  tree: CallTreeColumns;
  index: CallTreeIndex | null;
}

export class PanelModel {
  private steps: readonly TransformStep[] = [];
  /** chain[i]: the tree after steps[0..i], for the first CACHED_STEPS steps. */
  private chain: StepResult[] = [];
  private rootIndex: CallTreeIndex | null = null;
  private view!: TransformedTree;
  private idx!: CallTreeIndex;
  private functionsCache: FunctionRow[] | null = null;
  private bottomUpCache: InvertedTree | null = null;
  private ownSelfCache: Float64Array | null = null;
  private sandwichCache: { frame: number; query: string; value: Sandwich } | null = null;
  private searchCache: { query: string; value: IndexedTree; bottomUp: InvertedTree | null } | null = null;
  private readonly shortNames: (string | undefined)[] = [];

  constructor(
    readonly profile: Profile,
    steps: readonly TransformStep[],
  ) {
    this.setSteps(steps);
  }

  /** Applies `steps` to the profile's own tree (undo is applying fewer), from the last tree kept on the way. */
  setSteps(steps: readonly TransformStep[]): void {
    this.steps = steps;
    const keys = steps.map((s) => JSON.stringify(s));
    let kept = 0;
    while (kept < this.chain.length && kept < keys.length && this.chain[kept].key === keys[kept]) kept++;
    this.chain.length = kept;
    let tree = kept > 0 ? this.chain[kept - 1].tree : this.profile.tree;
    for (let i = kept; i < steps.length; i++) {
      tree = applyTransforms(tree, this.profile.frames, [steps[i]]).tree;
      if (i < CACHED_STEPS) this.chain.push({ key: keys[i], tree, index: null });
    }
    this.view = { tree, frames: this.profile.frames };
    const last = steps.length === 0 ? null : steps.length <= CACHED_STEPS ? this.chain[steps.length - 1] : undefined;
    if (last === null) this.idx = this.rootIndex ??= buildCallTreeIndex(tree);
    else if (last) this.idx = last.index ??= buildCallTreeIndex(tree);
    else this.idx = buildCallTreeIndex(tree);
    this.functionsCache = null;
    this.bottomUpCache = null;
    this.ownSelfCache = null;
    this.sandwichCache = null;
    this.searchCache = null;
  }

  get transforms(): readonly TransformStep[] {
    return this.steps;
  }
  /** The tree after the transforms, with the profile's frames. */
  get transformed(): TransformedTree {
    return this.view;
  }
  get tree(): CallTreeColumns {
    return this.view.tree;
  }
  get frames(): readonly FrameInfo[] {
    return this.profile.frames;
  }
  get index(): CallTreeIndex {
    return this.idx;
  }
  /** All samples of the profile (percentages are of these, whatever the transforms keep). */
  get allSamples(): number {
    return this.profile.tree.total[0] ?? 0;
  }

  shortName(frame: number): string {
    let s = this.shortNames[frame];
    if (s === undefined) {
      s = shortName(this.profile.frames[frame]?.name ?? '[unknown]');
      this.shortNames[frame] = s;
    }
    return s;
  }

  functions(): FunctionRow[] {
    return (this.functionsCache ??= functionRows(this.view.tree, this.profile.frames));
  }

  /** The tree the tree views show for a search: the transformed tree when `query` is empty, else only the samples through a match. */
  searched(query: string): IndexedTree {
    const q = query.trim();
    if (q === '') return { tree: this.view.tree, index: this.idx };
    if (this.searchCache?.query !== q) {
      const tree = keepMatchingSamples(this.view.tree, framesContaining(this.profile.frames, q));
      this.searchCache = { query: q, value: { tree, index: buildCallTreeIndex(tree) }, bottomUp: null };
    }
    return this.searchCache.value;
  }

  bottomUp(query = ''): InvertedTree {
    if (query.trim() === '') return (this.bottomUpCache ??= bottomUp(this.view.tree));
    const searched = this.searched(query);
    return (this.searchCache!.bottomUp ??= bottomUp(searched.tree));
  }

  /** "Self with libraries" per node of the transformed tree (src/model/ownSelf.ts). */
  ownSelfByNode(): Float64Array {
    return (this.ownSelfCache ??= ownSelf(this.view.tree, this.profile.frames).byNode);
  }

  sandwich(frame: number, query = ''): Sandwich {
    const c = this.sandwichCache;
    if (c?.frame !== frame || c.query !== query.trim()) {
      const { tree, index } = this.searched(query);
      this.sandwichCache = { frame, query: query.trim(), value: sandwich(tree, frame, index) };
    }
    return this.sandwichCache!.value;
  }

  /** The node of `frame` with the most samples in the transformed tree, or -1. */
  hottestNodeOfFrame(frame: number): number {
    const { frame: fr, total } = this.view.tree;
    let best = -1;
    for (let v = 1; v < fr.length; v++) if (fr[v] === frame && (best < 0 || total[v] > total[best])) best = v;
    return best;
  }

  /** Frame ids from depth 1 (the thread) down to `node`: a focusPath step's path. */
  framePath(node: number): number[] {
    const path: number[] = [];
    const { parent, frame } = this.view.tree;
    for (let v = node, steps = 0; v > 0 && steps < parent.length; v = parent[v], steps++) path.push(frame[v]);
    return path.reverse();
  }
}
