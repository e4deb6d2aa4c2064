// Builds the profile model from distinct stacks, without recursion. Samples
// are first counted per distinct stack (memory grows with call paths, not
// samples), then each distinct stack is walked once, weighted by its count.
//
// Totals count a function (or a line) once per sample even when it is on the
// stack many times (recursion): a generation stamp per stack tells whether
// this stack already counted it.
//
// A frame is one source function: it is keyed by its demangled name alone (the
// kernel's apart), never by its file:line or kind, so addresses whose line
// addr2line does not know (`search.rs:?`) add to the same frame as the
// others. Its kind is decided once all stacks are in (classify.ts), from its
// crate and the file of its hottest line.
//
// "Your code" self (ownSelfSamples): each sample belongs to the innermost
// frame of kind 'user' on its stack, at the line that frame is at in that
// sample, with every std/dependency/system frame above it (inlined or called)
// charged there; a sample with no user frame stays with its leaf. Kinds are
// only known in build(), so addStack keeps a trie of the stacks' (function,
// line) paths (a call-tree node keeps its hottest line only, which would
// charge a loop's other lines to it) and build() walks it once: O(paths),
// not O(samples). The trie also memoizes each path's call-tree node, and its
// per-entry totals give each node's hottest line in build(), so a stack walks
// one hash map per frame, not the three it took before.

import {
  CallTreeColumns,
  FrameInfo,
  FrameKind,
  FunctionStat,
  LineStat,
  Profile,
  ProfileMeta,
  CrateList,
  PROFILE_SCHEMA_VERSION,
  SymbolicFrame,
} from './profileTypes';
import { classifyFrames, isKernelDso } from './classify';
import { PairMap } from './pairMap';
import { PathTrie } from './pathTrie';

/** Bounds of frame ids and of the line numbers counted (PairMap keys are 31-bit). */
const FRAME_BOUND = 2 ** 22;
const LINE_BOUND = 2 ** 21;

export interface ModelContext {
  workspaceRoot: string | null;
  mainBinary: string | null;
  /** The workspace's crates from `cargo metadata`, when known. */
  crates?: CrateList | null;
}

export class ProfileBuilder {
  private readonly frames: FrameInfo[] = [];
  private readonly frameIds = new Map<string, number>();
  private readonly tree: CallTreeColumns = { parent: [-1], frame: [0], self: [0], total: [0], line: [0] };
  /** Child node per (parent, frame): the entry number + 1 is the node id (nodes are made in that order). */
  private readonly children = new PairMap();
  private readonly fnSelf: number[] = [];
  private readonly fnTotal: number[] = [];
  private readonly fnStamp: number[] = [];
  /** Samples per (line, function) pair, in entry order, counted once per stack (the stamp). */
  private readonly fnLines = new PairMap();
  private readonly fnLineLid: number[] = [];
  private readonly fnLineFid: number[] = [];
  private readonly fnLineCount: number[] = [];
  private readonly fnLineStamp: number[] = [];
  private readonly lineKeys: { file: string; line: number }[] = [];
  private readonly lineIds = new Map<string, number>();
  private readonly lineSelf: number[] = [];
  private readonly lineTotal: number[] = [];
  private readonly lineStamp: number[] = [];
  /**
   * The (function, line) paths of the stacks, a trie under each thread (codes: FrameIds.code). It refines
   * the call tree (a node is a path of functions), so each entry keeps its node.
   */
  private readonly paths = new PathTrie();
  private inlinedEverywhere: boolean[] = [];
  /** Per frame: the first file seen at a known line, and at an unknown one (line 0). */
  private readonly fileAtLine: (string | null)[] = [];
  private readonly fileAtNoLine: (string | null)[] = [];
  private stamp = 0;
  private samples = 0;
  /**
   * Frame and line ids per frame object: a caller that hands the same object for every stack it appears in
   * (the report pipeline does) pays for the name and file:line keys once, not once per stack.
   */
  private readonly ids = new WeakMap<SymbolicFrame, FrameIds>();

