// Folds `perf script` text into "root;…;leaf count" lines exactly as Brendan
// Gregg's stackcollapse-perf.pl does with its default options (or --pid,
// --tid, --addrs), byte for byte on FlameGraph's corpus in test/fixtures/perf-corpus.
// Lines are recognized by the shared state machine (scriptMachine.ts); the
// perl script's variables and their quirks live here:
//   - only the first event seen is folded; other events' headers are skipped
//     WITHOUT clearing $pname or @stack (a skipped header directly after an
//     unfinished sample lets its frames run on into that sample);
//   - a sample counts its period when the header prints one (`perf script`
//     does by default), else 1; a period of "0" also counts 1; sums are
//     exact to 2^64-1 and printed like perl's doubles past that;
//   - with one number after comm, it is the TID and the PID is "?" (also when
//     the second number of `pid/tid` is 0: "swapper-?");
//   - a last sample with no blank line after it is NOT counted;
//   - lines are sorted as perl's `sort { $a cmp $b }`: by bytes.
// Where perl loses data on input it cannot read, this keeps it instead:
// CRLF line ends, dsos with spaces or parentheses, call-chain lines without a
// leading hex address, headers that start with blanks (empty or padded comm)
// and one-line samples without call chain. Bytes that are not UTF-8 become
// U+FFFD instead of passing through.
// Hand-written because the one maintained collapser, inferno (Rust, no npm
// build), is not byte-identical to the perl script (it keeps `Fn<()>` whole
// where perl cuts a name at its first `(`), no maintained JavaScript port
// exists, and running the perl script itself would make perl and the script a
// runtime dependency.

import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
import { PerfScriptWarning } from './scriptTypes';
import { PerfScriptMachine, PerfScriptSink, mayKeepFrameLine } from './scriptMachine';
import { ownCopy } from './scriptParser';
import { FrameText, PerfHeader } from './scriptLines';
import { appendFrameNames, NamesContext } from './collapseNames';
import { PerlCount, addPerlCounts, formatPerlCount, parsePerlCount } from './perlCount';

export interface CollapseOptions {
  /** --pid: the root frame is "comm-pid". */
  pid?: boolean;
  /** --tid: the root frame is "comm-pid/tid". */
  tid?: boolean;
  /** --addrs: `[unknown]` frames carry their address, "[dso <addr>]". */
  addrs?: boolean;
  /** False: every frame line is split, none is looked up (the tests compare both ways). Default true. */
  cacheFrameLines?: boolean;
}

/** Frame lines between two looks at whether the cache of known lines pays. */
const LOOK_BACK = 10_000;

export class PerfCollapser implements PerfScriptSink {
  private readonly machine: PerfScriptMachine;
  private readonly counts = new Map<string, PerlCount>();
  private readonly opts: CollapseOptions;
  private readonly ctx: NamesContext;
  // perl: my @stack; my $pname; my $m_period; my $event_filter
  private readonly stack: string[] = [];
  private pname: string | undefined;
  private period: PerlCount = 1;
  private eventFilter: string | undefined;
  private filterWarned = false;
  /** No byte of the input so far was above 0x7f. */
  private ascii = true;
  /**
   * What each frame line already seen folded to (its names, leaf first), apart for java threads, whose names
   * are tidied otherwise. Real recordings repeat 99% of their frame lines; on text where most are distinct the
   * cache only costs, so it is dropped once it is seen not to pay (see LOOK_BACK).
   */
  private known: [Map<string, string[]>, Map<string, string[]>] | undefined = [new Map(), new Map()];
  private frameLines = 0;

  constructor(opts: CollapseOptions = {}, onWarning?: (w: PerfScriptWarning) => void) {
    this.opts = opts;
    this.ctx = { java: false, addrs: opts.addrs === true };
    if (opts.cacheFrameLines === false) this.known = undefined;
    this.machine = new PerfScriptMachine(this, onWarning);
  }

  write(chunk: Buffer | string): void {
    if (this.ascii && !(typeof chunk === 'string' ? !NON_ASCII.test(chunk) : isAscii(chunk))) this.ascii = false;
    this.machine.write(chunk);
  }

  end(): void {
    this.machine.end();
  }

  get linesRead(): number {
    return this.machine.linesRead;
  }

  /** Distinct folded stacks so far. */
  get size(): number {
    return this.counts.size;
  }

  // "iperf 27409/28744 [000] 441995.133575: cpu-clock: "
  // "dd 29776 666709.771979:   10101010 cpu-clock: "
  header(h: PerfHeader, lineNo: number): void {
    if (h.event !== undefined) {
      if (this.eventFilter === undefined) {
        // By default only show events of the first encountered event type.
        this.eventFilter = h.event;
      } else if (h.event !== this.eventFilter) {
        if (!this.filterWarned) {
          this.filterWarned = true;
          this.machine.warn(lineNo, `samples of event ${h.event} are left out: only ${this.eventFilter}, the first event, is folded`);
        }
        return;
      }
    }
    const p = h.period;
    // if (not $period) { $period = 1 }
    this.period = p === undefined || p === '0' ? 1 : parsePerlCount(p);

    let pid = h.firstId;
    let tid = h.secondId;
    if (tid === undefined || tid === '0') {
      tid = pid;
      pid = '?';
    }
    let pname = this.opts.tid ? `${h.comm}-${pid}/${tid}` : this.opts.pid ? `${h.comm}-${pid}` : h.comm;
    if (pname.indexOf(' ') >= 0) pname = pname.replaceAll(' ', '_');
    this.pname = pname;
    this.ctx.java = pname.startsWith('java');
  }

