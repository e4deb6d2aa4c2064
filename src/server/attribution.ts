// Samples of a profile attributed to the functions of one source file.
//
// The profile knows compiled functions (frames); the editor shows source
// functions. Every call-tree node whose frame lives in this file is mapped,
// by its source line, to the innermost source `fn` whose span holds that
// line. So all generic instances and inlined copies of one function add up
// onto its one `fn`, a closure's lines count for the `fn` around it, and an
// inlined callee (its own file:line) keeps its own lens.
//
//   fn self  = sum of self over the nodes mapped to it
//   fn total = sum of total over the mapped nodes that have no ancestor
//              mapped to the same fn (each sample once, under recursion too)
//   fn ownSelf ("self+libs") = sum of the lines' ownSelf over the lines of
//              the fn (each sample's owner line is exact, per sample: the
//              lens figure is the sum of the figures its lines show)
//
// Nodes come in preorder, and subtrees are preorder intervals, so "has a
// counted ancestor mapped to the same fn" is one comparison against the end
// of the last counted interval of that fn.

import { ProfileIndex } from './profileIndex';
import { RustFn, innermostFnByLine } from './rustSpans';

export interface FnHeat {
  /** Index into the file's function list. */
  fn: number;
  self: number;
  total: number;
  /** "Self with libraries": its lines' own code plus the std/dependency code they run (FileNodes.ownSelf). */
  ownSelf: number;
  /** Distinct profile (frame) names mapped to it, hottest first: what the flamegraph calls it. */
  names: string[];
}

export function attributeFile(index: ProfileIndex, file: string, fns: readonly RustFn[], lineCount: number): FnHeat[] {
  const fileNodes = index.file(file);
  if (!fileNodes || fns.length === 0) return [];
  const byLine = innermostFnByLine(fns, lineCount);
  const t = index.profile.tree;
  const self = new Float64Array(fns.length);
  const total = new Float64Array(fns.length);
  const coveredUntil = new Int32Array(fns.length);
  const names = new Map<number, Map<string, number>>();
  const { nodes, lines } = fileNodes;
  for (let k = 0; k < nodes.length; k++) {
    const line = lines[k] - 1;
    if (line < 0 || line >= byLine.length) continue;
    const fn = byLine[line];
    if (fn < 0) continue;
    const node = nodes[k];
    self[fn] += t.self[node];
    if (index.pre[node] >= coveredUntil[fn]) {
      total[fn] += t.total[node];
      coveredUntil[fn] = index.post[node];
    }
    let perName = names.get(fn);
    if (!perName) names.set(fn, (perName = new Map()));
    const name = index.frameName(node);
    perName.set(name, (perName.get(name) ?? 0) + t.total[node]);
  }
  const own = new Float64Array(fns.length);
  for (const [line1, samples] of fileNodes.ownSelf) {
    const fn = line1 >= 1 && line1 <= byLine.length ? byLine[line1 - 1] : -1;
    if (fn >= 0) own[fn] += samples;
  }
  const out: FnHeat[] = [];
  for (const [fn, perName] of names) {
    out.push({
      fn,
      self: self[fn],
      total: total[fn],
      ownSelf: own[fn],
      names: [...perName].sort((a, b) => b[1] - a[1]).map(([n]) => n),
    });
  }
  return out.sort((a, b) => a.fn - b.fn);
}
