// Where a frame's source is on this machine. Workspace and dependency frames
// carry absolute paths; std frames carry the path rustc was built from
// (`/rustc/<commit>/library/…`), which maps into the toolchain's rust-src
// component (`<sysroot>/lib/rustlib/src/rust/library/…`) when installed.

import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { execFile, ExecFileOptions } from 'node:child_process';
import { untrustedSpawnOptions } from '../core/proc/spawnPolicy';
import type { FrameInfo } from '../model/profileTypes';
import { Diagnostic, editorView } from '../model/diagnostics';

export type SourceLookup =
  | { kind: 'file'; path: string }
  | { kind: 'no-source'; reason: string }
  /** The root or a thread (process) frame: no function, nothing to open and nothing to explain. */
  | { kind: 'not-code' }
  | { kind: 'needs-rust-src'; reason: string; diagnostic: Diagnostic };

const RUSTC_LIBRARY = /^\/rustc\/[0-9a-f]+\/(library\/.*)$/;

/** The rustc of the configured cargo: one lookup for every tool (src/core/tools.ts). */
export { rustcBeside } from '../core/tools';

const sysroots = new Map<string, Promise<string | undefined>>();

/**
 * Where rustc runs: a trusted workspace's root (rustup picks the toolchain by folder), or, for an untrusted
 * workspace, its folders, whose rule (src/core/proc/spawnPolicy.ts) runs rustc outside them.
 */
export type RustcPlace = { cwd: string | undefined } | { untrustedFolders: readonly string[] };

/** `rustc --print sysroot`, asked once per rustc and folder. */
export function sysroot(rustc: string, place: RustcPlace): Promise<string | undefined> {
  const key = `${rustc}\0${JSON.stringify(place)}`;
  let p = sysroots.get(key);
  if (!p) {
    p = new Promise((resolve) => {
      let options: ExecFileOptions;
      try {
        options = 'cwd' in place ? { cwd: place.cwd } : untrustedSpawnOptions(rustc, {}, place.untrustedFolders);
      } catch {
        return resolve(undefined); // a rustc of the untrusted workspace: not run
      }
      execFile(rustc, ['--print', 'sysroot'], { ...options, timeout: 10_000 }, (err, stdout) =>
        resolve(err ? undefined : String(stdout).trim() || undefined),
      );
    });
    sysroots.set(key, p);
    void p.then((v) => v === undefined && sysroots.delete(key));
  }
  return p;
}

export async function locateSource(frame: FrameInfo, rustc: string, place: RustcPlace): Promise<SourceLookup> {
  // A click on a thread zooms to it; "no debug info" would say it is a function without source (issue 12).
  if (frame.kind === 'process' || frame.kind === 'root') return { kind: 'not-code' };
  if (!frame.file) {
    const why =
      frame.kind === 'kernel'
        ? 'kernel code'
        : frame.kind === 'system'
          ? `a system library${frame.dso ? ` (${path.basename(frame.dso)})` : ''} without debug info`
          : 'no debug info';
    return { kind: 'no-source', reason: `No source for ${frame.name}: ${why}.` };
  }
  const std = RUSTC_LIBRARY.exec(frame.file);
  if (std) {
    const root = await sysroot(rustc, place);
    const mapped = root && path.join(root, 'lib', 'rustlib', 'src', 'rust', ...std[1].split('/'));
    if (mapped && existsSync(mapped)) return { kind: 'file', path: mapped };
    const diagnostic: Diagnostic = {
      code: 'std-source-missing',
      severity: 'warning',
      text: `${frame.name} is in Rust's standard library, whose source is not installed:`,
      fix: [{ text: 'run {0}.', commands: ['rustup component add rust-src'] }],
    };
    return { kind: 'needs-rust-src', reason: editorView(diagnostic).text, diagnostic };
  }
  if (path.isAbsolute(frame.file) && existsSync(frame.file)) return { kind: 'file', path: frame.file };
  return { kind: 'no-source', reason: `No source for ${frame.name}: ${frame.file} is not on this machine.` };
}
