// One long-lived symbolizer process per binary (./symbolizerTool.ts chooses
// which: the gimli addr2line, llvm-symbolizer or binutils' addr2line): every
// distinct address is written to its stdin once, and the answers are read
// back as they come. Starting a resolver per address, or letting perf resolve
// lines itself, costs minutes on real programs (`perf script` with its own
// inline expansion took 525 s on a profile of rustc; one addr2line per library
// answered in 0.7 s). Addresses are written in batches, one write per turn of
// the event loop (or per 64 KB): one write per address cost 0.9-1.3 s of
// 1.03 M frame lines on a real recording.
//
// Each answer is a block that starts with the address (symbolizerArgs makes
// each tool print this form):
//   0x00000000000142d1                                        <- llvm-symbolizer: 0x142d1
//   _ZN4core3num21_$LT$impl$u20$u64$GT$12wrapping_mul17h…E   <- innermost (inlined) function
//   /rustc/…/library/core/src/num/uint_macros.rs:1182
//   _ZN9seed_demo12process_data17h3ddab0447ddae697E          <- the function it was inlined into
//   /home/dev/seed-demo/src/main.rs:10 (discriminator 2)
// `??` stands for an unknown function, `??:0` for an unknown line (binutils
// also prints `file:?`, llvm-symbolizer `file:0`). What is hand-written here is
// only the reading of this line-per-field output: a few string splits, not
// worth a dependency, and no npm package we know of reads this streamed form.

import { ChildProcess } from 'node:child_process';
import { spawnChild, killTree } from '../proc/run';
import { Reporter } from '../errors';
import { lineSplitter } from '../io/lineSplitter';
import { SymbolizerTool, programTool, symbolizerArgs } from './symbolizerTool';

/** A batch is written once it holds this much, without waiting for the turn of the event loop to end. */
const BATCH_BYTES = 64 * 1024;

/** One function of an address's inline chain, with the line executing in it. */
export interface SourceFrame {
  /** Mangled or plain name as in DWARF; undefined when addr2line did not know it. */
  rawName: string | undefined;
  file: string | undefined;
  line: number | undefined;
}

interface Pending {
  resolve: (frames: SourceFrame[]) => void;
}

export class Addr2lineResolver {
  private child: ChildProcess | undefined;
  private readonly queue: Pending[] = [];
  private readonly blocks = new BlockReader((lines) => this.queue.shift()?.resolve(parseBlock(lines)));
  private failed = false;
  /** Addresses not yet written, and whether a write is scheduled for them. */
  private batch = '';
  private flushScheduled = false;
  private readonly tool: SymbolizerTool;

  constructor(
    private readonly binary: string,
    tool: SymbolizerTool | string = 'addr2line',
    private readonly reporter?: Reporter,
  ) {
    this.tool = typeof tool === 'string' ? programTool(tool) : tool;
  }

