// Showing a failure or warnings in VS Code: the diagnostic worded for VS Code
// (settings by their names) in a notification whose buttons act on its data:
// Copy Command copies the fix's commands, Open Setting opens the setting to
// change, Show Log the log. The details (cargo's errors, perf's stderr) go to
// the log, which opens by itself when there are details to read.

import * as vscode from 'vscode';
import type { Failure } from '../protocol/failure';
import { COPY_COMMAND, Diagnostic, EditorView, editorView, OPEN_SETTING, SHOW_LOG } from '../model/diagnostics';

/** What a button of the notification does. */
export async function offerActions(view: EditorView, log: vscode.LogOutputChannel, choice: string | undefined): Promise<void> {
  if (choice === COPY_COMMAND) {
    await vscode.env.clipboard.writeText(view.commands.join('\n'));
    void vscode.window.setStatusBarMessage(`Copied: ${view.commands.join(' ; ')}`, 5000);
  } else if (choice === OPEN_SETTING && view.setting) {
    await vscode.commands.executeCommand('workbench.action.openSettings', view.setting.key);
  } else if (choice === SHOW_LOG) log.show(true);
}

/** The first line of cargo's details that starts with `error`, to show in the notification itself. */
export function firstErrorLine(details: string | undefined): string | undefined {
  return details
    ?.split('\n')
    .find((l) => /^error(\[E\d+\])?:/.test(l.trim()))
    ?.trim();
}

export function showFailure(f: Failure, log: vscode.LogOutputChannel): void {
  if (f.cancelled) {
    log.info('Cancelled; every process of the job was ended.');
    void vscode.window.showInformationMessage('Rust Flamegraph: profiling cancelled.');
    return;
  }
  const view = editorView(f.diagnostic);
  log.error(view.text);
  if (f.details) log.error(f.details);
  const firstError = firstErrorLine(f.details);
  // cargo's first error goes between the words and the fix: "The build failed… cargo: error[E0308]: … Fix the errors…"
  const text = firstError ? view.text.replace(f.diagnostic.text, `${f.diagnostic.text} cargo: ${firstError}`) : view.text;
  if (f.details) log.show(true);
  // Not awaited: the notification stays until the user closes it, the command must not wait for that.
  void vscode.window.showErrorMessage(`Rust Flamegraph: ${text}`, ...view.actions).then((choice) => offerActions(view, log, choice));
}

/** A job's warnings together in one notification (the engine's log already has each one, as it was found). */
export function showWarnings(warnings: readonly Diagnostic[], log: vscode.LogOutputChannel): void {
  if (!warnings.length) return;
  const view = editorView(...warnings);
  void vscode.window.showWarningMessage(`Rust Flamegraph: ${view.text}`, ...view.actions).then((c) => offerActions(view, log, c));
}
