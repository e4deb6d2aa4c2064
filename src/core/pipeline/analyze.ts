// perf script text (a stream) → profile model. The stream is parsed as it
// arrives; every new (binary, address) is handed to its binary's resolver at
// once, so perf, the parser and addr2line all work at the same time.

import { PerfScriptParser } from '../perf/scriptParser';
import { PerfFrame, PerfSample } from '../perf/scriptTypes';
import { Symbolizer, SymbolicFrame, perfOnlyFrame } from '../symbols/symbolizer';
import { ProfileBuilder } from '../../model/builder';
import { PairMap } from '../../model/pairMap';
import { ownCopy } from '../perf/scriptParser';
import { CrateList, Profile, ProfileMeta } from '../../model/profileTypes';
import { Reporter } from '../errors';
import { addProfileWarnings, Diagnostic } from '../../model/diagnostics';
import { BINARY_WITHOUT_LINES, NO_LINE_TABLE, binaryChanged, binaryWithoutLines, otherEventsLeftOut } from '../checks/messages';
import { RecordedBuildIds } from '../perf/buildIds';
import { abortReason } from '../jobs/abort';
import type { Readable } from 'node:stream';

export interface AnalyzeOptions {
  workspaceRoot?: string | null;
  /** The profiled executable: its frames without source still count as user code. */
  mainBinary?: string | null;
  /** The workspace's crates from `cargo metadata` (record only); stored in the profile. */
  crates?: CrateList | null;
  addr2line?: string;
  reporter?: Reporter;
  /** False to skip addr2line (text from another machine). Default true. */
  resolveSourceLines?: boolean;
  meta?: Partial<ProfileMeta>;
  signal?: AbortSignal;
  /** The build-ids the perf.data was recorded with: binaries rebuilt since are not read for lines. */
  buildIds?: RecordedBuildIds | Promise<RecordedBuildIds>;
  /**
   * Filled with the build-ids of the mapping events as the text streams in (perf script --show-mmap-events),
   * the first per binary kept; pass the same map as `buildIds` for the symbolizer to check them.
   */
  mmapBuildIds?: Map<string, string>;
}

/** A distinct perf frame: one non-inlined frame with the inlined ones perf printed above it. */
interface RawFrame {
  frame: PerfFrame;
  perfInlined: PerfFrame[];
  isCaller: boolean;
  resolved: Promise<SymbolicFrame[] | null> | undefined;
}

/** Distinct raw frames at most (PairMap keys are 31-bit). */
const RAW_BOUND = 2 ** 24;

/** One distinct (thread, stack): raw frame ids leaf first, and how many samples had it. */
export interface CollectedStack {
  comm: string;
  ids: number[];
  samples: number;
}

/**
 * Counts samples per distinct stack and resolves frames as they appear. The per-frame work is numbers only:
 * the parser hands the same PerfFrame object for every repeat of a frame line, so a frame's raw id is memoized
 * per object, and a stack is found by walking a trie of raw ids (per thread name) instead of building a
 * string key per sample.
 */
export class StackCollector {
  private readonly rawFrames: RawFrame[] = [];
  /** Raw ids of frames with perf-inlined lines above them (text saved without --no-inline), by composite key. */
  private readonly rawIds = new Map<string, number>();
  /** Raw id per parser frame object: [as the leaf, as a caller]; weak, so frames that were not interned go. */
  private readonly memo = new WeakMap<PerfFrame, [number, number]>();
  /** Trie root per thread name; a node's child per raw id is `childNode[children.get(node, id)]`. */
  private readonly roots = new Map<string, { node: number; comm: string }>();
  private readonly children = new PairMap();
  private readonly childNode: number[] = [];
  private nodes = 0;
  /** The distinct stacks by their trie node, in the order first seen (the profile's order). */
  private readonly byNode = new Map<number, CollectedStack>();
  private readonly ids: number[] = [];
  /** The first sample's event (maybe '', for a header that names none): the only one read. */
  event: string | undefined;
  samples = 0;
  skippedOtherEvents = 0;