  // "\t           132d1 seed_demo::process_data+0x81 (/home/dev/…/seed-demo)"
  // "\t               0 [unknown] ([unknown])"
  frame(f: FrameText, _lineNo: number, text?: string): void {
    // ignore filtered samples
    if (this.pname === undefined) return;
    // Perl's $rawfunc, (.+), is never empty: a line with no symbol gives " ".
    // One that was only an offset is "" once stripped, and split of "" adds nothing.
    const raw = f.symbol !== '' ? f.symbol : f.offsetHex === undefined ? ' ' : '';
    const from = this.stack.length;
    if (raw !== '') appendFrameNames(raw, f, this.ctx, this.stack);
    if (this.known && text !== undefined) {
      const known = this.known[this.ctx.java ? 1 : 0];
      // Copies: the line and its names are slices of a 64 KB chunk, which they would keep alive.
      if (mayKeepFrameLine(text, this.known[0].size + this.known[1].size)) known.set(ownCopy(text), this.stack.slice(from).map(ownCopy));
      this.dropCacheUnlessItPays();
    }
  }

  // A frame line seen before (a whole line, so it means what it meant then): its names without splitting it.
  takeKnownFrameLine(text: string): boolean {
    if (!this.known) return false;
    const names = this.known[this.ctx.java ? 1 : 0].get(text);
    if (names === undefined) return false;
    this.frameLines++;
    if (this.pname !== undefined) for (const n of names) this.stack.push(n);
    return true;
  }

  private dropCacheUnlessItPays(): void {
    const known = this.known!;
    const distinct = known[0].size + known[1].size;
    this.frameLines++;
    // Looked at every LOOK_BACK lines: more than half of them new, and the cache goes.
    if (this.frameLines % LOOK_BACK === 0 && distinct * 2 > this.frameLines) this.known = undefined;
  }

  // The blank line after a sample.
  sampleEnd(): void {
    // perl: next if not $pname;  (and @stack is kept)
    if (this.pname === undefined) return;
    // join(";", @stack) with the comm first; one flat string, ready to hash.
    const st = this.stack;
    st.push(this.pname);
    st.reverse();
    const key = st.join(';');
    st.length = 0;
    this.pname = undefined;
    this.add(key, this.period);
  }

  finish(_sampleOpen: boolean, lineNo: number): void {
    if (this.pname !== undefined) {
      this.machine.warn(lineNo, 'the last sample has no blank line after it and is left out, as stackcollapse-perf.pl does');
    }
  }

  /** "stack count" lines, sorted by bytes like perl's `sort keys`. */
  toFoldedLines(): string[] {
    const text = this.toFoldedText();
    return text === '' ? [] : text.slice(0, -1).split('\n');
  }

  /** The whole output of stackcollapse-perf.pl, with its trailing newline ("" when nothing was folded). */
  toFoldedText(): string {
    return Buffer.concat([...this.foldedPieces()]).toString();
  }

  /**
   * The same output as UTF-8 in pieces of about `pieceBytes`, for writing: no one string of the whole
   * output is made, and sorting the keys' bytes is perl's `sort keys` as it is (no care for UTF-16).
   */
  *foldedPieces(pieceBytes = 1 << 20): Generator<Buffer> {
    // ASCII input (nearly all): a key is its own bytes, and JS's sort of UTF-16 units is a sort of bytes.
    const ascii = this.ascii;
    const keys = ascii ? [...this.counts.keys()].sort() : sortByBytes([...this.counts.keys()]);
    let piece = Buffer.allocUnsafe(pieceBytes);
    let at = 0;
    for (const k of keys) {
      const key = ascii ? k : Buffer.from(k);
      const count = formatPerlCount(this.counts.get(k)!);
      const need = key.length + count.length + 2;
      if (at + need > piece.length) {
        if (at > 0) yield piece.subarray(0, at);
        piece = Buffer.allocUnsafe(Math.max(pieceBytes, need));
        at = 0;
      }
      at += typeof key === 'string' ? piece.write(key, at, 'latin1') : key.copy(piece, at);
      piece[at++] = 0x20;
      at += piece.write(count, at, 'latin1');
      piece[at++] = 0x0a;
    }
    if (at > 0) yield piece.subarray(0, at);
  }

  private add(key: string, n: PerlCount): void {
    const c = this.counts.get(key);
    if (typeof n === 'number' && (c === undefined || typeof c === 'number')) {
      const sum = (c ?? 0) + n;
      if (sum <= Number.MAX_SAFE_INTEGER) {
        this.counts.set(key, sum);
        return;
      }
    }
    this.counts.set(key, addPerlCounts(c ?? 0, n));
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Perl's `sort keys`: by UTF-8 bytes (JS's own sort puts code points above U+FFFF before U+E000–U+FFFF). */
function sortByBytes(keys: string[]): string[] {
  const bytes = new Map(keys.map((k) => [k, Buffer.from(k)]));
  return keys.sort((a, b) => Buffer.compare(bytes.get(a)!, bytes.get(b)!));
}

/** Reads a whole stream and returns stackcollapse-perf.pl's output for it. */
export async function collapsePerfScript(
  input: NodeJS.ReadableStream,
  opts: CollapseOptions = {},
  onWarning?: (w: PerfScriptWarning) => void,
  signal?: AbortSignal,
): Promise<string> {
  const collapser = new PerfCollapser(opts, onWarning);
  for await (const chunk of input) {
    // A cancel ends the reading at once, not after the rest of a big file.
    if (signal?.aborted) {
      (input as Partial<Readable>).destroy?.();
      signal.throwIfAborted();
    }
    collapser.write(chunk as Buffer | string);
  }
  collapser.end();
  return collapser.toFoldedText();
}
