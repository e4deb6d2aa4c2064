// The one state machine that reads `perf script` text: it knows which line
// is a comment, a sample's first line, a call-chain line or the blank line
// that ends a sample, and hands each to a sink. Two sinks use it: the
// PerfSample builder (scriptParser.ts) and the folder that mimics
// stackcollapse-perf.pl (collapse.ts); what a sample means is theirs to say.
//
// The order of the tests is stackcollapse-perf.pl's: `#` comment, blank,
// header, stack line, anything else is "unrecognized" (warned, skipped).
// It never throws on its input: every odd line becomes a warning.

import { PerfScriptWarning } from './scriptTypes';
import { DEFAULT_MAX_LINE_LENGTH, LineSink, LineSplitter } from '../io/lineSplitter';
import {
  FrameText,
  PerfHeader,
  mayBePaddedHeader,
  newFrameText,
  parsePaddedHeader,
  parsePerlHeader,
  splitFrameLine,
  startsWithSpace,
} from './scriptLines';

export interface PerfScriptSink {
  /** A sample's first line. Perf prints a blank line between samples with call chains; a header may still follow another directly. */
  header(h: PerfHeader, lineNo: number, text: string): void;
  /**
   * A call-chain line of the open sample (`f` is reused for the next line: copy what you keep). `text` is the
   * whole line when a later copy of it would be offered to takeKnownFrameLine (a tab-indented frame line), so
   * that the sink may keep what it meant (within KNOWN_FRAME_LINES' limits).
   */
  frame(f: FrameText, lineNo: number, text?: string): void;
  /**
   * Optional: takes a call-chain line of the open sample before it is split, when the sink has seen the same
   * text before (true: taken, nothing more is done with it). In a real profile 99% of frame lines repeat one
   * of a few thousand, so a sink that keeps what each line meant skips the splitting of all the others.
   */
  takeKnownFrameLine?(text: string, lineNo: number): boolean;
  /** The blank line after a sample, or the end of a one-line sample. */
  sampleEnd(lineNo: number): void;
  /** End of input; `sampleOpen` when the last sample had no blank line after it. */
  finish(sampleOpen: boolean, lineNo: number): void;
}

/**
 * What a sink keeps of the frame lines it has seen (takeKnownFrameLine): a real profile has a few thousand
 * distinct ones (ripgrep: about 6k among 1.03 M); past this many, or past this length (real ones are under
 * 1 KB; 4 MB ones are let through), a line is split each time, so memory stays bounded.
 */
export const KNOWN_FRAME_LINES = { maxLines: 200_000, maxLength: 4096 } as const;

/** Whether a sink keeping `kept` lines may keep `text` too. */
export function mayKeepFrameLine(text: string, kept: number): boolean {
  return text.length <= KNOWN_FRAME_LINES.maxLength && kept < KNOWN_FRAME_LINES.maxLines;
}

/** Warnings past this many are counted, and told as one at the end. */
export const MAX_WARNINGS = 1000;

export class PerfScriptMachine implements LineSink {
  private readonly splitter: LineSplitter;
  private readonly frameText = newFrameText();
  private inSample = false;
  private warnings = 0;
  private ended = false;

  constructor(
    private readonly sink: PerfScriptSink,
    private readonly onWarning?: (w: PerfScriptWarning) => void,
    maxLineLength = DEFAULT_MAX_LINE_LENGTH,
  ) {
    this.splitter = new LineSplitter(this, maxLineLength);
  }

  get linesRead(): number {
    return this.splitter.linesRead;
  }

  write(chunk: Buffer | string): void {
    if (this.ended) return;
    this.splitter.write(chunk);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.splitter.end();
    const last = this.splitter.linesRead;
    this.sink.finish(this.inSample, last);
    this.inSample = false;
    if (this.warnings > MAX_WARNINGS) {
      this.onWarning?.({ line: last, message: `${this.warnings - MAX_WARNINGS} more warnings were not shown` });
    }
  }

  /** For sinks: warnings share the machine's limit. */
  warn(line: number, message: string): void {
    this.warnings++;
    if (this.warnings <= MAX_WARNINGS) this.onWarning?.({ line, message });
  }

  replacementChar(lineNo: number): void {
    this.warn(lineNo, 'text that is not UTF-8 was read as U+FFFD (first seen here)');
  }

  longLine(lineNo: number, length: number): void {
    this.warn(lineNo, `line of ${length} characters is too long to be perf script output; skipped`);
  }

  line(text: string, lineNo: number): void {
    // "# cmdline : /usr/bin/perf record ..." and the rest of perf's --header.
    if (text.charCodeAt(0) === 0x23 /* # */) return;

    // The blank line that ends a sample.
    if (text.length === 0) {
      if (this.inSample) {
        this.inSample = false;
        this.sink.sampleEnd(lineNo);
      }
      return;
    }

    if (!startsWithSpace(text)) {
      // "seed-demo  3053   144.106948:    1003009 cpu-clock:ppp: "
      const h = parsePerlHeader(text);
      if (h) {
        this.openSample(h, text, lineNo);
        return;
      }
    } else if (mayBePaddedHeader(text)) {
      // "       seed-demo  8541   424.401167:    1003009 cpu-clock:ppp:  ffffffff822039eb _raw_spin_unlock+0xb ([kernel.kallsyms])"
      const h = parsePaddedHeader(text);
      if (h) {
        this.openSample(h, text, lineNo);
        return;
      }
    }

    // "\t           132d1 seed_demo::process_data+0x81 (/home/dev/…/seed-demo)"
    // A line that starts with a tab can only be a frame here (headers start with a non-blank or a space), so a
    // line the sink already knows is taken whole, with the same meaning as before.
    const tabbed = text.charCodeAt(0) === 0x09;
    if (this.inSample && tabbed && this.sink.takeKnownFrameLine?.(text, lineNo)) return;
    if (splitFrameLine(text, 0, this.frameText)) {
      if (this.inSample) this.sink.frame(this.frameText, lineNo, tabbed ? text : undefined);
      else this.warn(lineNo, 'call-chain line outside a sample (no header line before it); skipped');
      return;
    }

    this.warn(lineNo, `unrecognized line, skipped: ${preview(text)}`);
  }

  private openSample(h: PerfHeader, text: string, lineNo: number): void {
    this.inSample = true;
    this.sink.header(h, lineNo, text);
    // A sample without call chain: its one frame is on the header line and no
    // blank line follows. (Tracepoint arguments there are not a frame, and
    // such a sample may still have a call chain below.)
    if (h.inlineFrameAt >= 0 && splitFrameLine(text, h.inlineFrameAt, this.frameText)) {
      this.sink.frame(this.frameText, lineNo);
      this.inSample = false;
      this.sink.sampleEnd(lineNo);
    }
  }
}

function preview(text: string): string {
  const t = text.length > 120 ? text.slice(0, 120) + '…' : text;
  return JSON.stringify(t);
}
