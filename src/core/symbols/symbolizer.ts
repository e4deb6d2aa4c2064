// Turns perf's frames (dso + printed address + perf's symbol) into source
// frames: inlined functions become frames of their own, each with its own
// file:line, names are demangled without hashes. Each distinct (binary,
// address) is resolved once, by one symbolizer process per binary, and only
// for binaries that have a DWARF line table: elsewhere perf's symbol is all
// there is to know, and asking costs seconds (3.1 s for libLLVM's 3,850 addresses).

import { existsSync, promises as fs } from 'node:fs';
import { PerfFrame } from '../perf/scriptTypes';
import { Addr2lineResolver, SourceFrame } from './addr2line';
import { chooseSymbolizer, SymbolizerTool } from './symbolizerTool';
import { readElfInfo, ElfInfo, fileOffsetToVaddr } from '../elf/elfFile';
import { displaySymbolName } from './demangle';
import { Reporter } from '../errors';
import { RecordedBuildIds, buildIdCacheDir, cachedBinaryPath } from '../perf/buildIds';
import { crateOfName, fileKind, STD_CRATES } from '../../model/classify';
import type { SymbolicFrame } from '../../model/profileTypes';
export type { SymbolicFrame };

interface BinaryState {
  elf: ElfInfo | undefined;
  resolver: Addr2lineResolver | undefined;
}

export interface SymbolizerOptions {
  /** The symbolizer to run (symbolizerTool.ts): auto, gimli, llvm, binutils or a program; default $RUST_FLAMEGRAPH_SYMBOLIZER, else auto. */
  addr2line?: string;
  reporter?: Reporter;
  /** False for text saved on another machine whose binaries are not here. Default true. */
  resolveSourceLines?: boolean;
  /**
   * The build-ids the perf.data was recorded with (perf/buildIds.ts); absent for perf script text, which has
   * none. A promise while `perf buildid-list` still runs beside perf script (for a compressed perf.data it
   * reads the whole file): the first binary looked up waits for it.
   */
  buildIds?: RecordedBuildIds | Promise<RecordedBuildIds>;
  /** perf's build-id cache; default $PERF_BUILDID_DIR, else ~/.debug. */
  buildIdCacheDir?: string;
}

/** A binary rebuilt since the recording, whose recorded build is not in perf's cache either. */
export interface ChangedBinary {
  recorded: string;
  /** The build-id of the file there now; null when it has none. */
  now: string | null;
}

export class Symbolizer {
  private readonly binaries = new Map<string, Promise<BinaryState>>();
  private readonly resolvers: Addr2lineResolver[] = [];
  private readonly writing = new Set<Promise<void>>();
  private tool: Promise<SymbolizerTool> | undefined;
  /** Binaries that had samples but no line table, for the "no debug info" warning. */
  readonly binariesWithoutLines = new Set<string>();
  /** Binaries with samples that were rebuilt since the recording: their frames keep perf's names, without lines. */
  readonly changedBinaries = new Map<string, ChangedBinary>();

  constructor(private readonly opts: SymbolizerOptions = {}) {}

  /**
   * Resolves one perf frame to its inline chain with source lines, innermost
   * first; null when there is nothing to add to perf's own symbol. `isCaller` is true for every frame but the
   * innermost: those addresses are return addresses, and the call
   * instruction (and so the call's line and inline chain) is one byte before.
   */
  symbolize(frame: PerfFrame, isCaller: boolean): Promise<SymbolicFrame[] | null> {
    // closeAll() must not end a resolver's input before this frame's address
    // is written to it, so each call is tracked until it has written (or given up).
    let written!: () => void;
    const writing = new Promise<void>((r) => (written = r));
    this.writing.add(writing);
    void writing.then(() => this.writing.delete(writing));
    const result = this.lookup(frame, isCaller, written);
    void result.finally(written);
    return result;
  }

  private async lookup(frame: PerfFrame, isCaller: boolean, written: () => void): Promise<SymbolicFrame[] | null> {
    const dso = frame.dso;
    if (this.opts.resolveSourceLines === false || !dso.startsWith('/') || frame.inlined || !frame.addr) return null;
    const state = await this.binary(dso);
    if (!state.resolver || !state.elf) return null;
    const printed = Number.parseInt(frame.addr, 16);
    if (!Number.isFinite(printed) || printed <= 0 || printed > Number.MAX_SAFE_INTEGER) return null;
    const vaddr = fileOffsetToVaddr(state.elf, printed) - (isCaller ? 1 : 0);
    const pending = state.resolver.resolve(vaddr);
    written();
    const chain = await pending;
    if (chain.length === 0) return null;
    return chainToFrames(chain, perfOnlyFrame(frame), dso);
  }

  /**
   * Lets every resolver finish its queue and exit; call once no more frames
   * will be asked for. addr2line's last answer is only known to be complete
   * when its output ends, so the resolvers' input must be closed.
   */
  async closeAll(): Promise<void> {
    while (this.writing.size > 0) await Promise.all([...this.writing]);
    for (const r of this.resolvers) r.close();
  }

