// Checks the header of each message on stdin before vscode-jsonrpc reads it:
// vscode-jsonrpc skips a header it cannot use and then waits, deaf, for a
// message that never comes (`Content-Length: abc`), reads `-5` as a length, and
// waits forever for the body of `Content-Length: 99999999999`. Here a header
// must be `Name: value` lines with a Content-Length of digits up to
// MAX_MESSAGE_BYTES; anything else fails the stream, which ends the connection.
// The bytes pass through unchanged.

import { Transform, TransformCallback } from 'node:stream';

/**
 * The largest message: far above any document worth parsing (the server skips documents over
 * 2,000,000 characters, but must still read them to know), under V8's 512 MB string limit.
 */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/** A header is a line or two; more is no LSP client. */
const MAX_HEADER_BYTES = 8 * 1024;

export class HeaderCheck extends Transform {
  private header = Buffer.alloc(0);
  /** Body bytes still to pass before the next header, or -1 while reading a header. */
  private bodyLeft = -1;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let rest = chunk;
    while (rest.length > 0) {
      if (this.bodyLeft >= 0) {
        const body = rest.subarray(0, this.bodyLeft);
        this.push(body);
        this.bodyLeft -= body.length;
        rest = rest.subarray(body.length);
        if (this.bodyLeft === 0) this.bodyLeft = -1;
        continue;
      }
      this.header = Buffer.concat([this.header, rest]);
      const end = this.header.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.header.length > MAX_HEADER_BYTES) return done(new Error(`a header longer than ${MAX_HEADER_BYTES} bytes`));
        return done();
      }
      const problem = headerProblem(this.header.subarray(0, end).toString('ascii'));
      if (typeof problem === 'string') return done(new Error(problem));
      this.push(this.header.subarray(0, end + 4));
      rest = this.header.subarray(end + 4);
      this.header = Buffer.alloc(0);
      this.bodyLeft = problem.length;
      if (this.bodyLeft === 0) this.bodyLeft = -1;
    }
    done();
  }
}

/** The body length a header announces, or what is wrong with it. */
function headerProblem(header: string): { length: number } | string {
  let length: number | null = null;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `header line "${line.slice(0, 80)}" is not "Name: value"`;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,10}$/.test(value)) return `Content-Length "${value.slice(0, 80)}" is not a number of bytes`;
    length = Number(value);
    if (length > MAX_MESSAGE_BYTES) return `Content-Length ${length} is over the ${MAX_MESSAGE_BYTES / (1024 * 1024)} MB a message may be`;
  }
  return length === null ? 'no Content-Length' : { length };
}