  constructor(private readonly symbolizer: Symbolizer) {}

  /** The distinct (thread, stack) pairs, in the order first seen. */
  get stacks(): Iterable<CollectedStack> {
    return this.byNode.values();
  }

  add(sample: PerfSample): void {
    const colon = sample.event.indexOf(':');
    const event = colon < 0 ? sample.event : sample.event.slice(0, colon);
    // Like stackcollapse-perf.pl: a file with several events is read for the first one only.
    if (this.event === undefined) this.event = event;
    else if (event !== this.event) {
      this.skippedOtherEvents++;
      return;
    }
    this.samples++;
    const ids = this.ids;
    ids.length = 0;
    let inlined: PerfFrame[] | undefined;
    for (const f of sample.frames) {
      if (f.inlined) {
        (inlined ??= []).push(f);
        continue;
      }
      ids.push(this.rawId(f, inlined, ids.length > 0));
      inlined = undefined;
    }
    if (inlined) for (const f of inlined) ids.push(this.rawId(f, undefined, ids.length > 0));
    let root = this.roots.get(sample.comm);
    if (root === undefined) {
      // The name is a slice of its line's 64 KB chunk: a copy is kept, not the chunk.
      root = { node: this.nodes++, comm: ownCopy(sample.comm) };
      this.roots.set(root.comm, root);
    }
    let node = root.node;
    // Root first: stacks share their callers, not their leaves, so the trie stays the size of the call tree.
    for (let i = ids.length - 1; i >= 0; i--) {
      const entry = this.children.intern(node, ids[i]);
      if (entry === this.childNode.length) this.childNode.push(this.nodes++);
      node = this.childNode[entry];
    }
    const stack = this.byNode.get(node);
    if (stack) stack.samples++;
    else this.byNode.set(node, { comm: root.comm, ids: ids.slice(), samples: 1 });
  }

  /** Source frames of a raw frame, innermost first. */
  async frames(id: number): Promise<SymbolicFrame[]> {
    const raw = this.rawFrames[id];
    const resolved = await raw.resolved;
    if (resolved) return resolved;
    return [...raw.perfInlined.map(perfOnlyFrame), perfOnlyFrame(raw.frame)];
  }

  get distinctFrames(): number {
    return this.rawFrames.length;
  }

  private rawId(frame: PerfFrame, perfInlined: PerfFrame[] | undefined, isCaller: boolean): number {
    if (perfInlined) return this.rawIdByKey(frame, perfInlined, isCaller);
    let ids = this.memo.get(frame);
    if (!ids) {
      ids = [-1, -1];
      this.memo.set(frame, ids);
    }
    const slot = isCaller ? 1 : 0;
    if (ids[slot] < 0) ids[slot] = this.rawIdByKey(frame, [], isCaller);
    return ids[slot];
  }

  private rawIdByKey(frame: PerfFrame, perfInlined: PerfFrame[], isCaller: boolean): number {
    // Every text field is length-prefixed, so no byte inside one can pass for a field boundary.
    let key = `${isCaller ? 1 : 0}${field(frame.dso)}${field(frame.addr)}${field(frame.symbol)}`;
    for (const f of perfInlined) key += field(f.symbol);
    let id = this.rawIds.get(key);
    if (id === undefined) {
      id = this.rawFrames.length;
      if (id >= RAW_BOUND) throw new Error('too many distinct frames in one profile');
      const resolved = this.symbolizer.symbolize(frame, isCaller);
      this.rawFrames.push({ frame, perfInlined, isCaller, resolved });
      this.rawIds.set(key, id);
    }
    return id;
  }
}

/**
 * Feeds a stream to `onChunk` until it ends; a cancel ends the reading at
 * once (the stream is destroyed), not after the rest of a big file.
 */
export function readAll(input: NodeJS.ReadableStream, onChunk: (chunk: Buffer | string) => void, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      (input as Partial<Readable>).destroy?.();
      reject(abortReason(signal!));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    input.on('data', onChunk);
    input.on('end', () => (settle(), resolve()));
    input.on('error', (e) => (settle(), reject(e)));
  });
}

