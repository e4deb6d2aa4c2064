// The Functions table (the panel's version of the CLI's hot table): one row
// per function of a (transformed) call tree, with plain self, total (once per
// sample under recursion) and "your code" self (ownSelf.ts), sortable and
// filterable. Computed from the tree, not from Profile.functions, so it follows
// the transforms every other view shows.

import type { CallTreeColumns, FrameInfo, FrameKind } from './profileTypes';
import { outermostNodes } from './outermost';
import { ownSelf } from './ownSelf';

export interface FunctionRow {
  frame: number;
  name: string;
  kind: FrameKind;
  /** Samples whose innermost frame is this function. */
  self: number;
  /** Samples with this function on the stack, once per sample. */
  total: number;
  /** "Self with libraries": see `OwnSelf.byFrame`. */
  ownSelf: number;
  file: string | null;
  line: number | null;
}

export type FunctionSortKey = 'name' | 'kind' | 'self' | 'total' | 'ownSelf' | 'file';

/** One row per function with samples in `tree` (thread names and the root are not functions), heaviest total first. */
export function functionRows(tree: CallTreeColumns, frames: readonly FrameInfo[]): FunctionRow[] {
  const self = new Float64Array(frames.length);
  const total = new Float64Array(frames.length);
  const outer = outermostNodes(tree);
  for (let v = 1; v < tree.parent.length; v++) {
    const f = tree.frame[v];
    if (!(f >= 0 && f < frames.length)) continue;
    self[f] += tree.self[v];
    if (outer[v]) total[f] += tree.total[v];
  }
  const own = ownSelf(tree, frames).byFrame;
  const rows: FunctionRow[] = [];
  frames.forEach((fr, f) => {
    if (fr.kind === 'root' || fr.kind === 'process' || !(total[f] > 0)) return;
    rows.push({ frame: f, name: fr.name, kind: fr.kind, self: self[f], total: total[f], ownSelf: own[f], file: fr.file, line: fr.line });
  });
  return sortFunctionRows(rows, 'total', false);
}

/** A sorted copy by `key`, smallest/A first when `ascending` (tables start numbers descending: `ascending` false); ties by name. */
export function sortFunctionRows(rows: readonly FunctionRow[], key: FunctionSortKey, ascending: boolean): FunctionRow[] {
  const text = key === 'name' || key === 'kind' || key === 'file';
  const sign = ascending ? 1 : -1;
  const byName = (a: FunctionRow, b: FunctionRow) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.frame - b.frame);
  const by = (a: FunctionRow, b: FunctionRow): number => {
    if (text) {
      const x = key === 'file' ? `${a.file ?? ''}:${String(a.line ?? 0).padStart(9, '0')}` : a[key];
      const y = key === 'file' ? `${b.file ?? ''}:${String(b.line ?? 0).padStart(9, '0')}` : b[key];
      return (x < y ? -sign : x > y ? sign : 0) || byName(a, b);
    }
    return sign * (a[key] - b[key]) || byName(a, b);
  };
  return [...rows].sort(by);
}

/** The rows whose name or file contains `text`, ignoring case; all rows for an empty filter. */
export function filterFunctionRows(rows: readonly FunctionRow[], text: string): FunctionRow[] {
  const q = text.trim().toLowerCase();
  if (q === '') return [...rows];
  return rows.filter((r) => r.name.toLowerCase().includes(q) || (r.file ?? '').toLowerCase().includes(q));
}
