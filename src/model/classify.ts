// Which kind of code a frame is: the flamegraph colours by it, and only
// `user`, `dependency` and `std` frames can open a source file.
//
// A frame's kind comes from the crate its symbol belongs to (the first path
// segment of the demangled name), with file paths as the second opinion:
//   1. std's own crates (std, core, alloc, …) are `std`;
//   2. crates of the workspace, as `cargo metadata` lists them in the
//      profile's `crates`, are `user`;
//   3. the function's source file: `/rustc/…`, `/rust/deps/…` (crates bundled
//      into std) are `std`; `~/.cargo/registry`, `~/.cargo/git`, `vendor/` are
//      `dependency`; the workspace is `user`;
//   4. the profile's dependency crates are `dependency`;
//   5. what the other frames of the same crate were found to be by their
//      files (see `classifyFrames`), so a frame without a file gets its crate's kind;
//      crates that std bundles (hashbrown, memchr, gimli, …) with no file
//      saying otherwise are `std`;
//   6. the binary: kernel, C runtime glue, system libraries.
// `record` knows the crates from cargo; `report` of a perf.data (no cargo is
// run on an untrusted folder) has only steps 1 and 3–6, which give the same
// kinds on the same perf.data whenever the files are known.

import { FrameKind, CrateList } from './profileTypes';

// Start-up glue that every executable carries, without source: the C runtime's
// entry points and the `main` shim rustc generates to call lang_start. They
// are not the user's code even though they live in the user's binary.
const RUNTIME_GLUE = new Set([
  '_start',
  'main',
  '_init',
  '_fini',
  '__libc_csu_init',
  'frame_dummy',
  'register_tm_clones',
  'deregister_tm_clones',
  '__do_global_dtors_aux',
]);

/** std's own crates: never anything but std, whatever a file says. */
const STD_OWN = new Set([
  'std',
  'core',
  'alloc',
  'proc_macro',
  'test',
  'panic_unwind',
  'panic_abort',
  'compiler_builtins',
  'std_detect',
  'rustc_std_workspace_core',
  'rustc_std_workspace_alloc',
  'rustc_std_workspace_std',
  // rustc's allocator shims (`__rustc::__rust_alloc`, …)
  '__rustc',
]);

/** Crates.io crates that std bundles (`/rust/deps/…`): std's unless the profile or a file says the program depends on them too. */
const STD_BUNDLED = new Set([
  'hashbrown',
  'addr2line',
  'gimli',
  'miniz_oxide',
  'object',
  'memchr',
  'rustc_demangle',
  'adler',
  'adler2',
  'cfg_if',
  'unwind',
]);

export interface ClassifyContext {
  workspaceRoot: string | null;
  mainBinary: string | null;
  /** The crates cargo listed for the workspace, when known (`record`). */
  crates?: CrateList | null;
}

/**
 * The crate a demangled Rust name belongs to: `rg::search::f` → `rg`,
 * `<alloc::vec::Vec<T> as core::ops::Drop>::drop` → `alloc`,
 * `<&mut regex_automata::x::Y as core::fmt::Debug>::fmt` → `regex_automata`; null when
 * the name has no crate path (`_start`, `[unknown]`, `<T as Trait>::f`).
 */
