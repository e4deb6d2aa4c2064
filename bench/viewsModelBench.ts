// The panel views' model work in Node, on the webview bench's profile (about
// 190k call-tree nodes, bigProfile()): what a view needs before it can draw
// (PanelModel with the default steps, the bottom-up tree and its first rows,
// the caller/callee of the hottest and of the most recursive function, the
// Functions rows, a search) and every transform step applied alone. Each is
// timed 5 times from scratch: min and median. The page half (the same work
// plus the DOM, in Chromium) is viewsPageBench.ts; viewsBench.ts prints both.

import type { Profile } from '../src/model/profileTypes';
import { DEFAULT_TRANSFORMS, TransformStep, applyTransforms } from '../src/model/transforms';
import { bottomUp } from '../src/model/invertedTree';
import { sandwich } from '../src/model/sandwich';
import { functionRows } from '../src/model/functionsTable';
import { crateOfName } from '../src/model/classify';
import { outermostNodes } from '../src/model/outermost';
import { ownSelf } from '../src/model/ownSelf';
import { buildCallTreeIndex } from '../src/model/callTreeIndex';
import { framesContaining, keepMatchingSamples } from '../src/model/searchFilter';
import { PanelModel } from '../webview/model/panelModel';
import { calleeSource, callTreeSource, invertedSource } from '../webview/model/treeSources';
import { TreeRows } from '../webview/model/treeRows';

export const RUNS = 5;

/** min and median of a few runs, in ms. */
export interface Figure {
  min: number;
  median: number;
  runs: number;
}

export function figure(ms: readonly number[]): Figure {
  const s = [...ms].sort((a, b) => a - b);
  return { min: s[0] ?? NaN, median: s[Math.floor((s.length - 1) / 2)] ?? NaN, runs: s.length };
}

/** The functions the benches act on, picked from the tree the panel opens with (the default steps applied). */
export interface ViewsBenchTargets {
  /** The function with the most samples (total): its callees are nearly the whole tree. */
  hottest: number;
  /** The function whose inner (recursive) occurrences hold the most samples. */
  recursive: number;
  /** The function whose total is nearest 5% of the samples: a mid-size merge or focus. */
  mid: number;
  /** The heaviest function of a dependency crate: its crate is collapsed. */
  dependency: number;
  /** Rank of each function above in the Functions table (its default order, heaviest total first), by frame id. */
  rank: Record<number, number>;
  /** A call path (frame ids from the thread down) 8 frames down the hot path, for focusPath. */
  path: number[];
  /** The crate of `dependency`, for collapseCrate. */
  crate: string;
  /** Text typed into the search box: a crate's name (many matches spread over the tree). */
  query: string;
}

export function viewsBenchTargets(profile: Profile): ViewsBenchTargets {
  const model = new PanelModel(profile, DEFAULT_TRANSFORMS);
  const rows = model.functions();
  const tree = model.tree;
  const samples = tree.total[0];
  const hottest = rows[0].frame;
  let mid = rows[0];
  for (const r of rows) if (Math.abs(r.total - samples * 0.05) < Math.abs(mid.total - samples * 0.05)) mid = r;
  const outer = outermostNodes(tree);
  const inner = new Float64Array(profile.frames.length);
  for (let v = 1; v < tree.parent.length; v++) if (!outer[v]) inner[tree.frame[v]] += tree.total[v];
  let recursive = hottest;
  for (let f = 0; f < inner.length; f++) if (inner[f] > inner[recursive]) recursive = f;
  // Down the heaviest child 8 times from the heaviest thread.
  const index = model.index;
  let node = 0;
  for (let d = 0; d < 9; d++) {
    let best = -1;
    for (let k = index.start[node]; k < index.start[node + 1]; k++) {
      const c = index.children[k];
      if (best < 0 || tree.total[c] > tree.total[best]) best = c;
    }
    if (best < 0) break;
    node = best;
  }
  const dependency = rows.find((r) => r.kind === 'dependency' && crateOfName(r.name) !== null)?.frame ?? hottest;
  const rank: Record<number, number> = {};
  for (const f of [hottest, recursive, mid.frame, dependency]) rank[f] = rows.findIndex((r) => r.frame === f);
  return {
    hottest,
    recursive,
    mid: mid.frame,
    dependency,
    rank,
    path: model.framePath(node),
    crate: crateOfName(profile.frames[dependency].name) ?? 'tokio',
    query: 'hashbrown',
  };
}

