// What one line of `perf script` text is: the pure recognizers behind the
// state machine in scriptMachine.ts. Nothing here keeps state. Each runs in
// time linear in the line (no regex that can backtrack without bound), so
// garbage input cannot stall the reader.
//
// Whitespace is spelled out as perl's \s on bytes ([\t\n\v\f\r ]): JS's \s
// also matches U+00A0 and U+FEFF, which stackcollapse-perf.pl does not.

const WS = '[\\t\\n\\v\\f\\r ]';
const NWS = '[^\\t\\n\\v\\f\\r ]';

/** The parts of a call-chain line, as printed. */
export interface FrameText {
  /** Hex as printed, "" when the line has none. */
  addr: string;
  /** The symbol without its trailing `+0x…`; "" when perf printed none. Perl keeps trailing blanks here, and so does this. */
  symbol: string;
  /** The hex digits of a `+0x…` offset, else undefined. */
  offsetHex: string | undefined;
  /** The text in the parentheses that end the line: a path, "[kernel.kallsyms]", "[unknown]", "inlined". */
  dso: string;
}

/** The fields of a sample's first line, as text. */
export interface PerfHeader {
  /** As printed, inner spaces kept; "" when perf printed none. */
  comm: string;
  /** The first number after comm: the TID when perf printed one number, the PID of `pid/tid`. */
  firstId: string;
  /** The number after the slash of `pid/tid`, else undefined. */
  secondId: string | undefined;
  /**
   * The event as stackcollapse-perf.pl finds it: only when the line ends with
   * `: [period] event:` (so "java 19983 cycles:", which has no colon before, has none).
   * Its event filter uses exactly this.
   */
  event: string | undefined;
  /** The period printed before that event, else undefined. */
  period: string | undefined;
  /** A best-effort event name for display: `event`, else the last `word:` of the line; "" if none. */
  eventName: string;
  /** Where a one-line sample's frame starts (perf prints ip/sym/dso on the header line without call graphs), else -1. */
  inlineFrameAt: number;
}

// Headers that perl cannot see, because they start with blanks: perf prints
// comm as %16s without call graphs, and an empty comm leaves just the space:
//          seed-demo  8541   424.401167:    1003009 cpu-clock:ppp:  ffffffff822039eb _raw_spin_unlock+0xb ([kernel.kallsyms])
//    3053   144.106948:    1003009 cpu-clock:ppp:
// A timestamp is required so that no frame line can pass for one. Run sticky
// after the leading blanks; every run is bounded, so garbage costs little.
const PADDED_HEADER = new RegExp(
  `(?:(${NWS}.{0,62}?)${WS}{1,64})?(\\d{1,20})(?:\\/(\\d{1,20}))?${WS}{1,64}(?:\\[\\d{1,6}\\]${WS}{1,64})?\\d{1,20}\\.\\d{1,20}:${WS}{1,64}(?:(\\d{1,20})${WS}{1,64})?(${NWS}{1,256}?):(?=${WS}|$)`,
  'sy',
);

