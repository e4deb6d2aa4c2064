// The one rule for programs started on behalf of an untrusted workspace (VS
// Code's restricted mode): nothing of the workspace is executed and no program
// runs in it. While a job of such a workspace runs (restrictSpawns), every
// spawn (spawnChild in ./run.ts, which all of the engine's spawns go through):
// - runs in an empty folder of its own, never in the workspace (rustup, cargo
//   and others read configuration from their working folder);
// - looks programs up on the user's PATH without its relative entries (`.`,
//   ``, `bin`) and without folders inside the workspace (direnv puts some
//   there), and passes that PATH on, so that what the tool starts finds the same;
// - refuses a program named by a relative path or one inside the workspace.
// The extension's own `rustc --print sysroot` of an untrusted workspace runs
// under the same rule (untrustedSpawnOptions). A trusted workspace, the
// command line and the lens server are not affected.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SpawnOptions } from 'node:child_process';
import { userError } from '../errors';

/** The folders of the untrusted job running now, when one runs. */
let restricted: readonly string[] | undefined;

/** Restricts every spawn until the returned function is called (see the rule above). */
export function restrictSpawns(untrustedFolders: readonly string[]): () => void {
  const before = restricted;
  restricted = [...untrustedFolders];
  return () => {
    restricted = before;
  };
}

/** Whether an untrusted job runs now: it starts nothing beyond what it needs (no background build of a tool). */
export function spawnsRestricted(): boolean {
  return restricted !== undefined;
}

/** The options every spawn gets from spawnChild: the rule's while an untrusted job runs, else unchanged. */
export function applySpawnPolicy(file: string, options: SpawnOptions): SpawnOptions {
  return restricted ? untrustedSpawnOptions(file, options, restricted) : options;
}

/**
 * The options a program is started with under the rule, for spawns outside the engine's jobs too (the
 * extension's `rustc --print sysroot`). Throws a UserError for a program it refuses.
 */
export function untrustedSpawnOptions(file: string, options: SpawnOptions, untrustedFolders: readonly string[]): SpawnOptions {
  const folders = [...new Set(untrustedFolders.flatMap((f) => [path.resolve(f), realOrResolved(f)]))];
  if (file.includes('/')) {
    const why = !path.isAbsolute(file)
      ? 'a relative path, which would be looked up in a folder of the workspace'
      : inside(realOrResolved(file), folders)
        ? 'inside the workspace'
        : undefined;
    if (why) {
      throw userError(
        'untrusted-tool-path',
        `${file} was not run: in an untrusted workspace no program from the workspace runs, and this one is ${why}.`,
        `Trust the workspace, or name a program outside it in your user settings (rustFlamegraph.perfPath or .cargoPath), or leave the setting empty for the one on your PATH.`,
      );
    }
  }
  const env = { ...(options.env ?? process.env) };
  env.PATH = safePath(env.PATH ?? '', folders);
  return { ...options, cwd: neutralDir(), env };
}

/** PATH without relative entries and without folders inside the untrusted ones. */
export function safePath(pathVar: string, untrustedFolders: readonly string[]): string {
  return pathVar
    .split(path.delimiter)
    .filter((d) => path.isAbsolute(d) && !inside(path.resolve(d), untrustedFolders) && !inside(realOrResolved(d), untrustedFolders))
    .join(path.delimiter);
}

let neutral: string | undefined;

/** One empty folder per process, made when first needed; removed at exit when still empty. */
function neutralDir(): string {
  if (!neutral) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rust-flamegraph-untrusted-'));
    neutral = dir;
    process.once('exit', () => {
      try {
        fs.rmdirSync(dir);
      } catch {
        /* a program wrote there: left as it is */
      }
    });
  }
  return neutral;
}

function inside(p: string, folders: readonly string[]): boolean {
  return folders.some((f) => {
    const rel = path.relative(f, p);
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
  });
}

function realOrResolved(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}
