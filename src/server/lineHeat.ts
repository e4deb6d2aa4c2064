// Per-line heat of one file and what a hover on a hot line tells: its
// samples, its top callers (parents of the call-tree nodes at that line)
// and the heat scale the editor paints with.
//
// A line is as hot as its "self+libs" figure (FileNodes.ownSelf): the line
// that calls a hot std helper is hot, a `.collect()` that only waits on
// your other code is not (its total says it is on the stack).

import * as path from 'node:path';
import { ProfileIndex, FileNodes } from './profileIndex';
import { LineHeat, HEAT_LEVELS, heatLevel } from '../protocol/lspProtocol';
import { percent, samplesText } from '../model/format';
import { markdownCode, markdownText } from './markdown';
import { hotLensTitle } from './documentLenses';
import type { FnHeat } from './attribution';

export function lineHeat(index: ProfileIndex, file: string): LineHeat[] {
  const f = index.file(file);
  if (!f || index.samples === 0) return [];
  return f.lineStats
    .filter((l) => l.line > 0)
    .map((l) => {
      const ownSelf = f.ownSelf.get(l.line) ?? 0;
      return { line: l.line - 1, self: l.selfSamples, total: l.totalSamples, ownSelf, fraction: ownSelf / index.samples };
    })
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

/** The source function around a hovered line (0-based span) and, when it has samples, its figures. */
export interface HoveredFn {
  name: string;
  startLine: number;
  endLine: number;
  /** Where its lens sits (its first attribute): from there to `startLine` is its signature. */
  lensLine?: number;
  heat?: FnHeat;
}

/**
 * Markdown for a hover on one 0-based line, or null when there is nothing to tell: the line's figures
 * when it has samples, and the figures of the fn around it (its lens's, with plain self) on its hot lines
 * and on its signature.
 */
export function hoverMarkdown(index: ProfileIndex, file: string, line0: number, fn?: HoveredFn): string | null {
  const heat = lineHeat(index, file).find((h) => h.line === line0);
  const onSignature = fn !== undefined && line0 >= (fn.lensLine ?? fn.startLine) && line0 <= fn.startLine;
  const fnHeat = fn?.heat && (heat || onSignature) ? fn.heat : undefined;
  if (!heat && !fnHeat) return null;
  const n = index.samples;
  const out: string[] = [];
  if (heat) out.push(...lineSection(index, file, heat, fn));
  if (fn && fnHeat) {
    if (out.length) out.push('');
    const figures = hotLensTitle(fnHeat.total, fnHeat.ownSelf, n).replace(/^🔥 /, '');
    out.push(`${markdownCode(fn.name)}: ${figures} · ${percent(fnHeat.self, n, 1)} self (in its own instructions)`);
  }
  return out.join('\n');
}

function lineSection(index: ProfileIndex, file: string, heat: LineHeat, fn?: HoveredFn): string[] {
  const n = index.samples;
  const out: string[] = [];
  out.push(
    `**🔥 ${percent(heat.ownSelf, n, 1)} self+libs · ${percent(heat.total, n, 1)} total · ${percent(heat.self, n, 1)} self** on this line`,
  );
  out.push('');
  out.push(
    `- **self+libs**: ${samplesText(heat.ownSelf)} in this line's own code and in the std or dependency code it runs (inlined or called), until that code calls back into your code`,
  );
  out.push(`- **total**: ${heat.total} of ${n} samples pass through this line (everything it calls)`);
  out.push(`- **self**: ${samplesText(heat.self)} in this line's own instructions`);
  if (!index.ownSelfExact)
    out.push('', '_self+libs is estimated: this profile was written before per-line figures; record it again for exact ones._');
  const line1 = heat.line + 1;
  const { callers, ofFunction } = topCallers(index, file, line1, 5, fn ? [fn.startLine + 1, fn.endLine + 1] : undefined);
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
  out.push(`Heat level ${level} of ${HEAT_LEVELS.length} (self+libs, share of all samples): ${scale}`);
  return out;
}
