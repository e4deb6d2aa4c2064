// Types of the events that the streaming `perf script` parser emits.
// Shared by `collapse` (stackcollapse-perf.pl compatible folding) and by
// `report` (symbolization with addr2line), so both read perf text one way.

/** One call-chain line of a sample, e.g.
 *  `\t           132d1 seed_demo::process_data+0x81 (/home/dev/…/seed-demo)` */
export interface PerfFrame {
  /** The address exactly as perf printed it, lower-case hex without `0x` ("132d1"); "" when absent. */
  addr: string;
  /** The symbol as perf printed it, without the `+0x…` offset ("seed_demo::process_data"); "[unknown]" when unknown. */
  symbol: string;
  /** The `+0x81` offset as a number, or -1 when perf printed none. */
  symOffset: number;
  /** The text inside the trailing parentheses ("/usr/lib/…/libc.so.6", "[kernel.kallsyms]", "[unknown]"); "" when absent
   *  and for `(inlined)` lines (their dso is that of the next non-inlined frame, which has the same addr). */
  dso: string;
  /** True for lines perf marks as `(inlined)` (perf's own inline expansion, only in text saved without --no-inline). */
  inlined: boolean;
}

/** One sample: the header line and its call chain, leaf first. */
export interface PerfSample {
  /** Process/thread name (perf's `comm`), may contain spaces. */
  comm: string;
  /** -1 when the header has none (perf's default prints one number after comm: the TID). */
  pid: number;
  /** -1 when the header has none. */
  tid: number;
  /** Event name without its trailing colon, modifiers kept, e.g. "cpu-clock:ppp", "cycles:u", "page-faults". "" when absent. */
  event: string;
  /** Sample period when printed (perf 6.1 prints it by default), else 1. */
  period: number;
  /** Call chain, innermost (leaf) frame first. A sample without call chain has its one ip line here, or none. */
  frames: PerfFrame[];
}

export interface PerfScriptWarning {
  /** 1-based line number in the input. */
  line: number;
  message: string;
}
