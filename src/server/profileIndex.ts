// A loaded profile, indexed for the questions the language server asks per
// document: which call-tree nodes sit in this file, on which line, and is a
// node inside another one's subtree. Built once per profile in O(nodes),
// with typed arrays: a profile of 200k call paths must stay small.

import * as path from 'node:path';
import { Profile, LineStat } from '../model/profileTypes';
import { buildCallTreeIndex } from '../model/callTreeIndex';
import { ownSelf } from '../model/ownSelf';

export interface FileNodes {
  /** Node ids whose frame's file is this file, in preorder (ancestors before descendants). */
  nodes: Int32Array;
  /** Their source line (1-based, 0 = unknown), same order. */
  lines: Int32Array;
  /** Per-line stats of the profile for this file. */
  lineStats: LineStat[];
  /**
   * "Self with libraries" per 1-based line of this file (LineStat.ownSelfSamples): the samples of the line's
   * own code and of the std/dependency code it runs, until that code calls back into your code.
   */
  ownSelf: Map<number, number>;
}

export class ProfileIndex {
  /** Preorder number of each node; a node's subtree is [pre, post) (the model's call-tree index). */
  readonly pre: Int32Array;
  readonly post: Int32Array;
  /**
   * True when the profile carries ownSelfSamples (exact, per sample); false for a profile written before
   * them: the figures are then estimated from the call tree (ownSelf.ts), where a node keeps only its
   * hottest line.
   */
  readonly ownSelfExact: boolean;
  private readonly byFile = new Map<string, FileNodes>();

  constructor(
    readonly profile: Profile,
    readonly profileJson: string,
    readonly mtimeMs: number,
  ) {
    const t = profile.tree;
    const n = t.parent.length;
    ({ pre: this.pre, post: this.post } = buildCallTreeIndex(t));

    const frameFile = profile.frames.map((f) => (f.file ? path.normalize(f.file) : null));
    const grouped = new Map<string, number[]>();
    for (let i = 1; i < n; i++) {
      const file = frameFile[t.frame[i]];
      if (!file) continue;
      let list = grouped.get(file);
      if (!list) grouped.set(file, (list = []));
      list.push(i);
    }
    const lineStats = new Map<string, LineStat[]>();
    for (const l of profile.lines) {
      const file = path.normalize(l.file);
      let list = lineStats.get(file);
      if (!list) lineStats.set(file, (list = []));
      list.push(l);
    }
    this.ownSelfExact = profile.lines.every((l) => l.ownSelfSamples !== undefined);
    const ownByFile = new Map<string, Map<number, number>>();
    const addOwn = (file: string, line: number, samples: number) => {
      if (!(samples > 0)) return;
      let m = ownByFile.get(file);
      if (!m) ownByFile.set(file, (m = new Map()));
      m.set(line, (m.get(line) ?? 0) + samples);
    };
    if (this.ownSelfExact) for (const l of profile.lines) addOwn(path.normalize(l.file), l.line, l.ownSelfSamples ?? 0);
    else for (const l of ownSelf(t, profile.frames).byLine) addOwn(path.normalize(l.file), l.line, l.ownSelf);
    const fileOf = (file: string, nodes: Int32Array, lines: Int32Array): FileNodes => ({
      nodes,
      lines,
      lineStats: lineStats.get(file) ?? [],
      ownSelf: ownByFile.get(file) ?? new Map(),
    });
    for (const [file, ids] of grouped) {
      ids.sort((a, b) => this.pre[a] - this.pre[b]);
      const nodes = Int32Array.from(ids);
      const lines = new Int32Array(ids.length);
      for (let k = 0; k < ids.length; k++) lines[k] = t.line[ids[k]] || profile.frames[t.frame[ids[k]]].line || 0;
      this.byFile.set(file, fileOf(file, nodes, lines));
    }
    for (const file of lineStats.keys())
      if (!this.byFile.has(file)) this.byFile.set(file, fileOf(file, new Int32Array(0), new Int32Array(0)));
  }

  get samples(): number {
    return this.profile.samples;
  }

  get workspaceRoot(): string | null {
    return this.profile.meta.workspaceRoot;
  }

  /** Files with call-tree nodes, most samples first. */
  filesBySamples(): string[] {
    const t = this.profile.tree;
    const weight = (f: FileNodes) => f.nodes.reduce((sum, n) => sum + t.self[n], 0);
    return [...this.byFile]
      .filter(([, f]) => f.nodes.length > 0)
      .map(([file, f]) => ({ file, w: weight(f) }))
      .sort((a, b) => b.w - a.w)
      .map((x) => x.file);
  }

  file(file: string): FileNodes | undefined {
    return this.byFile.get(path.normalize(file));
  }

  /** sha256 of the file when the profile was made, when the engine recorded it. */
  digest(file: string): string | undefined {
    const d = this.profile.meta.sourceDigests;
    return d ? (d[path.normalize(file)] ?? d[file]) : undefined;
  }

  frameName(node: number): string {
    return this.profile.frames[this.profile.tree.frame[node]].name;
  }
}