/** One field of a composite key: its length, then its text. */
function field(text: string): string {
  return `${text.length}:${text}`;
}

export async function analyzePerfScript(input: NodeJS.ReadableStream, opts: AnalyzeOptions = {}): Promise<Profile> {
  const reporter = opts.reporter;
  const symbolizer = new Symbolizer({
    addr2line: opts.addr2line,
    reporter,
    resolveSourceLines: opts.resolveSourceLines,
    buildIds: opts.buildIds,
  });
  const collector = new StackCollector(symbolizer);
  const mmapIds = opts.mmapBuildIds;
  let warnings = 0;
  const parser = new PerfScriptParser(
    (s) => collector.add(s),
    (w) => {
      warnings++;
      // Each message says itself what became of the line ("…; skipped", "…; its frames are kept").
      if (warnings <= 5) reporter?.warn(`perf script line ${w.line}: ${w.message}.`);
    },
    mmapIds
      ? (path, id) => {
          if (!mmapIds.has(path)) mmapIds.set(path, id);
        }
      : undefined,
  );
  const onAbort = () => symbolizer.killAll();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await readAll(input, (chunk) => parser.write(chunk), opts.signal);
    parser.end();
    await symbolizer.closeAll();
    if (warnings > 5) reporter?.warn(`${warnings - 5} more warnings about odd lines of perf script output were not shown.`);
    opts.signal?.throwIfAborted();

    const builder = new ProfileBuilder({
      workspaceRoot: opts.workspaceRoot ?? null,
      mainBinary: opts.mainBinary ?? null,
      crates: opts.crates ?? null,
    });
    const expanded = new Map<number, SymbolicFrame[]>();
    for (const { comm, ids, samples } of collector.stacks) {
      const rootToLeaf: SymbolicFrame[] = [];
      for (let i = ids.length - 1; i >= 0; i--) {
        const id = ids[i];
        let frames = expanded.get(id);
        if (!frames) {
          frames = await collector.frames(id);
          expanded.set(id, frames);
        }
        for (let j = frames.length - 1; j >= 0; j--) rootToLeaf.push(frames[j]);
      }
      builder.addStack(comm, rootToLeaf, samples);
    }
    const given = opts.meta?.diagnostics ?? [];
    const added: Diagnostic[] = [];
    if (collector.skippedOtherEvents > 0) added.push(otherEventsLeftOut(collector.skippedOtherEvents, collector.event ?? '')); // skipped > 0 means an event was read
    for (const bin of symbolizer.binariesWithoutLines) {
      // Unless the record pipeline already said so, with the cause (checks/debugInfo.ts).
      const said = given.some((d) => d.code === NO_LINE_TABLE || d.code === BINARY_WITHOUT_LINES);
      if (opts.mainBinary && bin === opts.mainBinary && !said) added.push(binaryWithoutLines(bin));
    }
    for (const [bin, ids] of symbolizer.changedBinaries) added.push(binaryChanged(bin, ids.recorded, ids.now));
    // The given diagnostics were told already by whoever found them.
    for (const d of added) reporter?.warn(d);
    const diagnostics = [...given, ...added];
    const meta: ProfileMeta = {
      // What perf really recorded wins over what was asked (perf replaces cycles by cpu-clock where there are no counters).
      event: collector.event || (opts.meta?.event ?? ''),
      frequency: opts.meta?.frequency ?? null,
      callGraph: opts.meta?.callGraph ?? null,
      command: opts.meta?.command ?? null,
      workspaceRoot: opts.workspaceRoot ?? null,
      createdAt: opts.meta?.createdAt ?? new Date().toISOString(),
      warnings: [],
    };
    if (opts.crates) meta.crates = opts.crates;
    addProfileWarnings(meta, diagnostics);
    return builder.build(meta);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    symbolizer.killAll();
  }
}
