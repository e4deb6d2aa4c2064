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
  /** Samples per (node, line), in entry order. */
  private readonly nodeLines = new PairMap();
  private readonly nodeLineNode: number[] = [];
  private readonly nodeLineLine: number[] = [];
  private readonly nodeLineCount: number[] = [];
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
  private readonly ids = new WeakMap<SymbolicFrame, { fid: number; lid: number }>();

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
    let node = this.child(0, this.frameId(comm || '[unknown]', null, null, null, 'process', false));
    t.total[node] += count;
    for (let i = 0; i < framesRootToLeaf.length; i++) {
      const f = framesRootToLeaf[i];
      let ids = this.ids.get(f);
      if (!ids) {
        const fid = this.frameId(f.name, f.file, f.line, f.dso, 'unknown', f.inlined);
        const lid = f.file !== null && f.line !== null && f.line < LINE_BOUND ? this.lineId(f.file, f.line) : -1;
        ids = { fid, lid };
        this.ids.set(f, ids);
      }
      const { fid, lid } = ids;
      node = this.child(node, fid);
      t.total[node] += count;
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
        const fl = this.fnLines.intern(lid, fid);
        if (fl === this.fnLineCount.length) {
          this.fnLineLid.push(lid);
          this.fnLineFid.push(fid);
          this.fnLineCount.push(0);
          this.fnLineStamp.push(0);
        }
        if (this.fnLineStamp[fl] !== stamp) {
          this.fnLineStamp[fl] = stamp;
          this.fnLineCount[fl] += count;
        }
        if (isLeaf) this.lineSelf[lid] += count;
        const line = this.lineKeys[lid].line;
        const nl = this.nodeLines.intern(node, line);
        if (nl === this.nodeLineCount.length) {
          this.nodeLineNode.push(node);
          this.nodeLineLine.push(line);
          this.nodeLineCount.push(0);
        }
        this.nodeLineCount[nl] += count;
      }
    }
    t.self[node] += count;
  }

  build(meta: ProfileMeta): Profile {
    const t = this.tree;
    // Hottest line per node; on a tie, the one seen first.
    const best = new Map<number, number>();
    for (let e = 0; e < this.nodeLineCount.length; e++) {
      const node = this.nodeLineNode[e];
      const c = this.nodeLineCount[e];
      if (c > (best.get(node) ?? 0)) {
        best.set(node, c);
        t.line[node] = this.nodeLineLine[e];
      }
    }
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
        kind: f.kind,
      });
    }
    functions.sort((a, b) => b.totalSamples - a.totalSamples || b.selfSamples - a.selfSamples || cmp(a.name, b.name));
    const lines: LineStat[] = this.lineKeys.map((k, lid) => ({
      file: k.file,
      line: k.line,
      selfSamples: this.lineSelf[lid],
      totalSamples: this.lineTotal[lid],
    }));
    lines.sort((a, b) => b.totalSamples - a.totalSamples || b.selfSamples - a.selfSamples || cmp(a.file, b.file) || a.line - b.line);
    return { schemaVersion: PROFILE_SCHEMA_VERSION, meta, samples: this.samples, frames: this.frames, tree: t, functions, lines };
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

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