  constructor(private readonly ctx: ModelContext) {
    this.frameId('all', null, null, null, 'root', false);
  }

  /**
   * Adds `count` samples of one stack: the process/thread name, then the
   * frames from the outermost caller to the innermost (leaf) frame.
   */
  addStack(comm: string, framesRootToLeaf: readonly SymbolicFrame[], count: number): void {
    if (count <= 0) return;
    this.samples += count;
    const stamp = ++this.stamp;
    const t = this.tree;
    t.total[0] += count;
    const thread = this.frameId(comm || '[unknown]', null, null, null, 'process', false);
    let path = this.paths.intern(-1, 2 * thread + 1);
    let node = this.paths.node[path];
    if (node < 0) node = this.placePath(path, thread);
    t.total[node] += count;
    for (let i = 0; i < framesRootToLeaf.length; i++) {
      const f = framesRootToLeaf[i];
      let ids = this.ids.get(f);
      if (!ids) {
        const fid = this.frameId(f.name, f.file, f.line, f.dso, 'unknown', f.inlined);
        const lid = f.file !== null && f.line !== null && f.line < LINE_BOUND ? this.lineId(f.file, f.line) : -1;
        const fl = lid >= 0 ? this.fnLine(lid, fid) : -1;
        ids = { fid, lid, fl, code: fl >= 0 ? 2 * fl : 2 * fid + 1 };
        this.ids.set(f, ids);
      }
      const { fid, lid, fl } = ids;
      path = this.paths.intern(path, ids.code);
      node = this.paths.node[path];
      if (node < 0) node = this.placePath(path, fid);
      t.total[node] += count;
      this.paths.total[path] += count;
      const isLeaf = i === framesRootToLeaf.length - 1;
      if (this.fnStamp[fid] !== stamp) {
        this.fnStamp[fid] = stamp;
        this.fnTotal[fid] += count;
      }
      if (isLeaf) this.fnSelf[fid] += count;
      if (lid >= 0) {
        if (this.lineStamp[lid] !== stamp) {
          this.lineStamp[lid] = stamp;
          this.lineTotal[lid] += count;
        }
        // The function's own line counts, once per stack, decide its hottest line.
        if (this.fnLineStamp[fl] !== stamp) {
          this.fnLineStamp[fl] = stamp;
          this.fnLineCount[fl] += count;
        }
        if (isLeaf) this.lineSelf[lid] += count;
      }
    }
    t.self[node] += count;
    this.paths.self[path] += count;
  }

