// Bytes in, lines out, for text that arrives in chunks of any size: the one
// streaming line splitter (perf script, addr2line, every program run() starts).
// UTF-8 is decoded by a StringDecoder, which keeps a character cut between two
// chunks whole and turns bytes that are not UTF-8 into U+FFFD; a byte 0x0A
// can never be part of a multi-byte sequence, so splitting the decoded text
// at '\n' is the same as splitting the bytes. A trailing '\r' is dropped
// (CRLF text). Lines longer than `maxLineLength` are skipped whole, so one
// endless line cannot take all memory.

import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

export interface LineSink {
  line(text: string, lineNo: number): void;
  /** A line too long to keep (its number); it is not passed to line(). */
  longLine(lineNo: number, length: number): void;
  /** The first line that holds U+FFFD, which is what bytes that are not UTF-8 decode to. Told once. */
  replacementChar(lineNo: number): void;
}

export const DEFAULT_MAX_LINE_LENGTH = 4 * 1024 * 1024;

/** A splitter that only wants the lines (a program's output): lines too long to keep are left out. */
export function lineSplitter(onLine: (line: string) => void, maxLineLength = DEFAULT_MAX_LINE_LENGTH): LineSplitter {
  return new LineSplitter({ line: onLine, longLine() {}, replacementChar() {} }, maxLineLength);
}

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  /** The start of a line whose end has not arrived yet, in pieces. */
  private partial: string[] = [];
  private partialLength = 0;
  private lineNo = 0;
  private sawReplacementChar = false;
  /** No bytes of a character cut between chunks can be waiting in the decoder (the last chunk was ASCII). */
  private decoderEmpty = true;

  constructor(
    private readonly sink: LineSink,
    private readonly maxLineLength = DEFAULT_MAX_LINE_LENGTH,
  ) {}

  get linesRead(): number {
    return this.lineNo;
  }

  write(chunk: Buffer | string): void {
    if (typeof chunk === 'string') {
      // A string after bytes: whatever bytes were pending come first.
      const pending = this.decoder.end();
      if (pending) this.feed(pending);
      this.feed(chunk);
    } else if (this.decoderEmpty && isAscii(chunk)) {
      // ASCII is its own UTF-8: latin1 reads it the same, at a third of the decoder's cost.
      this.feed(chunk.toString('latin1'));
    } else {
      this.feed(this.decoder.write(chunk));
      // A non-empty ASCII chunk ends whatever the decoder held; an empty one leaves it holding the same bytes.
      if (chunk.length > 0) this.decoderEmpty = isAscii(chunk);
    }
  }

  /** Flushes the last line when the text does not end with a newline. */
  end(): void {
    const pending = this.decoder.end();
    if (pending) this.feed(pending);
    if (this.partialLength > 0 || this.partial.length > 0) this.emit('');
  }

  private feed(text: string): void {
    // One scan per chunk, not per line.
    let bad = this.sawReplacementChar ? -1 : text.indexOf('\uFFFD');
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      if (bad >= 0 && bad < nl) {
        bad = -1;
        this.sawReplacementChar = true;
        this.sink.replacementChar(this.lineNo + 1);
      }
      this.emit(text.slice(start, nl));
      start = nl + 1;
    }
    if (bad >= 0) {
      // In the unfinished last line: it is told with that line's number.
      this.sawReplacementChar = true;
      this.sink.replacementChar(this.lineNo + 1);
    }
    if (start < text.length) {
      const rest = start === 0 ? text : text.slice(start);
      // Past the limit, only the length is kept.
      if (this.partialLength <= this.maxLineLength) this.partial.push(rest);
      this.partialLength += rest.length;
    }
  }

  private emit(tail: string): void {
    this.lineNo++;
    let line = tail;
    if (this.partial.length > 0 || this.partialLength > 0) {
      const length = this.partialLength + tail.length;
      const tooLong = length > this.maxLineLength;
      if (!tooLong) line = this.partial.join('') + tail;
      this.partial = [];
      this.partialLength = 0;
      if (tooLong) {
        this.sink.longLine(this.lineNo, length);
        return;
      }
    } else if (tail.length > this.maxLineLength) {
      this.sink.longLine(this.lineNo, tail.length);
      return;
    }
    if (line.length > 0 && line.charCodeAt(line.length - 1) === 0x0d) line = line.slice(0, -1);
    this.sink.line(line, this.lineNo);
  }
}
