// Per-line heat of one file and what a hover on a hot line tells: its
// samples, its top callers (parents of the call-tree nodes at that line)
// and the heat scale the editor paints with.

import * as path from 'node:path';
import { ProfileIndex, FileNodes } from './profileIndex';
import { LineHeat, HEAT_LEVELS, heatLevel } from '../protocol/lspProtocol';
import { percent } from '../model/format';
import { markdownCode, markdownText } from './markdown';

export function lineHeat(index: ProfileIndex, file: string): LineHeat[] {
  const f = index.file(file);
  if (!f || index.samples === 0) return [];
  return f.lineStats
    .filter((l) => l.line > 0)
    .map((l) => ({ line: l.line - 1, self: l.selfSamples, total: l.totalSamples, fraction: l.totalSamples / index.samples }))
    .sort((a, b) => a.line - b.line);
}

export interface Caller {
  name: string;
  file: string | null;
  /** 1-based call-site line in the caller, or null. */
  line: number | null;
  samples: number;
}

/**
 * Callers of the code on this 1-based line, by samples (each sample once per caller;
 * under recursion a sample can have several callers): the parents of the call-tree
 * nodes at that line. A node keeps only its hottest line, so a node "at" this line
 * also holds its function's samples at its other lines: a caller's count is capped
 * at the line's own total. A line that is no node's hottest line has no node: then
 * `fnLines` (the 1-based span of the fn around it) gives the callers of that fn,
 * i.e. the parents of its nodes that are called from outside it.
 */
export function topCallers(
  index: ProfileIndex,
  file: string,
  line1: number,
  limit = 5,
  fnLines?: [number, number],
): { callers: Caller[]; ofFunction: boolean } {
  const f = index.file(file);
  if (!f) return { callers: [], ofFunction: false };
  const atLine = collectCallers(index, f, (line) => line === line1);
  const lineTotal = f.lineStats.find((l) => l.line === line1)?.totalSamples ?? Infinity;
  if (atLine.length > 0 || !fnLines) return { callers: rank(atLine, limit, lineTotal), ofFunction: false };
  const [from, to] = fnLines;
  return {
    callers: rank(
      collectCallers(index, f, (line) => line >= from && line <= to),
      limit,
      Infinity,
    ),
    ofFunction: true,
  };
}

function collectCallers(index: ProfileIndex, f: FileNodes, at: (line: number) => boolean): Caller[] {
  const t = index.profile.tree;
  const frames = index.profile.frames;
  const inside = new Set<number>();
  const byCaller = new Map<string, Caller & { coveredUntil: number }>();
  for (let k = 0; k < f.nodes.length; k++) {
    if (!at(f.lines[k])) continue;
    const node = f.nodes[k];
    inside.add(node);
    const parent = t.parent[node];
    // Nodes come parents first: a parent inside the same span is the same code calling itself (or a closure).
    if (parent <= 0 || inside.has(parent)) continue;
    const pf = frames[t.frame[parent]];
    if (pf.kind === 'root' || pf.kind === 'process') continue;
    const key = `${pf.name}\u0000${t.line[parent]}`;
    let c = byCaller.get(key);
    if (!c) byCaller.set(key, (c = { name: pf.name, file: pf.file, line: t.line[parent] || pf.line, samples: 0, coveredUntil: 0 }));
    if (index.pre[node] >= c.coveredUntil) {
      c.samples += t.total[node];
      c.coveredUntil = index.post[node];
    }
  }
  return [...byCaller.values()];
}

function rank(callers: Caller[], limit: number, cap: number): Caller[] {
  return callers
    .sort((a, b) => b.samples - a.samples || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, limit)
    .map(({ name, file, line, samples }) => ({ name, file, line, samples: Math.min(samples, cap) }));
}

/**
 * Markdown for a hover on one 0-based line, or null when the line has no samples.
 * `fn` is the source function around the line (0-based span), when there is one.
 */
export function hoverMarkdown(
  index: ProfileIndex,
  file: string,
  line0: number,
  fn?: { name: string; startLine: number; endLine: number },
): string | null {
  const heat = lineHeat(index, file).find((h) => h.line === line0);
  if (!heat) return null;
  const n = index.samples;
  const out: string[] = [];
  out.push(`**🔥 ${percent(heat.total, n, 1)} total · ${percent(heat.self, n, 1)} self** on this line`);
  out.push('');
  out.push(`${heat.total} of ${n} samples pass through this line; ${heat.self} are on it (self).`);
  const { callers, ofFunction } = topCallers(index, file, line0 + 1, 5, fn ? [fn.startLine + 1, fn.endLine + 1] : undefined);
  if (callers.length > 0) {
    out.push('');
    out.push(ofFunction && fn ? `Top callers of ${markdownCode(fn.name)}:` : 'Top callers:');
    for (const c of callers) {
      const where = c.file ? ` (${markdownText(path.basename(c.file))}${c.line ? `:${c.line}` : ''})` : '';
      out.push(`- ${markdownCode(c.name)}${where}: ${c.samples} samples, ${percent(c.samples, n, 1)}`);
    }
  }
  const level = heatLevel(heat.fraction);
  const scale = HEAT_LEVELS.map(
    (v, i) => `${i + 1 === level ? '**' : ''}${i + 1}: ≥ ${percent(v, 1, 1)}${i + 1 === level ? '**' : ''}`,
  ).join(' · ');
  out.push('');
  out.push(`Heat level ${level} of ${HEAT_LEVELS.length} (share of all samples): ${scale}`);
  return out.join('\n');
}
