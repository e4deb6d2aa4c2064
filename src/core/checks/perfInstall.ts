// Is perf there, and can it work on this system? Checked before the build so
// a missing perf costs no build time. Nothing here runs perf: a file lookup
// on PATH and /proc/version only.

import { promises as fs, constants } from 'node:fs';
import * as path from 'node:path';
import { perfNotFound, perfNotForThisKernel, wsl1CannotProfile } from './messages';
import { isWsl1, readProcVersion, SystemFilesOptions } from './systemFiles';
import { UserError } from '../errors';

/** The path `file` would run as (PATH lookup like execvp), or null. */
export async function locateExecutable(file: string, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const candidates = file.includes('/')
    ? [file]
    : (env.PATH ?? '')
        .split(':')
        .filter(Boolean)
        .map((d) => path.join(d, file));
  for (const c of candidates) {
    try {
      const st = await fs.stat(c);
      if (!st.isFile()) continue;
      await fs.access(c, constants.X_OK);
      return c;
    } catch {
      /* next */
    }
  }
  return null;
}

export async function preflightPerf(perf: string, o: SystemFilesOptions = {}): Promise<void> {
  if (isWsl1(await readProcVersion(o))) throw wsl1CannotProfile();
  if (!(await locateExecutable(perf, o.env))) throw perfNotFound(perf, 'ENOENT');
}

/**
 * Ubuntu's perf wrapper (linux-tools-common) when the running kernel's
 * linux-tools package is missing; it exits 2 and prints:
 *   WARNING: perf not found for kernel 5.15.0-91
 *
 *     You may need to install the following packages for this specific kernel:
 *       linux-tools-5.15.0-91-generic
 */
export function perfWrapperFailure(text: string): UserError | null {
  const m = /WARNING: perf(?:\.\w+)? not found for kernel (\S+)/.exec(text);
  return m ? perfNotForThisKernel(m[1], text) : null;
}
