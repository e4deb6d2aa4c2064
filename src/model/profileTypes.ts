// The profile model: flat, pure data (no classes, no `vscode`), written as
// `profile.json` and read by the extension, the language server and the CLI.
// The call tree is stored column-wise (one array per field, indexed by node
// id) because real profiles reach 200k nodes and objects per node cost 5-10x
// the memory once parsed.

import type { Diagnostic } from './diagnostics';

export const PROFILE_SCHEMA_VERSION = 1;

/** Where a frame's code comes from: decides its colour and whether it opens. */
export type FrameKind =
  | 'root' // the synthetic "all" node
  | 'process' // the process/thread name, the root frame of each stack (as stackcollapse-perf.pl does)
  | 'user' // code of the profiled workspace
  | 'dependency' // crates from a registry or git (~/.cargo/registry, ~/.cargo/git, vendor)
  | 'std' // Rust's standard library (core, alloc, std, …)
  | 'system' // native libraries without Rust source (libc, ld.so, …)
  | 'kernel'
  | 'unknown';

/** One distinct function frame (a name at a source file). */
export interface FrameInfo {
  /** Demangled Rust path without hash, e.g. `seed_demo::process_data`. */
  name: string;
  /** Absolute source path of the function (for std: the `/rustc/<hash>/library/…` path), or null. */
  file: string | null;
  /** Hottest line of this function over the whole profile, or null. */
  line: number | null;
  kind: FrameKind;
  /** True when this function was inlined into its caller at every place it was seen. */
  inlined: boolean;
  /** The binary or library it was found in, or null. */
  dso: string | null;
}

/** The call tree: node 0 is the root ("all"); children follow their parents. */
export interface CallTreeColumns {
  /** Parent node id; -1 for the root. */
  parent: number[];
  /** Index into `frames`. */
  frame: number[];
  /** Samples whose innermost frame is this node. */
  self: number[];
  /** Samples that pass through this node. */
  total: number[];
  /** Hottest source line of this frame on this call path (call-site line for callers), or 0 when unknown. */
  line: number[];
}

export interface FunctionStat {
  name: string;
  file: string | null;
  /** The function's hottest line, or null when unknown. */
  line: number | null;
  selfSamples: number;
  /** Samples with this function anywhere on the stack, once per sample even under recursion. */
  totalSamples: number;
  /**
   * "Self with libraries" (your code's self): samples whose innermost user frame is this function, with the
   * std/dependency/system code above it (inlined or called); for a sample without a user frame, its leaf's.
   * Sums to the profile's samples. Absent in profiles written before (readers estimate it from the call tree:
   * ownSelf.ts).
   */
  ownSelfSamples?: number;
  kind: FrameKind;
}

export interface LineStat {
  file: string;
  line: number;
  selfSamples: number;
  totalSamples: number;
  /**
   * "Self with libraries": samples owned (see FunctionStat.ownSelfSamples) by a frame that was at this line in
   * that sample: the line that calls a hot std helper holds its time, a line that only calls your other code
   * does not. Absent in profiles written before.
   */
  ownSelfSamples?: number;
}

export interface ProfileMeta {
  /** The perf event that was sampled, e.g. "cpu-clock" or "cycles". */
  event: string;
  /** Sampling frequency in Hz, when known. */
  frequency: number | null;
  /** "dwarf,32768", "fp", … when known. */
  callGraph: string | null;
  /** The profiled command line, when recorded by us. */
  command: string[] | null;
  /** The workspace root the profile belongs to (decides `user` frames), when known. */
  workspaceRoot: string | null;
  /** ISO time the profile was made. */
  createdAt: string;
  /** Problems worth telling the user about (program exit status, lost samples, no debug info, …), as the terminal words them. */
  warnings: string[];
  /** The same warnings as data (code, fix, commands, setting); absent in profiles written before. Read with `profileDiagnostics`. */
  diagnostics?: Diagnostic[];
  /** What was profiled, as every view titles it (`bin seed-demo`, or the perf.data's name); absent in profiles written before. */
  title?: string;
  /** sha256 (hex) of each source file of the workspace's frames when the profile was made: tells editors when lines moved since. */
  sourceDigests?: Record<string, string>;
  /** The crates of the workspace and of its dependencies, as `cargo metadata` listed them when recording; absent when unknown. */
  crates?: CrateList;
}

/** Crate names as rustc mangles them (`regex-automata` → `regex_automata`). */
export interface CrateList {
  /** Every crate (library, binaries, examples, …) of the workspace's members. */
  workspace: string[];
  /** The libraries of every other package: registry, git and path dependencies. */
  dependencies: string[];
}

export interface Profile {
  schemaVersion: typeof PROFILE_SCHEMA_VERSION;
  meta: ProfileMeta;
  samples: number;
  frames: FrameInfo[];
  tree: CallTreeColumns;
  /** Sorted by totalSamples descending. */
  functions: FunctionStat[];
  /** Sorted by totalSamples descending. */
  lines: LineStat[];
}

/** A frame as the builder receives it from the symbolizer (innermost inlined frames first per address). */
export interface SymbolicFrame {
  name: string;
  file: string | null;
  line: number | null;
  inlined: boolean;
  dso: string | null;
}
