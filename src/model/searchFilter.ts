// The tree views' search, as the Firefox Profiler filters its call tree: only
// the samples whose stack holds a frame whose name contains the text stay;
// the paths to them stay with them, other paths go. (The flame graph keeps
// every frame and colours the matches instead, as flamegraph.pl does.)

import type { CallTreeColumns, FrameInfo } from './profileTypes';
import { TreeWriter } from './treeWriter';

/** Per frame, 1 where its name contains `query` (plain text, ignoring case: never a regular expression). */
export function framesContaining(frames: readonly FrameInfo[], query: string): Uint8Array {
  const marks = new Uint8Array(frames.length);
  const q = query.trim().toLowerCase();
  if (q === '') return marks;
  frames.forEach((f, i) => {
    if (f.name.toLowerCase().includes(q)) marks[i] = 1;
  });
  return marks;
}

/** The samples of `tree` whose stack holds a frame marked in `match`; node ids change, frames stay. */
export function keepMatchingSamples(tree: CallTreeColumns, match: Uint8Array): CallTreeColumns {
  const n = tree.parent.length;
  // inside: a match at or above the node (its samples stay); below: a match in its subtree (its path stays).
  const inside = new Uint8Array(n);
  const below = new Uint8Array(n);
  for (let v = 1; v < n; v++) {
    const p = tree.parent[v];
    if (!(p >= 0 && p < v)) continue;
    inside[v] = inside[p] || match[tree.frame[v]] ? 1 : 0;
  }
  for (let v = n - 1; v > 0; v--) {
    const p = tree.parent[v];
    if (!(p >= 0 && p < v)) continue;
    if ((inside[v] && tree.total[v] > 0) || below[v]) below[p] = 1;
  }
  const w = new TreeWriter(n > 0 ? tree.frame[0] : 0, 1024);
  const out = new Int32Array(n).fill(-1);
  if (n > 0) out[0] = 0;
  for (let v = 1; v < n; v++) {
    const p = tree.parent[v];
    if (!(p >= 0 && p < v) || out[p] < 0 || !(inside[v] || below[v])) continue;
    const o = w.child(out[p], tree.frame[v]);
    out[v] = o;
    if (inside[v]) w.addSelf(o, tree.self[v] || 0);
    w.offerLine(o, tree.line[v], tree.total[v]);
  }
  return w.finish();
}
