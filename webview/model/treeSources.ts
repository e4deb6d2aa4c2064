// The rows of the tree views as the tree table reads them (TreeSource): the
// call tree (top-down), an inverted tree (bottom-up, callers), the callees of
// a caller/callee view, and the flat functions table. Children are ordered
// heaviest first, as the Firefox Profiler and hotspot order theirs, and
// computed once per row when first asked for. Pure: no DOM.

import type { CallTreeColumns, FrameInfo, FrameKind } from '../../src/model/profileTypes';
import type { CallTreeIndex } from '../../src/model/callTreeIndex';
import type { InvertedTree } from '../../src/model/invertedTree';
import type { CalleeTree } from '../../src/model/calleeTree';
import type { FunctionRow } from '../../src/model/functionsTable';
import type { TreeSource } from './treeRows';

type ShortNameOf = (frame: number) => string;

function labelOf(tree: CallTreeColumns, frames: readonly FrameInfo[], shortNameOf: ShortNameOf, id: number) {
  const f = tree.frame[id];
  const info = frames[f];
  const kind: FrameKind = id === 0 ? 'root' : (info?.kind ?? 'unknown');
  return { text: info ? shortNameOf(f) : '[unknown]', title: info?.name ?? '[unknown]', kind };
}

/** The call tree below the root (the threads first), each row's children heaviest first. */
export function callTreeSource(
  tree: CallTreeColumns,
  index: CallTreeIndex,
  frames: readonly FrameInfo[],
  shortNameOf: ShortNameOf,
): TreeSource {
  const sorted = new Map<number, number[]>();
  const children = (id: number): number[] => {
    let kids = sorted.get(id);
    if (!kids) {
      kids = Array.from(index.children.subarray(index.start[id], index.start[id + 1])).filter((c) => tree.total[c] > 0);
      kids.sort((a, b) => tree.total[b] - tree.total[a] || a - b);
      sorted.set(id, kids);
    }
    return kids;
  };
  return {
    roots: () => children(0),
    children,
    hasChildren: (id) => index.start[id + 1] > index.start[id],
    label: (id) => labelOf(tree, frames, shortNameOf, id),
  };
}

/**
 * An inverted tree's rows from `rootsOf` (0 for bottom-up: every function; 1 for the callers half of a
 * caller/callee view: the function itself). A row expands while some of its samples have a caller left.
 */
export function invertedSource(inv: InvertedTree, frames: readonly FrameInfo[], shortNameOf: ShortNameOf, rootsOf = 0): TreeSource {
  return {
    roots: () => {
      const top = inv.children(0);
      return rootsOf === 0 ? top : top.slice(0, 1);
    },
    children: (id) => inv.children(id),
    hasChildren: (id) => inv.tree.total[id] > inv.tree.self[id],
    label: (id) => labelOf(inv.tree, frames, shortNameOf, id),
  };
}

/** The callees half of a caller/callee view (made as it expands): the function, then what it calls, heaviest first. */
export function calleeSource(callees: CalleeTree, frames: readonly FrameInfo[], shortNameOf: ShortNameOf): TreeSource {
  return {
    roots: () => callees.children(0),
    children: (id) => callees.children(id),
    hasChildren: (id) => callees.tree.total[id] > callees.tree.self[id],
    label: (id) => labelOf(callees.tree, frames, shortNameOf, id),
  };
}

/** The functions table: one row per FunctionRow, by position in `rows`. */
export function functionsSource(rows: readonly FunctionRow[], shortNameOf: ShortNameOf): TreeSource {
  const ids = rows.map((_, i) => i);
  return {
    roots: () => ids,
    children: () => [],
    hasChildren: () => false,
    label: (i) => ({ text: shortNameOf(rows[i].frame), title: rows[i].name, kind: rows[i].kind }),
  };
}
