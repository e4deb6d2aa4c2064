// `perf script` text → PerfSample objects, as the text streams in (Buffer
// chunks of any size; the file is never one string). The lines are told
// apart by the shared state machine (scriptMachine.ts); this sink only builds
// the samples. Odd lines become warnings, never exceptions.

import { PerfFrame, PerfSample, PerfScriptWarning } from './scriptTypes';
import { PerfScriptMachine, PerfScriptSink, mayKeepFrameLine } from './scriptMachine';
import { FrameText, PerfHeader, parseMmapBuildId } from './scriptLines';

export class PerfScriptParser implements PerfScriptSink {
  private readonly machine: PerfScriptMachine;
  /** Frame line text → its frame. The frames are shared between samples: readers must not change them. */
  private readonly known = new Map<string, PerfFrame>();
  private current: PerfSample | undefined;
  private emitted = 0;

  constructor(
    private readonly onSample: (s: PerfSample) => void,
    onWarning?: (w: PerfScriptWarning) => void,
    /** Told each binary's build-id from the mapping events (`perf script --show-mmap-events`), where perf kept one. */
    private readonly onBuildId?: (path: string, buildId: string) => void,
  ) {
    this.machine = new PerfScriptMachine(this, onWarning);
  }

  get linesRead(): number {
    return this.machine.linesRead;
  }

  get samplesEmitted(): number {
    return this.emitted;
  }

  write(chunk: Buffer | string): void {
    this.machine.write(chunk);
  }

  /** Ends the input; a last sample not followed by a blank line is emitted too. */
  end(): void {
    this.machine.end();
  }

  // "seed-demo  3053   144.106948:    1003009 cpu-clock:ppp: "
  // "iperf 27409/28744 [000] 441995.133575: cpu-clock: "
  // "java 19983 cycles:"
  header(h: PerfHeader, _lineNo: number, text: string): void {
    if (this.onBuildId) {
      const mapped = parseMmapBuildId(text);
      if (mapped) this.onBuildId(mapped.path, mapped.buildId);
    }
    // Perf prints no blank line after samples without call chain, nor after
    // PERF_RECORD_* lines (--show-mmap-events): a header ends what was open.
    this.flush();
    const two = h.secondId !== undefined;
    const period = h.period !== undefined ? Number(h.period) : 1;
    this.current = {
      comm: h.comm,
      pid: two ? Number(h.firstId) : -1,
      tid: Number(two ? h.secondId : h.firstId),
      event: h.eventName,
      period: Number.isFinite(period) ? period : 1,
      frames: [],
    };
  }

  // "\t          ffffffff8158e3ff next_uptodate_folio+0xdf ([kernel.kallsyms])"
  // "\t           136e7 seed_demo::prepare+0x3c7 (inlined)"
  // "\t               0 [unknown] ([unknown])"
  frame(f: FrameText, _lineNo: number, text?: string): void {
    let frame = toPerfFrame(f);
    if (text !== undefined && mayKeepFrameLine(text, this.known.size)) {
      frame = { ...frame, addr: ownCopy(frame.addr), symbol: ownCopy(frame.symbol), dso: ownCopy(frame.dso) };
      this.known.set(ownCopy(text), frame);
    }
    this.current?.frames.push(frame);
  }

  // The same line as one seen before: the same frame object, so that readers can memoize per frame.
  takeKnownFrameLine(text: string): boolean {
    const frame = this.known.get(text);
    if (!frame || !this.current) return false;
    this.current.frames.push(frame);
    return true;
  }

  // The blank line after a call chain.
  sampleEnd(): void {
    this.flush();
  }

  finish(sampleOpen: boolean, lineNo: number): void {
    if (sampleOpen && this.current && this.current.frames.length > 0) {
      this.machine.warn(lineNo, 'the input ends inside a sample (no blank line after it); its frames are kept');
    }
    this.flush();
  }

  private flush(): void {
    const s = this.current;
    if (!s) return;
    this.current = undefined;
    // PERF_RECORD_* lines look like headers; a "sample" with neither frames nor event is one of those.
    if (s.frames.length === 0 && s.event === '') return;
    this.emitted++;
    this.onSample(s);
  }
}

export function toPerfFrame(f: FrameText): PerfFrame {
  const symbol = f.symbol.trimEnd();
  const inlined = f.dso === 'inlined';
  return {
    addr: f.addr.toLowerCase(),
    symbol: symbol === '' ? '[unknown]' : symbol,
    symOffset: f.offsetHex === undefined ? -1 : Number.parseInt(f.offsetHex, 16),
    dso: inlined ? '' : f.dso,
    inlined,
  };
}

/**
 * A string of its own. A line is a slice of the decoded 64 KB chunk it came in, and V8 keeps a slice's whole
 * parent alive: keeping slices of 6k lines would keep up to 6k chunks (hundreds of MB).
 */
export function ownCopy(text: string): string {
  // V8 makes a slice only of 13 characters or more (SlicedString::kMinLength); shorter ones are copies already.
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}