  killAll(): void {
    for (const r of this.resolvers) r.kill();
  }

  private binary(path: string): Promise<BinaryState> {
    let state = this.binaries.get(path);
    if (!state) {
      state = this.openBinary(path);
      this.binaries.set(path, state);
    }
    return state;
  }

  private async openBinary(path: string): Promise<BinaryState> {
    const chosen = await this.resolveFileFor(path);
    if (!chosen) return { elf: undefined, resolver: undefined };
    const { file, elf } = chosen;
    if (!elf.hasLineTable) {
      this.binariesWithoutLines.add(path);
      return { elf, resolver: undefined };
    }
    // addr2line is given a regular file, named without links: a path in a perf.data (which may come from anyone)
    // never leads it through a link to a device, a FIFO or a folder.
    const real = await regularFile(file);
    if (!real) return { elf, resolver: undefined };
    // Chosen at the first binary with lines: a profile without any never looks for a symbolizer.
    this.tool ??= chooseSymbolizer(this.opts.addr2line, this.opts.reporter);
    const resolver = new Addr2lineResolver(real, await this.tool, this.opts.reporter);
    this.resolvers.push(resolver);
    return { elf, resolver };
  }

  /**
   * The file to read a dso's lines from: the dso itself when its build-id is
   * the recorded one (or nothing was recorded), else perf's cached copy of the
   * recorded build; undefined when neither is the recorded build, for never
   * symbolizing with a binary whose build-id differs.
   */
  async resolveFileFor(dso: string): Promise<{ file: string; elf: ElfInfo } | undefined> {
    const recorded = (await this.opts.buildIds)?.get(dso);
    const elf = existsSync(dso) ? await readElfInfo(dso) : undefined;
    if (!recorded) return elf ? { file: dso, elf } : undefined;
    if (elf?.buildId === recorded) return { file: dso, elf };
    const cached = await cachedBinaryPath(recorded, this.opts.buildIdCacheDir ?? buildIdCacheDir());
    const cachedElf = cached ? await readElfInfo(cached) : undefined;
    if (cached && cachedElf?.buildId === recorded) return { file: cached, elf: cachedElf };
    // A binary that is gone is not "changed": its frames simply keep perf's names, as before.
    if (elf) this.changedBinaries.set(dso, { recorded, now: elf.buildId ?? null });
    return undefined;
  }
}

/** The frame as perf named it, for code without line tables, the kernel, JIT maps. */
export function perfOnlyFrame(frame: PerfFrame): SymbolicFrame {
  return {
    name: frame.symbol ? withoutSymbolVersion(displaySymbolName(frame.symbol)) : '[unknown]',
    file: null,
    line: null,
    inlined: frame.inlined,
    dso: frame.dso || null,
  };
}

/**
 * addr2line's inline chain (innermost first) → frames, innermost first. The
 * outermost function is the ELF symbol perf already named; DWARF sometimes
 * knows only its short name (`process_data`), so perf's full path wins there.
 */
export function chainToFrames(chain: SourceFrame[], fallback: SymbolicFrame, dso: string): SymbolicFrame[] {
  const out: SymbolicFrame[] = [];
  for (let i = 0; i < chain.length; i++) {
    const src = chain[i];
    const outermost = i === chain.length - 1;
    let name: string;
    if (outermost && fallback.name !== '[unknown]') name = fallback.name;
    else if (src.rawName) name = displaySymbolName(src.rawName);
    else name = fallback.name;
    // Line 0 (addr2line's "range.rs:?") is code the compiler attributes to no
    // line; on the outermost frame its file may be that of some inlined std
    // helper, not of the function (seen: seed_demo::process_data "in" core's
    // range.rs): better no file than a wrong one that opens elsewhere. Any
    // other file is kept (seen: rg's SearchWorker::search at `search.rs:?`),
    // so the function is not told apart from its own lines.
    const file = outermost && src.line === undefined && src.file && !ownLineZeroFile(name, src.file) ? null : (src.file ?? null);
    out.push({ name, file, line: src.line ?? null, inlined: !outermost, dso });
  }
  return out;
}

/** `__libc_start_main@@GLIBC_2.34` → `__libc_start_main`: the version is noise in a flamegraph. */
export function withoutSymbolVersion(name: string): string {
  const at = name.indexOf('@');
  return at > 0 && /^@@?[A-Za-z_][\w.]*$/.test(name.slice(at)) ? name.slice(0, at) : name;
}

/** Whether a line-0 file can be the function's own: std's sources hold only std's functions. */
function ownLineZeroFile(name: string, file: string): boolean {
  if (fileKind(file, null) !== 'std') return true;
  const crate = crateOfName(name);
  return crate !== null && STD_CRATES.has(crate);
}

/** The path of `file` with its links resolved when that is a regular file; undefined otherwise. */
async function regularFile(file: string): Promise<string | undefined> {
  try {
    const real = await fs.realpath(file);
    return (await fs.stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}