  build(meta: ProfileMeta): Profile {
    const t = this.tree;
    this.hottestLinePerNode();
    // Hottest line per function; on a tie, the one seen first.
    const fnBest = new Map<number, number>();
    for (let e = 0; e < this.fnLineCount.length; e++) {
      const fid = this.fnLineFid[e];
      const lid = this.fnLineLid[e];
      const c = this.fnLineCount[e];
      if (c > (fnBest.get(fid) ?? 0)) {
        fnBest.set(fid, c);
        const { file, line } = this.lineKeys[lid];
        this.frames[fid].file = file;
        this.frames[fid].line = line;
      }
    }
    for (let i = 0; i < this.frames.length; i++) this.frames[i].inlined = this.inlinedEverywhere[i];
    // A function whose lines are all unknown keeps the file addr2line gave them.
    const hasLine = this.frames.map((f, i) => f.file !== null || this.fileAtLine[i] !== null);
    for (let i = 0; i < this.frames.length; i++) this.frames[i].file ??= this.fileAtLine[i] ?? this.fileAtNoLine[i];
    const fnIds: number[] = [];
    for (let i = 0; i < this.frames.length; i++) if (this.frames[i].kind !== 'root' && this.frames[i].kind !== 'process') fnIds.push(i);
    const kinds = classifyFrames(
      fnIds.map((i) => {
        const f = this.frames[i];
        return { name: f.name, dso: f.dso, file: hasLine[i] ? f.file : null, fileAtUnknownLine: hasLine[i] ? null : f.file };
      }),
      { workspaceRoot: this.ctx.workspaceRoot, mainBinary: this.ctx.mainBinary, crates: this.ctx.crates ?? null },
    );
    fnIds.forEach((fid, j) => (this.frames[fid].kind = kinds[j]));
    const { fnOwn, lineOwn } = this.ownSelf();

    const functions: FunctionStat[] = [];
    for (let fid = 0; fid < this.frames.length; fid++) {
      const f = this.frames[fid];
      if (f.kind === 'root' || f.kind === 'process') continue;
      functions.push({
        name: f.name,
        file: f.file,
        line: f.line,
        selfSamples: this.fnSelf[fid],
        totalSamples: this.fnTotal[fid],
        ownSelfSamples: fnOwn[fid],
        kind: f.kind,
      });
    }
    functions.sort((a, b) => b.totalSamples - a.totalSamples || b.selfSamples - a.selfSamples || cmp(a.name, b.name));
    const lines: LineStat[] = this.lineKeys.map((k, lid) => ({
      file: k.file,
      line: k.line,
      selfSamples: this.lineSelf[lid],
      totalSamples: this.lineTotal[lid],
      ownSelfSamples: lineOwn[lid],
    }));
    lines.sort((a, b) => b.totalSamples - a.totalSamples || b.selfSamples - a.selfSamples || cmp(a.file, b.file) || a.line - b.line);
    return { schemaVersion: PROFILE_SCHEMA_VERSION, meta, samples: this.samples, frames: this.frames, tree: t, functions, lines };
  }

  /**
   * "Your code" self per function and per line (see the top of the file), once the kinds are known:
   * the path entries come parents first, so each entry's innermost user entry is its own or its parent's.
   */
  private ownSelf(): { fnOwn: Float64Array; lineOwn: Float64Array } {
    const fnOwn = new Float64Array(this.frames.length);
    const lineOwn = new Float64Array(this.lineKeys.length);
    const { size, code: codes, parent, self } = this.paths;
    const owner = new Int32Array(size);
    for (let e = 0; e < size; e++) {
      const code = codes[e];
      const fid = code & 1 ? (code - 1) / 2 : this.fnLineFid[code / 2];
      const up = parent[e];
      owner[e] = this.frames[fid].kind === 'user' ? e : up >= 0 ? owner[up] : -1;
      const s = self[e];
      if (s === 0) continue;
      const o = owner[e] >= 0 ? owner[e] : e;
      const oc = codes[o];
      if (oc & 1) {
        fnOwn[(oc - 1) / 2] += s;
      } else {
        fnOwn[this.fnLineFid[oc / 2]] += s;
        lineOwn[this.fnLineLid[oc / 2]] += s;
      }
    }
    return { fnOwn, lineOwn };
  }

  /** The (line, function) entry, made on first sight. */
  private fnLine(lid: number, fid: number): number {
    const fl = this.fnLines.intern(lid, fid);
    if (fl === this.fnLineCount.length) {
      this.fnLineLid.push(lid);
      this.fnLineFid.push(fid);
      this.fnLineCount.push(0);
      this.fnLineStamp.push(0);
    }
    return fl;
  }

  /** A new path entry `e` (function `fid`) gets its call-tree node. */
  private placePath(e: number, fid: number): number {
    const parent = this.paths.parent[e];
    const node = this.child(parent >= 0 ? this.paths.node[parent] : 0, fid);
    this.paths.node[e] = node;
    return node;
  }

