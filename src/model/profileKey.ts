// Which profile a view state belongs to. A zoom is a call-tree node id and a highlight a function name: in
// another profile the same node id is another frame (issue 12: a new profile opened zoomed into the old
// one's node 157, now `alloc::alloc::alloc`). The key is what tells one profile from the next in the same
// panel: when it was made, how many samples, how many call paths.

import type { Profile } from './profileTypes';

export function profileKey(profile: Profile): string {
  return `${profile.meta.createdAt}|${profile.samples}|${profile.tree.parent.length}`;
}
