// Transforms: serializable steps that cut the noise, applied in order to the
// profile's call tree to give the tree every view reads (flame graph, call
// tree, bottom-up, caller/callee, functions table). Each step is a pure
// function of a tree; undo is re-applying the remaining steps from the
// profile's own tree, so no step needs an inverse. Frames stay the profile's
// (steps name functions by frame id), so ids keep meaning across steps.
// Every step rebuilds through TreeWriter: siblings of one frame merge, and
// totals are summed again from the selves (node total = self + children's).

import type { CallTreeColumns, FrameInfo } from './profileTypes';
import { rebuildTree } from './treeWriter';
import { isStartupFrame } from './startupFrames';
import { crateOfName } from './classify';
import { shortName } from './shortName';

export type TransformStep =
  /** Only the samples through this function, its subtrees merged over every call site, re-rooted under "all". */
  | { kind: 'focusFunction'; frame: number }
  /** Only the subtree at this call path (frame ids from the thread node down), re-rooted under "all". */
  | { kind: 'focusPath'; path: number[] }
  /** The function's frames disappear: their self goes to the caller, their callees move up to it. */
  | { kind: 'merge'; frame: number }
  /** Direct and indirect recursion of this function folds into its outermost occurrence. */
  | { kind: 'collapseRecursion'; frame: number }
  /** Every frame of this crate (`core`, `rayon_core`, …; `std`: the whole standard library) merges into its caller. */
  | { kind: 'collapseCrate'; crate: string }
  /** The runtime's start-up frames above the user's `main` and thread closures go. */
  | { kind: 'dropStartup' }
  /** Only these threads (process/thread name frames at depth 1). */
  | { kind: 'threads'; frames: number[] };

/** What every view reads: the tree after the transforms, and the frames its ids point into. */
export interface TransformedTree {
  tree: CallTreeColumns;
  frames: readonly FrameInfo[];
}

/** The steps a profile opens with: each thread starts at the user's code. */
export const DEFAULT_TRANSFORMS: readonly TransformStep[] = [{ kind: 'dropStartup' }];

/** At most this many steps in a saved state, frames in a path or a thread filter, characters in a crate name. */
const MAX_STEPS = 64;
const MAX_IDS = 10_000;
const MAX_CRATE = 200;

const isId = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 2 ** 31;
const isIds = (x: unknown): x is number[] => Array.isArray(x) && x.length <= MAX_IDS && x.every(isId);

/** Steps from an untrusted source (a saved view state, a webview message), copied field by field; undefined when any is malformed. */
export function parseTransformSteps(x: unknown): TransformStep[] | undefined {
  if (!Array.isArray(x) || x.length > MAX_STEPS) return undefined;
  const steps: TransformStep[] = [];
  for (const s of x as unknown[]) {
    if (typeof s !== 'object' || s === null) return undefined;
    const r = s as Record<string, unknown>;
    switch (r.kind) {
      case 'focusFunction':
      case 'merge':
      case 'collapseRecursion':
        if (!isId(r.frame)) return undefined;
        steps.push({ kind: r.kind, frame: r.frame });
        break;
      case 'focusPath':
        if (!isIds(r.path)) return undefined;
        steps.push({ kind: 'focusPath', path: [...r.path] });
        break;
      case 'threads':
        if (!isIds(r.frames)) return undefined;
        steps.push({ kind: 'threads', frames: [...r.frames] });
        break;
      case 'collapseCrate':
        if (typeof r.crate !== 'string' || r.crate.length === 0 || r.crate.length > MAX_CRATE) return undefined;
        steps.push({ kind: 'collapseCrate', crate: r.crate });
        break;
      case 'dropStartup':
        steps.push({ kind: 'dropStartup' });
        break;
      default:
        return undefined;
    }
  }
  return steps;
}

/** Applies `steps` in order to `tree`; a step that does not fit (a bad id, an unknown kind from a stale state) is skipped. */
export function applyTransforms(tree: CallTreeColumns, frames: readonly FrameInfo[], steps: readonly TransformStep[]): TransformedTree {
  let t = tree;
  for (const step of steps) t = applyStep(t, frames, step) ?? t;
  return { tree: t, frames };
}

/** One step, or null when it does not apply (hostile or stale input). */
export function applyStep(tree: CallTreeColumns, frames: readonly FrameInfo[], step: TransformStep): CallTreeColumns | null {
  const isFrame = (f: unknown): f is number => Number.isInteger(f) && (f as number) >= 0 && (f as number) < frames.length;
  switch (step?.kind) {
    case 'focusFunction':
      return isFrame(step.frame) ? focusFunction(tree, step.frame) : null;
    case 'focusPath':
      return Array.isArray(step.path) && step.path.every(isFrame) ? focusPath(tree, step.path) : null;
    case 'merge':
      return isFrame(step.frame) ? mergeFunction(tree, step.frame) : null;
    case 'collapseRecursion':
      return isFrame(step.frame) ? collapseRecursion(tree, step.frame) : null;
    case 'collapseCrate':
      return typeof step.crate === 'string' ? collapseCrate(tree, frames, step.crate) : null;
    case 'dropStartup':
      return dropStartup(tree, frames);
    case 'threads':
      return Array.isArray(step.frames) ? keepThreads(tree, step.frames) : null;
    default:
      return null;
  }
}

/** Samples through `f`, each counted once (recursion stays inside the outermost occurrence's subtree): all → f → merged callees. */
export function focusFunction(tree: CallTreeColumns, f: number): CallTreeColumns {
  return rebuildTree(tree, -1, (v, out, w) => {
    const p = tree.parent[v];
    if (out[p] >= 0) return w.child(out[p], tree.frame[v]);
    return tree.frame[v] === f ? w.child(0, f) : -1;
  });
}