  /**
   * Each node's hottest line: the samples through its path entries, summed per line number (one node's
   * entries differ in their callers' lines, or in the file of their line); on a tie, the line seen first.
   * Entries are grouped by node with a counting sort, in entry order: most nodes have one.
   */
  private hottestLinePerNode(): void {
    const t = this.tree;
    const nodes = t.parent.length;
    const { size, node, code, total } = this.paths;
    const start = new Int32Array(nodes + 1);
    for (let e = 0; e < size; e++) if ((code[e] & 1) === 0) start[node[e] + 1]++;
    for (let v = 0; v < nodes; v++) start[v + 1] += start[v];
    const order = new Int32Array(start[nodes]);
    const next = start.slice(0, nodes);
    for (let e = 0; e < size; e++) if ((code[e] & 1) === 0) order[next[node[e]]++] = e;
    const lineOf = (e: number) => this.lineKeys[this.fnLineLid[code[e] / 2]].line;
    // Per line number of the node at hand, in the order first seen: its slot in `sums`.
    const slots = new Map<number, number>();
    const lines: number[] = [];
    const sums: number[] = [];
    for (let v = 0; v < nodes; v++) {
      const from = start[v];
      const to = start[v + 1];
      if (to - from === 1) t.line[v] = lineOf(order[from]);
      if (to - from <= 1) continue;
      slots.clear();
      lines.length = 0;
      sums.length = 0;
      for (let k = from; k < to; k++) {
        const line = lineOf(order[k]);
        const slot = slots.get(line);
        if (slot === undefined) {
          slots.set(line, lines.length);
          lines.push(line);
          sums.push(total[order[k]]);
        } else sums[slot] += total[order[k]];
      }
      let best = 0;
      for (let i = 1; i < sums.length; i++) if (sums[i] > sums[best]) best = i;
      t.line[v] = lines[best];
    }
  }

  private child(parent: number, frame: number): number {
    const id = this.children.intern(parent, frame) + 1;
    const t = this.tree;
    if (id === t.parent.length) {
      t.parent.push(parent);
      t.frame.push(frame);
      t.self.push(0);
      t.total.push(0);
      t.line.push(0);
    }
    return id;
  }

  /** Frames are one per function name (the kernel's apart); the file is the one of its hottest line. */
  private frameId(name: string, file: string | null, line: number | null, dso: string | null, kind: FrameKind, inlined: boolean): number {
    const domain = kind === 'root' || kind === 'process' ? kind : dso && isKernelDso(dso) ? 'kernel' : 'fn';
    const key = domain + '\u0000' + name;
    let id = this.frameIds.get(key);
    if (id === undefined) {
      id = this.frames.length;
      if (id >= FRAME_BOUND) throw new Error('too many distinct functions in one profile');
      this.frames.push({ name, file: null, line: null, kind, inlined, dso });
      this.fileAtLine.push(null);
      this.fileAtNoLine.push(null);
      this.frameIds.set(key, id);
      this.fnSelf.push(0);
      this.fnTotal.push(0);
      this.fnStamp.push(0);
      this.inlinedEverywhere.push(inlined);
    } else {
      if (!inlined) this.inlinedEverywhere[id] = false;
      const f = this.frames[id];
      if (f.dso === null && dso !== null) f.dso = dso;
    }
    if (file !== null) {
      if (line !== null && line > 0) this.fileAtLine[id] ??= file;
      else this.fileAtNoLine[id] ??= file;
    }
    return id;
  }

  private lineId(file: string, line: number): number {
    const key = file + '\u0000' + line;
    let id = this.lineIds.get(key);
    if (id === undefined) {
      id = this.lineKeys.length;
      this.lineKeys.push({ file, line });
      this.lineIds.set(key, id);
      this.lineSelf.push(0);
      this.lineTotal.push(0);
      this.lineStamp.push(0);
    }
    return id;
  }
}

/**
 * What the builder keeps per frame object. `code` names the (function, line) pair in one integer for the
 * path trie: 2 × its fnLines entry when the line is known, else 2 × the function + 1. Entries stay below
 * 2^30 (memory runs out long before), so codes fit PairMap's 31-bit keys.
 */
interface FrameIds {
  fid: number;
  lid: number;
  /** The (line, function) entry, -1 when the line is unknown. */
  fl: number;
  code: number;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
