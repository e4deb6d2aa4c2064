// Which program turns addresses into inline chains and source lines, decided
// in one place for the command line, the engine worker and the tests. In
// order of preference (measured on the same 5,857 ripgrep addresses, with
// identical inline chains and file:line from each):
// - the `addr2line` crate's binary (gimli): 0.46 s, 68 MB. Built once with
//   `cargo install` into our cache (./gimliBuild.ts);
// - llvm-symbolizer (any `llvm-symbolizer` or `llvm-symbolizer-NN` on the PATH): 0.97 s;
// - binutils' addr2line: 2.56 s, 274 MB.
// The choice: the --symbolizer flag or the rustFlamegraph.symbolizer setting,
// else $RUST_FLAMEGRAPH_SYMBOLIZER, else `auto` (the order above). Each names
// one of `auto`, `gimli`, `llvm`, `binutils`, or a program (a path, or a name
// on the PATH). Whichever runs, ./addr2line.ts reads the same blocks from it.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Reporter } from '../errors';
import { applySpawnPolicy } from '../proc/spawnPolicy';
import { gimliBinary, installedGimli, reportBuildFailure, startGimliBuild, toolsCacheDir } from './gimliBuild';

export const SYMBOLIZER_ENV = 'RUST_FLAMEGRAPH_SYMBOLIZER';

/** The named choices; anything else is a program to run. */
export const SYMBOLIZER_CHOICES = ['auto', 'gimli', 'llvm', 'binutils'] as const;

export interface SymbolizerTool {
  /** A path, or a name looked up on the PATH (under the spawn rule's PATH in an untrusted workspace). */
  program: string;
  /** llvm-symbolizer takes other flags for the same output. */
  llvm: boolean;
}

/**
 * The arguments that make each tool print, per address read on stdin, one block: the address line, then
 * (function, file:line) pairs innermost first, names mangled. llvm-symbolizer demangles unless told not to,
 * prints `:0` where binutils prints `:?`, and adds ` (discriminator N)`; parseLocation reads both alike.
 */
export function symbolizerArgs(tool: SymbolizerTool, binary: string): string[] {
  return tool.llvm
    ? ['--output-style=GNU', '--addresses', '--inlines', '--functions=linkage', '--no-demangle', `--obj=${binary}`]
    : ['-a', '-i', '-f', '-e', binary];
}

/** A program named by the user: llvm-symbolizer by its name, else addr2line's flags (binutils' and gimli's are the same). */
export function programTool(program: string): SymbolizerTool {
  return { program, llvm: /^llvm-symbolizer(-\d+)?$/.test(path.basename(program)) };
}

const BINUTILS: SymbolizerTool = { program: 'addr2line', llvm: false };

/** Decided once per process and choice: the build starts (and its message shows) once. */
const decided = new Map<string, Promise<SymbolizerTool>>();

export function chooseSymbolizer(
  choice: string | undefined,
  reporter?: Reporter,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SymbolizerTool> {
  const wanted = choice?.trim() || env[SYMBOLIZER_ENV]?.trim() || 'auto';
  const key = [wanted, env.PATH, toolsCacheDir(env)].join('\0');
  let tool = decided.get(key);
  if (!tool) {
    tool = decide(wanted, reporter, env);
    decided.set(key, tool);
  }
  return tool;
}

async function decide(wanted: string, reporter: Reporter | undefined, env: NodeJS.ProcessEnv): Promise<SymbolizerTool> {
  switch (wanted) {
    case 'binutils':
      return BINUTILS;
    case 'llvm': {
      const llvm = await llvmOnPath(env);
      if (llvm) return programTool(llvm);
      reporter?.warn('No llvm-symbolizer on the PATH; source lines come from binutils addr2line.');
      return BINUTILS;
    }
    case 'gimli': {
      const gimli = await installedGimli(env);
      if (gimli) return { program: gimli, llvm: false };
      reporter?.warn(`${gimliBinary(env)} is not built yet (rust-flamegraph setup builds it); using the next symbolizer.`);
      return fallback(env);
    }
    case 'auto': {
      const gimli = await installedGimli(env);
      if (gimli) return { program: gimli, llvm: false };
      const next = await fallback(env);
      await reportBuildFailure(reporter, env);
      // The first profile is not delayed by a 1-2 minute build: it uses the next tool, the build runs beside it.
      if (startGimliBuild(env)) {
        reporter?.info(
          `Building the fast symbolizer (addr2line, once) in the background with cargo install; this profile uses ${next.program}.`,
        );
      }
      return next;
    }
    default:
      return programTool(wanted);
  }
}

async function fallback(env: NodeJS.ProcessEnv): Promise<SymbolizerTool> {
  const llvm = await llvmOnPath(env);
  return llvm ? programTool(llvm) : BINUTILS;
}

/**
 * llvm-symbolizer is looked for where it will be run from: in an untrusted workspace's job, the spawn
 * rule's PATH (without the workspace's folders), so that a name found only there is not chosen.
 */
function llvmOnPath(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return findLlvmSymbolizer(applySpawnPolicy('llvm-symbolizer', { env }).env ?? env);
}

/**
 * The name of llvm-symbolizer on the PATH: `llvm-symbolizer` where there is one, else the newest
 * `llvm-symbolizer-NN` (Debian installs only versioned names with some llvm packages).
 */
export async function findLlvmSymbolizer(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  let best: { name: string; version: number } | undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    // A relative entry would be looked up in whatever folder we run in: never ours to follow.
    if (!path.isAbsolute(dir)) continue;
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const m = /^llvm-symbolizer(?:-(\d+))?$/.exec(name);
      if (!m) continue;
      const version = m[1] === undefined ? Infinity : Number(m[1]);
      if (!best || version > best.version) best = { name, version };
    }
    if (best?.version === Infinity) break;
  }
  return best?.name;
}