function isWs(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** True when the line starts with whitespace (frame lines, padded headers). */
export function startsWithSpace(line: string): boolean {
  return line.length > 0 && isWs(line.charCodeAt(0));
}

/** Padded headers start with a space; perf indents call-chain lines with a tab. */
export function mayBePaddedHeader(line: string): boolean {
  return line.charCodeAt(0) === 0x20;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * A header that starts with a non-blank, by stackcollapse-perf.pl's rule:
 *   /^(\S.+?)\s+(\d+)\/*(\d+)*\s+/
 *   seed-demo  3053   144.106948:    1003009 cpu-clock:ppp:
 *   iperf 27409/28744 [000] 441995.133575: cpu-clock:
 *   java 19983 cycles:
 *   V8 WorkerThread 24636/25607 [000] 94564.109216: cycles:
 * comm is the shortest text (two characters at least) before
 * `<blanks><digits>[/…][<digits>]<blank>`. Done by hand in one pass: that
 * regex backtracks exponentially in V8 on a long run of digits.
 */
export function parsePerlHeader(line: string): PerfHeader | null {
  const n = line.length;
  if (n < 4 || isWs(line.charCodeAt(0))) return null;
  for (let e = 2; e < n; e++) {
    if (!isWs(line.charCodeAt(e))) continue;
    // Within one run of blanks only the first place can start the match.
    if (e > 2 && isWs(line.charCodeAt(e - 1))) continue;
    let q = e;
    while (q < n && isWs(line.charCodeAt(q))) q++;
    let r = q;
    while (r < n && isDigit(line.charCodeAt(r))) r++;
    if (r === q) continue;
    let s = r;
    while (s < n && line.charCodeAt(s) === 0x2f /* / */) s++;
    let t = s;
    while (t < n && isDigit(line.charCodeAt(t))) t++;
    if (t < n && isWs(line.charCodeAt(t))) {
      const ev = perlEvent(line);
      return {
        comm: line.slice(0, e),
        firstId: line.slice(q, r),
        secondId: t > s ? line.slice(s, t) : undefined,
        event: ev?.event,
        period: ev?.period,
        eventName: ev?.event ?? lastWordEvent(line),
        inlineFrameAt: -1,
      };
    }
    e = t - 1;
  }
  return null;
}

/**
 * stackcollapse-perf.pl's event: /:\s*(\d+)*\s+(\S+):\s*$/, as in
 * `1410597.984841: instructions: ` or `666709.771979:   10101010 cpu-clock: `.
 * The line must end with "<blank><event>:", preceded by ":<blanks>[period]<blanks>";
 * read backwards from the end, in one pass.
 */
function perlEvent(line: string): { event: string; period: string | undefined } | null {
  let last = line.length - 1;
  while (last >= 0 && isWs(line.charCodeAt(last))) last--;
  if (last < 0 || line.charCodeAt(last) !== 0x3a /* : */) return null;
  let a = last;
  while (a > 0 && !isWs(line.charCodeAt(a - 1))) a--;
  if (a === last || a === 0) return null;
  let k = a;
  while (k > 0 && isWs(line.charCodeAt(k - 1))) k--;
  let d = k;
  while (d > 0 && isDigit(line.charCodeAt(d - 1))) d--;
  let w = d;
  if (d < k) while (w > 0 && isWs(line.charCodeAt(w - 1))) w--;
  if (w === 0 || line.charCodeAt(w - 1) !== 0x3a) return null;
  return { event: line.slice(a, last), period: d < k ? line.slice(d, k) : undefined };
}

/** For display only: "func_ab 15294 cpu-clock: " names its event too (the last "<blank>word:"). */
function lastWordEvent(line: string): string {
  let last = line.length - 1;
  while (last >= 0 && isWs(line.charCodeAt(last))) last--;
  if (last < 0 || line.charCodeAt(last) !== 0x3a) return '';
  let a = last;
  while (a > 0 && !isWs(line.charCodeAt(a - 1))) a--;
  return a > 0 && a < last ? line.slice(a, last) : '';
}

/** A header that starts with blanks (padded or empty comm); see PADDED_HEADER. */
export function parsePaddedHeader(line: string): PerfHeader | null {
  // Cheap guard: every such header has "<time>: ", few frame lines have ": ".
  if (line.indexOf(': ') < 0) return null;
  let i = 0;
  while (i < line.length && isWs(line.charCodeAt(i))) i++;
  PADDED_HEADER.lastIndex = i;
  const m = PADDED_HEADER.exec(line);
  if (!m) return null;
  let rest = m.index + m[0].length;
  while (rest < line.length && isWs(line.charCodeAt(rest))) rest++;
  return {
    comm: m[1] ?? '',
    firstId: m[2],
    secondId: m[3],
    event: m[5],
    period: m[4],
    eventName: m[5],
    inlineFrameAt: rest < line.length ? rest : -1,
  };
}

// A call-chain line; the dso is the parenthesized group that ends the line:
//   `\t          ffffffff8158e3ff next_uptodate_folio+0xdf ([kernel.kallsyms])`
//   `\t           132d1 seed_demo::process_data+0x81 (/path with spaces/seed-demo)`
//   `\t           136e7 seed_demo::prepare+0x3c7 (inlined)`
//   `\t    7f1e2215d058  (/lib/x86_64-linux-gnu/libc-2.15.so)`      (no symbol)
//   `ffffffff8103d0ca native_write_msr_safe ([kernel.kallsyms])`   (no leading tab)
//   `\t    7f1e2162ad6f StealTask::do_it(GCTaskManager*, unsigned int) (/mnt/…/libjvm.so)`
// The offset is only taken right before " (", as perl's s/\+0x[\da-f]+$// on
// its $rawfunc. One regex: V8 runs it about twice as fast as a charCodeAt loop.
// It is sticky, started after the leading blanks, and the address with its
// blanks is atomic ((?=(x))\1): with backtracking there, a long line that
// fails would cost time quadratic in its length. When those blanks take the
// one before "(", there is no symbol.
const FRAME = new RegExp(`(?:(?=([0-9a-fA-F]+)(${WS}+))\\1\\2)?(?:(.*?)(?:\\+0x([0-9a-f]+))? )?\\(([^()]*)\\)${WS}*$`, 'sy');
const OFFSET = /\+0x([0-9a-f]+)$/;
const FRAME_HEAD = new RegExp(`^${WS}*(?:([0-9a-fA-F]+)${WS}+)?`);

/**
 * Splits a call-chain line (from `from` on). The address is a leading hex
 * word followed by a blank; without one the symbol starts there. A dso that
 * holds parentheses itself is matched by balance from the end.
 * Text after the dso's parentheses is ignored, as stackcollapse-perf.pl's unanchored regex ignores it.
 * Fills `out` (reused from line to line); false when the line holds no ` (dso)`.
 */
export function splitFrameLine(line: string, from: number, out: FrameText): boolean {
  let i = from;
  while (i < line.length && isWs(line.charCodeAt(i))) i++;
  FRAME.lastIndex = i;
  const m = FRAME.exec(line);
  if (!m) {
    const rest = i > 0 ? line.slice(i) : line;
    return splitNestedDso(rest, out) || splitTrailingText(rest, out);
  }
  out.addr = m[1] ?? '';
  out.symbol = m[3] ?? '';
  out.offsetHex = m[4];
  out.dso = m[5];
  return true;
}

export function newFrameText(): FrameText {
  return { addr: '', symbol: '', offsetHex: undefined, dso: '' };
}

/** The slow path: "(/lib/x.so (deleted))" and other dsos with parentheses. */
function splitNestedDso(line: string, out: FrameText): boolean {
  let end = line.length;
  while (end > 0 && isWs(line.charCodeAt(end - 1))) end--;
  if (line.charCodeAt(end - 1) !== 0x29 /* ) */) return false;
  let open = -1;
  let depth = 0;
  for (let j = end - 1; j >= 0; j--) {
    const c = line.charCodeAt(j);
    if (c === 0x29) depth++;
    else if (c === 0x28 /* ( */ && --depth === 0) {
      open = j;
      break;
    }
  }
  // Unbalanced, or not preceded by a space: the last " (" then.
  if (open < 1 || line.charCodeAt(open - 1) !== 0x20) open = line.lastIndexOf(' (', end - 2) + 1;
  if (open < 1) return false;
  fillFrame(line, open, end - 1, out);
  return true;
}

/**
 * A frame line with text after its dso: `\t 132d1 main+0x81 (/bin/prog) extra`. stackcollapse-perf.pl's
 * /^\s*(\w+)\s*(.+) \((\S*)\)/ is not anchored at the end: its greedy (.+) takes the last ` (` whose
 * blank-free run holds a `)`, the dso ending at the run's last `)`. Runs of different candidates do not
 * overlap (each ends at the blank of the next ` (`), so this is linear in the line.
 */
function splitTrailingText(line: string, out: FrameText): boolean {
  for (let p = line.lastIndexOf(' ('); p > 0; p = line.lastIndexOf(' (', p - 1)) {
    let close = -1;
    for (let j = p + 2; j < line.length && !isWs(line.charCodeAt(j)); j++) if (line.charCodeAt(j) === 0x29 /* ) */) close = j;
    if (close >= 0) {
      fillFrame(line, p + 1, close, out);
      return true;
    }
  }
  return false;
}

/** Fills `out` from a frame line whose dso lies between the parentheses at `open` and `close`. */
function fillFrame(line: string, open: number, close: number, out: FrameText): void {
  const head = FRAME_HEAD.exec(line.slice(0, open))!;
  // The blank before "(" may have been taken by `head` when there is no symbol.
  let symbol = head[0].length < open - 1 ? line.slice(head[0].length, open - 1) : '';
  const off = OFFSET.exec(symbol);
  if (off) symbol = symbol.slice(0, off.index);
  out.addr = head[1] ?? '';
  out.symbol = symbol;
  out.offsetHex = off?.[1];
  out.dso = line.slice(open + 1, close);
}
