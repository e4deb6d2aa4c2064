// `rust-flamegraph setup`: builds the fast symbolizer (the gimli addr2line,
// src/core/symbols/gimliBuild.ts) now, in the foreground, with cargo's output
// on stderr. The engine runs the same command detached for its background
// build: `--detach` starts `--background` and exits, `--background` builds
// with its output in the log beside the tool.

import type { Reporter } from '../core/errors';
import { GIMLI_VERSION, buildGimli, buildGimliInBackground, detachBackgroundBuild, installedGimli } from '../core/symbols/gimliBuild';
import { killAllChildren } from '../core/proc/run';

export async function setupCommand(mode: { detach: boolean; background: boolean }, reporter: Reporter): Promise<number> {
  if (mode.detach) {
    detachBackgroundBuild(process.argv[1]);
    return 0;
  }
  if (mode.background) return buildGimliInBackground();
  const built = await installedGimli();
  if (built) {
    reporter.info(`The fast symbolizer is built: ${built}`);
    return 0;
  }
  reporter.info(`Building the fast symbolizer (addr2line ${GIMLI_VERSION}, once; 1-2 minutes) with cargo install…`);
  // cargo runs in a process group of its own: Ctrl-C reaches only us, and must end it too.
  const onSigint = () => {
    killAllChildren();
    process.exit(130);
  };
  process.once('SIGINT', onSigint);
  try {
    reporter.info(`Built: ${await buildGimli({ reporter })}`);
    return 0;
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message} Reports use llvm-symbolizer or binutils' addr2line meanwhile.\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
