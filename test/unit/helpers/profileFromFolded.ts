// Test helper: builds a `Profile` from folded stacks, the format of
// stackcollapse-perf.pl (`proc;main;seed_demo::process_data 10`: frames
// root-first separated by ';', then a space and the sample count).
// Names may contain spaces (the count is after the last space) but not ';'.

import { PROFILE_SCHEMA_VERSION } from '../../../src/model/profileTypes';
import type { FrameInfo, FrameKind, FunctionStat, LineStat, Profile } from '../../../src/model/profileTypes';

export interface FoldedOptions {
  /** Kind of a frame by exact name; wins over everything else. */
  kinds?: Record<string, FrameKind>;
  /** Kind of a frame by its crate (first path segment, e.g. "rayon_core"). */
  crateKinds?: Record<string, FrameKind>;
  /** Source location of a frame by exact name. */
  files?: Record<string, { file: string; line?: number }>;
  workspaceRoot?: string | null;
  event?: string;
}

const STD_CRATES = new Set(['std', 'core', 'alloc', 'proc_macro', 'test']);

/** Guesses a frame's kind the way the real pipeline roughly would. */
export function guessKind(name: string, position: number, opts: FoldedOptions = {}): FrameKind {
  const exact = opts.kinds?.[name];
  if (exact) return exact;
  if (position === 0) return 'process';
  if (/_\[k\]$|\[kernel\.kallsyms\]/.test(name)) return 'kernel';
  if (name === '[unknown]') return 'unknown';
  const crate = /^[<&\s]*(?:(?:mut|dyn|const)\s+)?([A-Za-z_][A-Za-z0-9_]*)/.exec(name)?.[1] ?? '';
  const byCrate = opts.crateKinds?.[crate];
  if (byCrate) return byCrate;
  if (STD_CRATES.has(crate) && name.includes('::')) return 'std';
  if (!name.includes('::'))
    return /^(_start|main|__libc|__GI_|_dl_|clone|start_thread|malloc|free|mem[a-z]+)/.test(name) ? 'system' : 'user';
  return 'user';
}

export function profileFromFolded(folded: string | readonly string[], opts: FoldedOptions = {}): Profile {
  const lines = typeof folded === 'string' ? folded.split('\n') : folded;
  const frames: FrameInfo[] = [{ name: 'all', file: null, line: null, kind: 'root', inlined: false, dso: null }];
  const frameIds = new Map<string, number>();
  const parent: number[] = [-1];
  const frame: number[] = [0];
  const self: number[] = [0];
  const total: number[] = [0];
  const line: number[] = [0];
  const childIds: Map<number, number>[] = [new Map()];
  const funcs = new Map<string, FunctionStat>();
  const lineStats = new Map<string, LineStat>();
  let samples = 0;

  for (const raw of lines) {
    const text = raw.trim();
    if (text === '') continue;
    const cut = text.lastIndexOf(' ');
    if (cut <= 0) throw new Error(`folded line without a count: ${text}`);
    const count = Number(text.slice(cut + 1));
    if (!Number.isInteger(count) || count < 0) throw new Error(`bad count in folded line: ${text}`);
    const names = text.slice(0, cut).split(';');
    samples += count;
    total[0] += count;

    let node = 0;
    const seenFuncs = new Set<string>();
    const seenLines = new Set<string>();
    names.forEach((name, position) => {
      const loc = opts.files?.[name];
      const key = `${name}\u0000${loc?.file ?? ''}`;
      let f = frameIds.get(key);
      if (f === undefined) {
        f = frames.length;
        frames.push({
          name,
          file: loc?.file ?? null,
          line: loc?.line ?? null,
          kind: guessKind(name, position, opts),
          inlined: false,
          dso: null,
        });
        frameIds.set(key, f);
      }
      let child = childIds[node].get(f);
      if (child === undefined) {
        child = parent.length;
        parent.push(node);
        frame.push(f);
        self.push(0);
        total.push(0);
        line.push(loc?.line ?? 0);
        childIds.push(new Map());
        childIds[node].set(f, child);
      }
      node = child;
      total[node] += count;

      const info = frames[f];
      let stat = funcs.get(key);
      if (!stat) {
        stat = { name, file: info.file, line: info.line, selfSamples: 0, totalSamples: 0, kind: info.kind };
        funcs.set(key, stat);
      }
      if (!seenFuncs.has(key)) {
        seenFuncs.add(key);
        stat.totalSamples += count;
      }
      if (position === names.length - 1) stat.selfSamples += count;

      if (loc?.line) {
        const lk = `${loc.file}:${loc.line}`;
        let ls = lineStats.get(lk);
        if (!ls) {
          ls = { file: loc.file, line: loc.line, selfSamples: 0, totalSamples: 0 };
          lineStats.set(lk, ls);
        }
        if (!seenLines.has(lk)) {
          seenLines.add(lk);
          ls.totalSamples += count;
        }
        if (position === names.length - 1) ls.selfSamples += count;
      }
    });
    self[node] += count;
  }

  const byTotal = <T extends { totalSamples: number }>(a: T, b: T): number => b.totalSamples - a.totalSamples;
  return {
    schemaVersion: PROFILE_SCHEMA_VERSION,
    meta: {
      event: opts.event ?? 'cpu-clock',
      frequency: 997,
      callGraph: 'dwarf,32768',
      command: null,
      workspaceRoot: opts.workspaceRoot ?? null,
      createdAt: '2024-01-01T00:00:00.000Z',
      warnings: [],
    },
    samples,
    frames,
    tree: { parent, frame, self, total, line },
    functions: [...funcs.values()].sort(byTotal),
    lines: [...lineStats.values()].sort(byTotal),
  };
}
