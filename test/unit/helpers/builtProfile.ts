// Test helper: small profiles through the real ProfileBuilder (real kinds from
// classify), written as `name@line` frames, and a tree printer for expectations
// written out by hand.

import { ProfileBuilder } from '../../../src/model/builder';
import type { CallTreeColumns, FrameInfo, Profile, SymbolicFrame } from '../../../src/model/profileTypes';

/** `app::f@12` → a frame of crate `app` (the workspace: /ws/src/main.rs) or std (/rustc/…) at line 12. */
function frame(spec: string): SymbolicFrame {
  const at = spec.lastIndexOf('@');
  const name = at > 0 ? spec.slice(0, at) : spec;
  const line = at > 0 ? Number(spec.slice(at + 1)) : null;
  const std = /^(<)?(std|core|alloc)::/.test(name);
  const file = name.includes('::') ? (std ? '/rustc/0abc/library/core/src/lib.rs' : '/ws/src/main.rs') : null;
  return { name, file, line, inlined: false, dso: name.includes('::') ? '/ws/target/release/app' : '/usr/lib/libc.so.6' };
}

/** Stacks as [thread, frames root-first, samples]. */
export function built(stacks: [string, string[], number][]): Profile {
  const b = new ProfileBuilder({
    workspaceRoot: '/ws',
    mainBinary: '/ws/target/release/app',
    crates: { workspace: ['app'], dependencies: [] },
  });
  for (const [comm, frames, n] of stacks) b.addStack(comm, frames.map(frame), n);
  return b.build({
    event: 'cpu-clock',
    frequency: 997,
    callGraph: 'dwarf',
    command: null,
    workspaceRoot: '/ws',
    createdAt: '2026-01-01T00:00:00Z',
    warnings: [],
  });
}

/** One line per node below the root, indented by depth, in id order: `name self/total`. */
export function render(tree: CallTreeColumns, frames: readonly FrameInfo[]): string[] {
  const depth = [0];
  const out: string[] = [];
  // Depth-first in id order (the order views show children in), without recursion.
  const kids: number[][] = tree.parent.map(() => []);
  for (let v = 1; v < tree.parent.length; v++) kids[tree.parent[v]].push(v);
  const stack = [...kids[0]].reverse();
  for (let v = 1; v < tree.parent.length; v++) depth[v] = depth[tree.parent[v]] + 1;
  while (stack.length) {
    const v = stack.pop()!;
    out.push(`${'  '.repeat(depth[v] - 1)}${frames[tree.frame[v]].name} ${tree.self[v]}/${tree.total[v]}`);
    for (let k = kids[v].length - 1; k >= 0; k--) stack.push(kids[v][k]);
  }
  return out;
}

/** Every node's total is its self plus its children's totals. */
export function consistent(tree: CallTreeColumns): boolean {
  const sum = tree.self.slice();
  for (let v = tree.parent.length - 1; v > 0; v--) sum[tree.parent[v]] += tree.total[v];
  return sum.every((s, v) => s === tree.total[v]);
}

export function frameId(p: { frames: readonly FrameInfo[] }, name: string): number {
  const f = p.frames.findIndex((x) => x.name === name);
  if (f < 0) throw new Error(`no frame ${name}`);
  return f;
}