export interface ViewsModelResult {
  nodes: number;
  /** Name → figure, in the order printed. */
  figures: { name: string; figure: Figure }[];
}

function timeRuns(run: () => unknown, before?: () => void): Figure {
  const ms: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    before?.();
    const t = performance.now();
    run();
    ms.push(performance.now() - t);
  }
  return figure(ms);
}

export function benchViewsModel(profile: Profile, targets: ViewsBenchTargets): ViewsModelResult {
  const { tree: source, frames } = profile;
  const model = new PanelModel(profile, DEFAULT_TRANSFORMS);
  const tree = model.tree;
  const short = (f: number) => model.shortName(f);
  const figures: ViewsModelResult['figures'] = [];
  const add = (name: string, run: () => unknown, before?: () => void) => figures.push({ name, figure: timeRuns(run, before) });

  add('PanelModel with the default steps (page load)', () => new PanelModel(profile, DEFAULT_TRANSFORMS));
  add('bottomUp build + roots + first root children', () => {
    const inv = bottomUp(tree);
    const roots = inv.children(0);
    inv.children(roots[0]);
  });
  add('bottom-up first rows (TreeRows over invertedSource)', () => new TreeRows(invertedSource(bottomUp(tree), frames, short)));
  add('call tree first rows (index + hot path)', () => {
    const rows = new TreeRows(callTreeSource(tree, buildCallTreeIndex(tree), frames, short));
    rows.expandHotPath((id) => tree.total[id]);
  });
  add('ownSelf (call tree Self+libs column)', () => ownSelf(tree, frames));
  const sandwichOf = (f: number) => () => {
    const s = sandwich(tree, f, model.index);
    s.callers.children(s.callers.children(0)[0]);
    new TreeRows(calleeSource(s.callees, frames, short)).expandHotPath((id) => s.callees.tree.total[id]);
  };
  add('sandwich of the hottest function (+ first rows)', sandwichOf(targets.hottest));
  add('sandwich of the most recursive function (+ first rows)', sandwichOf(targets.recursive));
  add('functionRows', () => functionRows(tree, frames));
  add(`search "${targets.query}" (kept samples + index)`, () => {
    const t = keepMatchingSamples(tree, framesContaining(frames, targets.query));
    buildCallTreeIndex(t);
  });
  const steps: [string, TransformStep][] = [
    ['dropStartup', { kind: 'dropStartup' }],
    ['merge (mid-size function)', { kind: 'merge', frame: targets.mid }],
    ['focusFunction (mid-size function)', { kind: 'focusFunction', frame: targets.mid }],
    ['focusFunction (hottest function)', { kind: 'focusFunction', frame: targets.hottest }],
    ['focusPath (8 deep on the hot path)', { kind: 'focusPath', path: targets.path }],
    ['collapseRecursion (most recursive function)', { kind: 'collapseRecursion', frame: targets.recursive }],
    [`collapseCrate ${targets.crate}`, { kind: 'collapseCrate', crate: targets.crate }],
    ['collapseCrate std', { kind: 'collapseCrate', crate: 'std' }],
    ['threads (one)', { kind: 'threads', frames: [source.frame[1]] }],
  ];
  for (const [name, step] of steps) add(`applyTransforms: ${name}`, () => applyTransforms(source, frames, [step]));
  // What a context-menu transform and its undo cost the model (the tree after each step is kept: see PanelModel).
  const m = new PanelModel(profile, DEFAULT_TRANSFORMS);
  const merged = [...DEFAULT_TRANSFORMS, { kind: 'merge', frame: targets.mid } as const];
  add(
    'PanelModel.setSteps: + merge mid-size (a menu click)',
    () => m.setSteps(merged),
    () => m.setSteps(DEFAULT_TRANSFORMS),
  );
  add(
    'PanelModel.setSteps: back to the default (an undo)',
    () => m.setSteps(DEFAULT_TRANSFORMS),
    () => m.setSteps(merged),
  );
  return { nodes: source.parent.length, figures };
}
