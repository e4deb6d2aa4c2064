// Which kind of code a frame is: the flamegraph colours by it, and only
// `user`, `dependency` and `std` frames can open a source file.

import { FrameKind } from './profileTypes';

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

const STD_CRATES =
  /^(?:<)?(?:&(?:mut )?)?(?:std|core|alloc|proc_macro|test|panic_unwind|panic_abort|compiler_builtins|hashbrown|std_detect|rustc_std_workspace_core|addr2line|gimli|miniz_oxide|object|memchr)::/;

export function classifyFrame(
  name: string,
  file: string | null,
  dso: string | null,
  workspaceRoot: string | null,
  mainBinary: string | null,
): FrameKind {
  if (dso && (dso.startsWith('[kernel') || dso.endsWith('/vmlinux') || dso.startsWith('[guest.kernel'))) return 'kernel';
  if (file) {
    if (file.startsWith('/rustc/') || file.includes('/lib/rustlib/src/rust/library/')) return 'std';
    if (file.includes('/.cargo/registry/') || file.includes('/.cargo/git/') || file.includes('/vendor/')) return 'dependency';
    if (!workspaceRoot || isUnder(file, workspaceRoot)) return 'user';
    return 'dependency';
  }
  if (STD_CRATES.test(name)) return 'std';
  if (dso === null || dso === '[unknown]' || name === '[unknown]') return 'unknown';
  if (RUNTIME_GLUE.has(name)) return 'system';
  if (mainBinary && dso === mainBinary) return 'user';
  if (dso.startsWith('[')) return 'system';
  return 'system';
}

export function isUnder(file: string, dir: string): boolean {
  const d = dir.endsWith('/') ? dir : dir + '/';
  return file.startsWith(d);
}
