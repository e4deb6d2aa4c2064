// Plain substring search over frame names (case-insensitive, never a
// regular expression: Rust names are full of `<`, `(`, `*`), and the share
// of samples it covers, each sample counted once even when several frames
// of its stack match (like flamegraph.pl's "Matched: x%"). Pure: no DOM.

import type { TransformedTree } from '../../src/model/transforms';

/** Per frame index, 1 where the frame's name contains the query. */
export function framesMatching(profile: TransformedTree, query: string): Uint8Array {
  const marks = new Uint8Array(profile.frames.length);
  const q = query.toLowerCase();
  if (q === '') return marks;
  profile.frames.forEach((f, i) => {
    if (f.name.toLowerCase().includes(q)) marks[i] = 1;
  });
  return marks;
}

/** Per frame index, 1 where the frame's name is exactly `name`. */
export function framesNamed(profile: TransformedTree, name: string): Uint8Array {
  const marks = new Uint8Array(profile.frames.length);
  profile.frames.forEach((f, i) => {
    if (f.name === name) marks[i] = 1;
  });
  return marks;
}

/**
 * Samples under a matching frame, outermost matches only. Relies on
 * children following their parents (parent id < child id), checked when
 * the profile arrives.
 */
export function matchedSamples(profile: TransformedTree, frameMatch: Uint8Array): number {
  const { parent, frame, total } = profile.tree;
  const n = parent.length;
  const inside = new Uint8Array(n); // a matching frame on the path from the root, this node included
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    const above = p >= 0 ? inside[p] : 0;
    if (above) {
      inside[i] = 1;
    } else if (frameMatch[frame[i]]) {
      inside[i] = 1;
      sum += total[i];
    }
  }
  return sum;
}

/** The node of the function named `name` with the most samples, or -1. */
export function hottestNodeOf(profile: TransformedTree, name: string): number {
  const named = framesNamed(profile, name);
  const { frame, total } = profile.tree;
  let best = -1;
  for (let i = 0; i < frame.length; i++) {
    if (named[frame[i]] && (best < 0 || total[i] > total[best])) best = i;
  }
  return best;
}
