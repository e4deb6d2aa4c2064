// Showing an engine failure in plain words: the message and the fix in a
// notification, the details (cargo's errors, perf's stderr) in the log,
// which opens by itself when there are details to read.

import * as vscode from 'vscode';
import { EngineFailure, engineFailureOf } from '../protocol/engineMessages';
import { shellCommandsIn } from '../core/checks/messages';

const COPY = 'Copy Command';

/** Buttons of a failure or warning: copying the commands its fix names (sysctl, apt-get, rustup…), and the log. */
export async function offerActions(text: string, log: vscode.LogOutputChannel, choice: string | undefined): Promise<void> {
  if (choice === COPY) {
    const commands = shellCommandsIn(text);
    await vscode.env.clipboard.writeText(commands.join('\n'));
    void vscode.window.setStatusBarMessage(`Copied: ${commands.join(' ; ')}`, 5000);
  } else if (choice === 'Show Log') log.show(true);
}

export function actionButtons(text: string): string[] {
  return shellCommandsIn(text).length ? [COPY, 'Show Log'] : ['Show Log'];
}

/** The first line of cargo's details that starts with `error`, to show in the notification itself. */
export function firstErrorLine(details: string | undefined): string | undefined {
  return details?.split('\n').find((l) => /^error(\[E\d+\])?:/.test(l.trim()))?.trim();
}

export function showFailure(f: EngineFailure, log: vscode.LogOutputChannel): void {
  if (f.cancelled) {
    log.info('Cancelled; every process of the job was ended.');
    void vscode.window.showInformationMessage('Rust Flamegraph: profiling cancelled.');
    return;
  }
  log.error(f.message);
  if (f.fix) log.error(f.fix);
  if (f.details) log.error(f.details);
  const firstError = firstErrorLine(f.details);
  const text = [f.message, firstError ? `cargo: ${firstError}` : undefined, f.fix].filter(Boolean).join(' ');
  if (f.details) log.show(true);
  // Not awaited: the notification stays until the user closes it, the command must not wait for that.
  void vscode.window.showErrorMessage(`Rust Flamegraph: ${text}`, ...actionButtons(text)).then((choice) => offerActions(text, log, choice));
}

/** A UserError thrown in the extension host itself (cargo metadata, …). */
export function failureOf(e: unknown): EngineFailure {
  return engineFailureOf(e, false);
}
