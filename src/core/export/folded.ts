// Folded stacks (`stacks.folded`): one line per distinct call path with
// self samples, root→leaf frames joined by `;`, a space, the count — the
// format of stackcollapse-perf.pl that flamegraph.pl, inferno and speedscope
// read. Lines are sorted like the perl tool sorts them.

import { Profile } from '../../model/profileTypes';

/** `;` separates frames, so a name may not carry one (v0 names can: `[u8; 4]`). */
export function foldedFrameName(name: string): string {
  return name.includes(';') ? name.replace(/;/g, ':') : name;
}

export function profileToFolded(profile: Profile): string {
  const { parent, frame, self } = profile.tree;
  const lines: string[] = [];
  const path: string[] = [];
  for (let node = 1; node < parent.length; node++) {
    if (self[node] <= 0) continue;
    path.length = 0;
    for (let n = node; n > 0; n = parent[n]) path.push(foldedFrameName(profile.frames[frame[n]].name));
    path.reverse();
    lines.push(`${path.join(';')} ${self[node]}`);
  }
  lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return lines.length ? lines.join('\n') + '\n' : '';
}