export function crateOfName(name: string): string | null {
  let s = name;
  for (;;) {
    const before = s;
    s = s.replace(/^(?:<|&(?:mut )?|\*(?:const|mut) |dyn |impl |\()/, '');
    if (s === before) break;
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*)::/.exec(s);
  return m ? m[1] : null;
}

/** What a source file says about the code in it, or null when it says nothing. */
export function fileKind(file: string, workspaceRoot: string | null): FrameKind | null {
  if (file.startsWith('/rustc/') || file.startsWith('/rust/deps/') || file.includes('/lib/rustlib/src/rust/')) return 'std';
  if (file.includes('/.cargo/registry/') || file.includes('/.cargo/git/') || file.includes('/vendor/')) return 'dependency';
  // A relative path (a C library's debug info) says nothing about whose it is.
  if (!file.startsWith('/')) return null;
  if (!workspaceRoot || isUnder(file, workspaceRoot)) return 'user';
  return 'dependency';
}

/** Crates whose code std ships: its own and the ones it bundles. */
export const STD_CRATES: ReadonlySet<string> = new Set([...STD_OWN, ...STD_BUNDLED]);

/**
 * What a file says about a function of `crate`: std's sources hold only std's
 * functions, so a std file under another crate's function is an inlined
 * helper's (line-0 code, or DWARF's outermost line) and says nothing (seen on
 * ripgrep: `find_by_line_fast` "in" core's slice/index.rs).
 */
function fileKindFor(crate: string | null, file: string, workspaceRoot: string | null): FrameKind | null {
  const k = fileKind(file, workspaceRoot);
  return k === 'std' && crate !== null && !STD_CRATES.has(crate) ? null : k;
}

/**
 * One frame's kind. `file` is the function's own source file when known;
 * `crateKinds` holds what other frames' files say about each crate (step 5).
 */
export function classifyFrame(
  name: string,
  file: string | null,
  dso: string | null,
  workspaceRoot: string | null,
  mainBinary: string | null,
  crates?: CrateList | null,
  crateKinds?: ReadonlyMap<string, FrameKind>,
): FrameKind {
  if (dso && isKernelDso(dso)) return 'kernel';
  const crate = crateOfName(name);
  if (crate !== null) {
    if (STD_OWN.has(crate)) return 'std';
    if (crates?.workspace.includes(crate)) return 'user';
  }
  if (file) {
    const k = fileKindFor(crate, file, workspaceRoot);
    if (k) return k;
  }
  if (crate !== null) {
    if (crates?.dependencies.includes(crate)) return 'dependency';
    const voted = crateKinds?.get(crate);
    if (voted) return voted;
    if (STD_BUNDLED.has(crate)) return 'std';
  }
  if (dso === null || dso === '[unknown]' || name === '[unknown]') return 'unknown';
  if (RUNTIME_GLUE.has(name)) return 'system';
  if (mainBinary && dso === mainBinary) return 'user';
  return 'system';
}

export interface FrameToClassify {
  name: string;
  dso: string | null;
  /** The file of the function's own (known) lines, when there is one. */
  file: string | null;
  /** A file seen only at unknown lines (line 0): the function's, or an inlined helper's. */
  fileAtUnknownLine: string | null;
}

/**
 * Kinds of all of a profile's frames at once, so that every frame of a crate
 * gets the same kind: the files of a crate's frames decide for its frames
 * without one. A file seen only at line 0 counts for its own frame, but not
 * when it is std's source and the function's crate is not std (that file is
 * an inlined helper's).
 */
export function classifyFrames(frames: readonly FrameToClassify[], given: ClassifyContext): FrameKind[] {
  const ctx = { ...given, workspaceRoot: given.workspaceRoot ?? inferWorkspaceRoot(frames) };
  const votes = new Map<string, Map<FrameKind, number>>();
  for (const f of frames) {
    const crate = crateOfName(f.name);
    if (crate === null || !f.file || (f.dso && isKernelDso(f.dso))) continue;
    const k = fileKindFor(crate, f.file, ctx.workspaceRoot);
    if (!k) continue;
    let m = votes.get(crate);
    if (!m) votes.set(crate, (m = new Map()));
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  const crateKinds = new Map<string, FrameKind>();
  for (const [crate, m] of votes) {
    let best: FrameKind | null = null;
    let n = 0;
    for (const [k, c] of m) if (c > n || (c === n && best !== null && k < best)) [best, n] = [k, c];
    if (best) crateKinds.set(crate, best);
  }
  const kinds: FrameKind[] = [];
  for (const f of frames) {
    const file = f.file ?? f.fileAtUnknownLine;
    kinds.push(classifyFrame(f.name, file, f.dso, ctx.workspaceRoot, ctx.mainBinary, ctx.crates, crateKinds));
  }
  // A binary that holds the workspace's code is the program: its frames
  // without a crate or file are the user's in `report` as in `record`.
  const programs = new Set<string>();
  if (ctx.mainBinary) programs.add(ctx.mainBinary);
  frames.forEach((f, i) => {
    if (kinds[i] === 'user' && f.dso && f.dso.startsWith('/') && crateOfName(f.name) !== null) programs.add(f.dso);
  });
  frames.forEach((f, i) => {
    if (kinds[i] === 'system' && f.dso && programs.has(f.dso) && !RUNTIME_GLUE.has(f.name) && f.name !== '[unknown]') kinds[i] = 'user';
  });
  return kinds;
}

/**
 * For `report` of a perf.data (no cargo): the workspace is the folder that
 * holds the `target/` of a sampled binary, when some frames' files are in it.
 * Files outside it are then a dependency's, as `record` says.
 */
export function inferWorkspaceRoot(frames: readonly FrameToClassify[]): string | null {
  const counts = new Map<string, number>();
  for (const f of frames) {
    const at = f.dso?.startsWith('/') ? f.dso.lastIndexOf('/target/') : -1;
    if (at > 0) counts.set(f.dso!.slice(0, at), 0);
  }
  for (const f of frames) {
    const file = f.file ?? f.fileAtUnknownLine;
    if (file) for (const root of counts.keys()) if (isUnder(file, root)) counts.set(root, counts.get(root)! + 1);
  }
  let best: string | null = null;
  let n = 0;
  for (const [root, c] of counts) if (c > n || (c === n && c > 0 && best !== null && root.length > best.length)) [best, n] = [root, c];
  return best;
}

export function isKernelDso(dso: string): boolean {
  return dso.startsWith('[kernel') || dso.endsWith('/vmlinux') || dso.startsWith('[guest.kernel');
}

export function isUnder(file: string, dir: string): boolean {
  const d = dir.endsWith('/') ? dir : dir + '/';
  return file.startsWith(d);
}