  /** Resolves an ELF virtual address to its inline chain, innermost first; [] when unknown. */
  resolve(vaddr: number): Promise<SourceFrame[]> {
    if (this.failed) return Promise.resolve([]);
    let child: ChildProcess;
    try {
      child = this.start();
    } catch (e) {
      // Refused by the spawn rule of an untrusted workspace (proc/spawnPolicy.ts): no source lines, the profile still opens.
      this.reporter?.warn(`${(e as Error).message} Source lines of ${this.binary} are left out.`);
      this.failAll();
      return Promise.resolve([]);
    }
    return new Promise((resolve) => {
      this.queue.push({ resolve });
      this.batch += `0x${vaddr.toString(16)}\n`;
      if (this.batch.length >= BATCH_BYTES) this.flush(child);
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush(child));
      }
    });
  }

  /** No more addresses: lets the symbolizer finish the outstanding ones and exit. */
  close(): void {
    if (!this.child) return;
    this.flush(this.child);
    this.child.stdin?.end();
  }

  kill(): void {
    this.batch = '';
    if (this.child) killTree(this.child, 0);
    this.failAll();
  }

  private flush(child: ChildProcess): void {
    this.flushScheduled = false;
    if (this.batch === '') return;
    const text = this.batch;
    this.batch = '';
    // After a failure (the queue answered []) or the end of input, nothing more is read.
    if (this.failed || child.stdin?.writableEnded) return;
    child.stdin?.write(text);
  }

  private start(): ChildProcess {
    if (this.child) return this.child;
    const program = this.tool.program;
    const args = symbolizerArgs(this.tool, this.binary);
    this.reporter?.command?.(program, args);
    const child = spawnChild(program, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    this.child = child;
    const lines = lineSplitter((line) => this.blocks.line(line));
    child.stdout!.on('data', (chunk: Buffer) => lines.write(chunk));
    child.stdin!.on('error', () => this.failAll());
    child.on('error', (e) => {
      this.reporter?.warn(
        `Could not run ${program} (${e.message}); source lines of ${this.binary} are left out. Install binutils to get them.`,
      );
      this.failAll();
    });
    child.on('close', () => {
      lines.end();
      this.blocks.end();
      this.failAll();
    });
    return child;
  }

  private failAll(): void {
    this.failed = true;
    for (const p of this.queue.splice(0)) p.resolve([]);
  }
}

/**
 * A symbolizer's output → one answer per address, in the order asked: an answer starts at its `0x` line and
 * is complete at the next one, or at the end of the output (the last one).
 */
export class BlockReader {
  private current: string[] | undefined;

  constructor(private readonly onBlock: (lines: string[]) => void) {}

  line(line: string): void {
    if (line.startsWith('0x')) {
      this.end();
      this.current = [];
    } else if (this.current && line !== '') {
      this.current.push(line);
    }
  }

  /** The output ended: its last block is complete. */
  end(): void {
    if (!this.current) return;
    const lines = this.current;
    this.current = undefined;
    this.onBlock(lines);
  }
}

/**
 * Pairs of (function, file:line) lines, innermost first. One function without any source is no answer:
 * that is binutils falling back to the ELF symbol table where DWARF knows nothing (the codegen unit for a
 * file, `crate.hash-cgu.0:?`), even past the symbol's end (seen: ripgrep's 0x2ee64e, 7 bytes after a
 * 0x17-byte `Deferred::new::call`, where perf said [unknown]). The other symbolizers answer `??` there, and
 * perf's own symbol, which knows symbol sizes, is the better name either way.
 */
export function parseBlock(lines: readonly string[]): SourceFrame[] {
  const frames: SourceFrame[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const name = lines[i] === '??' ? undefined : lines[i];
    const { file, line } = parseLocation(lines[i + 1]);
    if (name === undefined && file === undefined) continue;
    frames.push({ rawName: name, file, line });
  }
  if (frames.length === 1 && frames[0].file === undefined && frames[0].line === undefined) return [];
  return frames;
}

/** `/a b/main.rs:10 (discriminator 2)` → file and line; `??:0` and `??:?` → nothing. */
export function parseLocation(text: string): { file: string | undefined; line: number | undefined } {
  let s = text;
  const disc = s.indexOf(' (discriminator ');
  if (disc >= 0) s = s.slice(0, disc);
  const colon = s.lastIndexOf(':');
  if (colon < 0) return { file: undefined, line: undefined };
  const file = s.slice(0, colon);
  const line = Number.parseInt(s.slice(colon + 1), 10);
  if (file === '??' || file === '') return { file: undefined, line: undefined };
  const known = Number.isFinite(line) && line > 0;
  // Code built with `-C debuginfo=0` next to std's line tables: addr2line names the
  // codegen unit ("demo.938c99e368b39e51-cgu.0:?"), which is no source file.
  if (!known && !file.includes('/')) return { file: undefined, line: undefined };
  return { file, line: known ? line : undefined };
}
