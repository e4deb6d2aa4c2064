// The fast symbolizer (the gimli addr2line, src/core/symbols/gimliBuild.ts) is built once, in the
// background, by the first job that lacked it; that job used the next symbolizer. The build takes a minute or
// two of cargo: the status bar says so while it runs, and the log says how it ended, so that a user who sees
// cargo busy after a profile knows why, and when the next profile gets the faster symbolizer.

import * as vscode from 'vscode';
import { buildRunning, installedGimli } from '../core/toolsCache';

/** How often the build's lock is looked at, and for how long at most (a build that hangs is not watched forever). */
const POLL_MS = 2000;
const GIVE_UP_MS = 20 * 60 * 1000;

let watching = false;

/** Shows the background build in the status bar while it runs; nothing when none runs. */
export function showFastSymbolizerBuild(log: vscode.LogOutputChannel): void {
  if (watching || !buildRunning()) return;
  watching = true;
  const started = Date.now();
  void vscode.window
    .withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Rust Flamegraph: building the fast symbolizer (addr2line, once)…' },
      async () => {
        while (buildRunning() && Date.now() - started < GIVE_UP_MS) await new Promise((r) => setTimeout(r, POLL_MS));
      },
    )
    .then(async () => {
      watching = false;
      const built = await installedGimli();
      if (built) log.info(`The fast symbolizer is built (${built}): the next profiles use it.`);
      else log.warn('Building the fast symbolizer did not finish; profiles go on with llvm-symbolizer or binutils addr2line.');
    });
}
