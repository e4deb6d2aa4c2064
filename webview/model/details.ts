// The details line for one call-tree node: full name, file:line, self and
// total samples with their share of the profile. Returns plain strings; the
// UI puts them in the page as text nodes only. Pure: no DOM.

import type { FrameKind } from '../../src/model/profileTypes';
import type { TransformedTree } from '../../src/model/transforms';
import { displayPath, percent, samplesText } from '../../src/model/format';

export interface NodeDetails {
  name: string;
  /** "src/main.rs:10" (relative to the workspace when inside it), or null when the frame has no source. */
  location: string | null;
  /** The absolute file, for a link's title, or null. */
  file: string | null;
  line: number | null;
  kindLabel: string;
  kind: FrameKind;
  /** The frame id (index into the profile's frames). */
  frame: number;
  /** Whether there is source to open (a function with a file). */
  hasSource: boolean;
  total: string;
  self: string;
}

export const KIND_LABELS: Record<FrameKind, string> = {
  root: 'all samples',
  process: 'process',
  user: 'your code',
  dependency: 'dependency',
  std: 'Rust std',
  system: 'system library',
  kernel: 'kernel',
  unknown: 'unknown',
};

/** Details of `node` of a (transformed) tree; `workspaceRoot` shortens paths inside it. */
export function nodeDetails(
  profile: TransformedTree,
  workspaceRoot: string | null,
  node: number,
  all = profile.tree.total[0],
): NodeDetails {
  const { tree } = profile;
  const info = profile.frames[tree.frame[node]];
  const nodeLine = tree.line[node] > 0 ? tree.line[node] : null;
  const line = nodeLine ?? info?.line ?? null;
  const file = info?.file ?? null;
  const location = file ? `${displayPath(file, workspaceRoot)}${line ? `:${line}` : ''}` : null;
  const kind: FrameKind = node === 0 ? 'root' : (info?.kind ?? 'unknown');
  return {
    name: info?.name ?? '[unknown]',
    location,
    file,
    line,
    kindLabel: KIND_LABELS[kind] + (info?.inlined ? ', inlined' : ''),
    kind,
    frame: tree.frame[node],
    hasSource: file !== null && kind !== 'root' && kind !== 'process',
    total: `total ${samplesText(tree.total[node])} (${percent(tree.total[node], all)})`,
    self: `self ${samplesText(tree.self[node])} (${percent(tree.self[node], all)})`,
  };
}
