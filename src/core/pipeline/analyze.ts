// perf script text (a stream) → profile model. The stream is parsed as it
// arrives; every new (binary, address) is handed to its binary's resolver at
// once, so perf, the parser and addr2line all work at the same time.

import { PerfScriptParser } from '../perf/scriptParser';
import { PerfFrame, PerfSample } from '../perf/scriptTypes';
import { Symbolizer, SymbolicFrame, perfOnlyFrame } from '../symbols/symbolizer';
import { ProfileBuilder } from '../../model/builder';
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
}

/** A distinct perf frame: one non-inlined frame with the inlined ones perf printed above it. */
interface RawFrame {
  frame: PerfFrame;
  perfInlined: PerfFrame[];
  isCaller: boolean;
  resolved: Promise<SymbolicFrame[] | null> | undefined;
}

/** Counts samples per distinct stack and resolves frames as they appear. */
export class StackCollector {
  private readonly rawFrames: RawFrame[] = [];
  private readonly rawIds = new Map<string, number>();
  /**
   * Distinct (thread, stack) pairs, keyed "id,id,…|comm" (raw frame ids leaf
   * first): the ids part holds only digits and commas, so the first `|` ends
   * it whatever bytes the thread name holds (a thread may be named "ev\u{1}il").
   */
  readonly stacks = new Map<string, { comm: string; ids: number[]; samples: number }>();
  /** The first sample's event (maybe '', for a header that names none): the only one read. */
  event: string | undefined;
  samples = 0;
  skippedOtherEvents = 0;

  constructor(private readonly symbolizer: Symbolizer) {}

  add(sample: PerfSample): void {
    const event = sample.event.split(':')[0];
    // Like stackcollapse-perf.pl: a file with several events is read for the first one only.
    if (this.event === undefined) this.event = event;
    else if (event !== this.event) {
      this.skippedOtherEvents++;
      return;
    }
    this.samples++;
    const ids: number[] = [];
    let inlined: PerfFrame[] = [];
    for (const f of sample.frames) {
      if (f.inlined) {
        inlined.push(f);
        continue;
      }
      ids.push(this.rawId(f, inlined, ids.length > 0));
      inlined = [];
    }
    for (const f of inlined) ids.push(this.rawId(f, [], ids.length > 0));
    const key = `${ids.join(',')}|${sample.comm}`;
    const stack = this.stacks.get(key);
    if (stack) stack.samples++;
    else this.stacks.set(key, { comm: sample.comm, ids, samples: 1 });
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

  private rawId(frame: PerfFrame, perfInlined: PerfFrame[], isCaller: boolean): number {
    // Every text field is length-prefixed, so no byte inside one can pass for a field boundary.
    let key = `${isCaller ? 1 : 0}${field(frame.dso)}${field(frame.addr)}${field(frame.symbol)}`;
    for (const f of perfInlined) key += field(f.symbol);
    let id = this.rawIds.get(key);
    if (id === undefined) {
      id = this.rawFrames.length;
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
  let warnings = 0;
  const parser = new PerfScriptParser(
    (s) => collector.add(s),
    (w) => {
      warnings++;
      // Each message says itself what became of the line ("…; skipped", "…; its frames are kept").
      if (warnings <= 5) reporter?.warn(`perf script line ${w.line}: ${w.message}.`);
    },
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
    for (const { comm, ids, samples } of collector.stacks.values()) {
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
