// "Your code" attribution. Plain self time misleads where the work is std code
// inlined into (or called from) a user loop: the user's function shows 0% self
// while `<f64 as Mul>::mul` holds it. Here each sample belongs to the innermost
// frame of kind 'user' on its stack (the leaf itself when it is user code), and
// so do the std/dependency/system frames above that frame: the user function,
// and its line on that path (tree.line of the user node: its hottest line on
// the path, the call-site line when its time is in callees), are charged.
// A line that only calls other user code is not charged: those samples belong
// to the callee. Samples with no user frame on the stack stay with their leaf.
//
// Suggested UI label: "Self (with libraries)", tooltip "samples in this
// function's own code plus the std, dependency and system code it calls,
// until that code calls back into your code".
//
// Limitation: the call tree keeps one line per node (its hottest), so a user
// node whose time is in two std helpers called from two lines charges both to
// the hotter line. The builder writes the exact figures, per sample, into
// profile.json (FunctionStat/LineStat.ownSelfSamples, builder.ts); the
// language server uses those, and this estimate only for profiles written
// before them. Per node (byNode) it is exact: a node is a path of functions.

import type { CallTreeColumns, FrameInfo } from './profileTypes';

export interface LineOwnSelf {
  file: string;
  line: number;
  /** Samples owned by this line of user code (see `OwnSelf.byFrame`). */
  ownSelf: number;
}

export interface OwnSelf {
  /** Per node: the samples it owns (its own self plus non-user code's self below it, until user code). */
  byNode: Float64Array;
  /**
   * Per frame: `ownSelf`, "self with libraries": the samples whose innermost
   * user frame is this function (the leaf's own frame when no user frame is on
   * the stack). Sums to the profile's samples, like plain self.
   */
  byFrame: Float64Array;
  /** Per (file, line) of the owning frames, heaviest first; only nodes with a known line and file. */
  byLine: LineOwnSelf[];
}

export function ownSelf(tree: CallTreeColumns, frames: readonly FrameInfo[]): OwnSelf {
  const n = tree.parent.length;
  const owner = new Int32Array(n).fill(-1); // innermost user node at or above, -1 when none
  const byNode = new Float64Array(n);
  const byFrame = new Float64Array(frames.length);
  const lines = new Map<string, LineOwnSelf>();
  for (let v = 0; v < n; v++) {
    const p = tree.parent[v];
    const f = tree.frame[v];
    const up = p >= 0 && p < v ? owner[p] : -1;
    owner[v] = frames[f]?.kind === 'user' ? v : up;
    const s = tree.self[v];
    if (!(s > 0)) continue;
    const o = owner[v] >= 0 ? owner[v] : v;
    byNode[o] += s;
    const of = tree.frame[o];
    if (of >= 0 && of < byFrame.length) byFrame[of] += s;
    const file = frames[of]?.file;
    const line = tree.line[o];
    if (file && line > 0) {
      const key = `${file}\u0000${line}`;
      const entry = lines.get(key);
      if (entry) entry.ownSelf += s;
      else lines.set(key, { file, line, ownSelf: s });
    }
  }
  const byLine = [...lines.values()].sort(
    (a, b) => b.ownSelf - a.ownSelf || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line),
  );
  return { byNode, byFrame, byLine };
}
