// Where the tools we build for the user live (the fast symbolizer, src/core/symbols/gimliBuild.ts), and what
// the files there say: built, being built (a lock naming a live process), failed. Reading them spawns nothing,
// so the extension host may ask (it shows the background build in the status bar); the building itself is
// the engine's.

import { promises as fs, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The crate and version `cargo install` builds: one that builds on current stable Rust (1.95). */
export const GIMLI_CRATE = 'addr2line';
export const GIMLI_VERSION = '0.27.1';

/** A build lock older than this is a build that died without removing it. */
const LOCK_STALE_MS = 60 * 60 * 1000;

export function toolsCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'rust-flamegraph', 'tools');
}

export const gimliStem = () => `${GIMLI_CRATE}-${GIMLI_VERSION}`;
/** cargo's --root for our build: the binary is bin/addr2line inside. */
export const gimliRoot = (env: NodeJS.ProcessEnv = process.env) => path.join(toolsCacheDir(env), gimliStem());
export const gimliBinary = (env: NodeJS.ProcessEnv = process.env) => path.join(gimliRoot(env), 'bin', GIMLI_CRATE);
export const logFile = (env: NodeJS.ProcessEnv) => path.join(toolsCacheDir(env), `${gimliStem()}.log`);
/** A failure not yet told to the user; renamed to .seen once told (the rename keeps its time). */
export const failedFile = (env: NodeJS.ProcessEnv) => path.join(toolsCacheDir(env), `${gimliStem()}.failed`);
export const seenFailureFile = (env: NodeJS.ProcessEnv) => `${failedFile(env)}.seen`;
export const lockFile = (env: NodeJS.ProcessEnv) => path.join(toolsCacheDir(env), `${gimliStem()}.building`);

/**
 * The built binary's path when it is there: a regular executable file reached through no link (a link put
 * in the cache could lead anywhere), else undefined.
 */
export async function installedGimli(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const bin = gimliBinary(env);
  try {
    for (const dir of [gimliRoot(env), path.dirname(bin)]) {
      if (!(await fs.lstat(dir)).isDirectory()) return undefined;
    }
    const st = await fs.lstat(bin);
    return st.isFile() && (st.mode & 0o111) !== 0 ? bin : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a build of ours is under way (its lock names a live process). */
export function buildRunning(env: NodeJS.ProcessEnv = process.env): boolean {
  const lock = lockFile(env);
  if (!youngerThan(lock, LOCK_STALE_MS)) return false;
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    // No such process (the build was killed), or another user's process has that pid now: not our build.
    return false;
  }
}

export function youngerThan(file: string, ms: number): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < ms;
  } catch {
    return false;
  }
}
