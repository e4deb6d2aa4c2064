// perf script text (a stream) → profile model. The stream is parsed as it
// arrives; every new (binary, address) is handed to its binary's resolver at
// once, so perf, the parser and addr2line all work at the same time.

import { PerfScriptParser } from '../perf/scriptParser';
import { PerfFrame, PerfSample } from '../perf/scriptTypes';
import { Symbolizer, SymbolicFrame, perfOnlyFrame } from '../symbols/symbolizer';
import { ProfileBuilder } from '../../model/builder';
import { Profile, ProfileMeta } from '../../model/profileTypes';
import { Reporter } from '../errors';

export interface AnalyzeOptions {
  workspaceRoot?: string | null;
  /** The profiled executable: its frames without source still count as user code. */
  mainBinary?: string | null;
  addr2line?: string;
  reporter?: Reporter;
  /** False to skip addr2line (text from another machine). Default true. */
  resolveSourceLines?: boolean;
  meta?: Partial<ProfileMeta>;
  signal?: AbortSignal;
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
  /** Distinct stacks: "comm\u0001id,id,…" (leaf first) → samples. */
  readonly stacks = new Map<string, number>();
  event = '';
  samples = 0;
  skippedOtherEvents = 0;

  constructor(private readonly symbolizer: Symbolizer) {}

  add(sample: PerfSample): void {
    const event = sample.event.split(':')[0];
    // Like stackcollapse-perf.pl: a file with several events is read for the first one only.
    if (this.event === '') this.event = event;
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
    const key = sample.comm + '\u0001' + ids.join(',');
    this.stacks.set(key, (this.stacks.get(key) ?? 0) + 1);
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
    const key = `${frame.dso}\u0000${frame.addr}\u0000${frame.symbol}\u0000${isCaller ? 1 : 0}\u0000${perfInlined.map((f) => f.symbol).join('\u0002')}`;
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

export async function analyzePerfScript(input: NodeJS.ReadableStream, opts: AnalyzeOptions = {}): Promise<Profile> {
  const reporter = opts.reporter;
  const symbolizer = new Symbolizer({ addr2line: opts.addr2line, reporter, resolveSourceLines: opts.resolveSourceLines });
  const collector = new StackCollector(symbolizer);
  let warnings = 0;
  const parser = new PerfScriptParser(
    (s) => collector.add(s),
    (w) => {
      warnings++;
      if (warnings <= 5) reporter?.warn(`perf script line ${w.line}: ${w.message}; skipped.`);
    },
  );
  const onAbort = () => symbolizer.killAll();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      input.on('data', (chunk: Buffer | string) => parser.write(chunk));
      input.on('end', () => resolve());
      input.on('error', reject);
    });
    parser.end();
    await symbolizer.closeAll();
    if (warnings > 5) reporter?.warn(`${warnings - 5} more odd lines of perf script output were skipped.`);
    opts.signal?.throwIfAborted();

    const builder = new ProfileBuilder({ workspaceRoot: opts.workspaceRoot ?? null, mainBinary: opts.mainBinary ?? null });
    const expanded = new Map<number, SymbolicFrame[]>();
    for (const [key, count] of collector.stacks) {
      // The last separator: a comm may hold any byte, \u0001 too; the ids after it are digits and commas.
      const sep = key.lastIndexOf('\u0001');
      const comm = key.slice(0, sep);
      const ids = sep + 1 < key.length ? key.slice(sep + 1).split(',') : [];
      const rootToLeaf: SymbolicFrame[] = [];
      for (let i = ids.length - 1; i >= 0; i--) {
        const id = Number(ids[i]);
        let frames = expanded.get(id);
        if (!frames) {
          frames = await collector.frames(id);
          expanded.set(id, frames);
        }
        for (let j = frames.length - 1; j >= 0; j--) rootToLeaf.push(frames[j]);
      }
      builder.addStack(comm, rootToLeaf, count);
    }
    const metaWarnings = [...(opts.meta?.warnings ?? [])];
    if (collector.skippedOtherEvents > 0) {
      metaWarnings.push(`${collector.skippedOtherEvents} samples of other events than ${collector.event} were left out.`);
    }
    for (const bin of symbolizer.binariesWithoutLines) {
      // Unless the record pipeline already said so, with the cause (checks/debugInfo.ts).
      if (opts.mainBinary && bin === opts.mainBinary && !metaWarnings.some((w) => w.startsWith(bin))) {
        metaWarnings.push(`${bin} has no debug line table, so its frames have no file:line. Build it with debug info (CARGO_PROFILE_RELEASE_DEBUG=true).`);
      }
    }
    const meta: ProfileMeta = {
      // What perf really recorded wins over what was asked (perf replaces cycles by cpu-clock where there are no counters).
      event: collector.event || (opts.meta?.event ?? ''),
      frequency: opts.meta?.frequency ?? null,
      callGraph: opts.meta?.callGraph ?? null,
      command: opts.meta?.command ?? null,
      workspaceRoot: opts.workspaceRoot ?? null,
      createdAt: opts.meta?.createdAt ?? new Date().toISOString(),
      warnings: metaWarnings,
    };
    return builder.build(meta);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    symbolizer.killAll();
  }
}