/** The subtree at `path` (frames from depth 1 down) as all → last frame → its callees; an empty tree when no node has that path. */
export function focusPath(tree: CallTreeColumns, path: readonly number[]): CallTreeColumns {
  // Children of a node with one frame are unique (trees are tries), so the path names one node.
  const onPath = new Int32Array(tree.parent.length).fill(-1); // depth along the path, for nodes on it
  let target = -1;
  if (path.length > 0) onPath[0] = 0;
  for (let v = 1; v < tree.parent.length && target < 0; v++) {
    const p = tree.parent[v];
    if (!(p >= 0 && p < v) || onPath[p] < 0) continue;
    const d = onPath[p];
    if (tree.frame[v] !== path[d]) continue;
    onPath[v] = d + 1;
    if (d + 1 === path.length) target = v;
  }
  return rebuildTree(tree, -1, (v, out, w) => {
    const p = tree.parent[v];
    if (v === target) return w.child(0, tree.frame[v]);
    return out[p] >= 0 ? w.child(out[p], tree.frame[v]) : -1;
  });
}

/** Frames for which `drop` is true vanish: each merges into its nearest kept ancestor. */
function mergeWhere(tree: CallTreeColumns, drop: (v: number) => boolean): CallTreeColumns {
  return rebuildTree(tree, 0, (v, out, w) => {
    const p = tree.parent[v];
    return drop(v) ? out[p] : w.child(out[p], tree.frame[v]);
  });
}

export function mergeFunction(tree: CallTreeColumns, f: number): CallTreeColumns {
  return mergeWhere(tree, (v) => tree.frame[v] === f);
}

/**
 * `std` stands for the whole standard library: every frame of kind 'std' (core, alloc, the crates std bundles,
 * and names without a crate path such as `<u64>::wrapping_mul`), as the flame graph colours them.
 */
export function collapseCrate(tree: CallTreeColumns, frames: readonly FrameInfo[], crate: string): CallTreeColumns {
  const inCrate = frames.map((fr) =>
    crate === 'std' ? fr.kind === 'std' : fr.kind !== 'root' && fr.kind !== 'process' && crateOfName(fr.name) === crate,
  );
  return mergeWhere(tree, (v) => inCrate[tree.frame[v]] === true);
}

/**
 * An occurrence of `f` below another one folds into that outer one, together
 * with the frames between them (Firefox's "collapse recursion"): f → g → f → h
 * becomes f → h, while g's own samples stay at f → g.
 */
export function collapseRecursion(tree: CallTreeColumns, f: number): CallTreeColumns {
  const outer = new Int32Array(tree.parent.length).fill(-1); // new node of the outermost `f` above, per source node
  return rebuildTree(tree, 0, (v, out, w) => {
    const p = tree.parent[v];
    const above = p > 0 ? outer[p] : -1;
    if (tree.frame[v] === f && above >= 0) {
      outer[v] = above;
      return above;
    }
    const o = w.child(out[p], tree.frame[v]);
    outer[v] = tree.frame[v] === f ? o : above;
    return o;
  });
}

/** Drops each thread's leading run of start-up frames, so it starts at the user's `main` or thread closure. */
export function dropStartup(tree: CallTreeColumns, frames: readonly FrameInfo[]): CallTreeColumns {
  const startup = frames.map((fr) => fr.kind !== 'root' && fr.kind !== 'process' && isStartupFrame(fr.name));
  const leading = new Uint8Array(tree.parent.length); // 1 for the thread nodes and the start-up run below them
  return rebuildTree(tree, 0, (v, out, w) => {
    const p = tree.parent[v];
    if (p === 0) {
      leading[v] = 1;
      return w.child(0, tree.frame[v]);
    }
    if (leading[p] && startup[tree.frame[v]]) {
      leading[v] = 1;
      return out[p];
    }
    return w.child(out[p], tree.frame[v]);
  });
}

/** Keeps the threads (depth-1 frames) listed, with everything under them. */
export function keepThreads(tree: CallTreeColumns, threadFrames: readonly number[]): CallTreeColumns {
  const keep = new Set(threadFrames);
  return rebuildTree(tree, 0, (v, out, w) => {
    const p = tree.parent[v];
    if (p === 0) return keep.has(tree.frame[v]) ? w.child(0, tree.frame[v]) : -1;
    return out[p] >= 0 ? w.child(out[p], tree.frame[v]) : -1;
  });
}

/** A step as its breadcrumb reads ("Merge World::step"), with short names; the full names belong in its tooltip. */
export function describeStep(step: TransformStep, frames: readonly FrameInfo[]): string {
  const name = (f: number) => (frames[f] ? shortName(frames[f].name) : `#${f}`);
  switch (step.kind) {
    case 'focusFunction':
      return `Focus ${name(step.frame)}`;
    case 'focusPath':
      return `Focus ${step.path.length ? name(step.path[step.path.length - 1]) : 'nothing'} (one path)`;
    case 'merge':
      return `Merge ${name(step.frame)}`;
    case 'collapseRecursion':
      return `Collapse recursion of ${name(step.frame)}`;
    case 'collapseCrate':
      return `Collapse ${step.crate}`;
    case 'dropStartup':
      return 'Hide start-up frames';
    case 'threads':
      return step.frames.length === 1 ? `Thread ${name(step.frames[0])}` : `${step.frames.length} threads`;
  }
}
