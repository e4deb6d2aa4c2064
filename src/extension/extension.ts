// Entry point of the VS Code extension: wires the log, the engine session,
// the profile editor (profile.json, perf.data, perf script text) and the
// commands. activate() returns the extension's API (see RustFlamegraphApi):
// watch the running job and the profiles loaded; it gives access to nothing a
// command could not do.

import * as vscode from 'vscode';
import { EngineSession } from './engineSession';
import { ProfileEditors } from './profileEditor';
import { ProfilingController } from './profilingController';
import { profileLoaded, ProfileLoadedEvent } from './profileEvents';
import type { EnginePhase } from '../protocol/engineMessages';
import { startProfileLens } from './lens/profileLens';
import { migrateOldPanels } from './oldPanelMigration';

/**
 * `vscode.extensions.getExtension('rust-flamegraph.rust-flamegraph').exports`: for tasks and extensions that
 * script the commands (which resolve with their job's outcome). One job runs at a time.
 */
export interface RustFlamegraphApi {
  jobs: {
    /** Fired when a job starts: its engine worker's pid and a label such as "bin seed-demo". */
    readonly onDidStartJob: vscode.Event<{ pid: number | undefined; label: string }>;
    /** Fired when the running job enters a phase (build, record, symbolize, write). */
    readonly onDidChangePhase: vscode.Event<EnginePhase>;
    readonly busy: boolean;
    /** The running job's label. */
    readonly runningLabel: string | undefined;
    /** Ends every process of the running job, as its notification's Cancel does. */
    cancel(): Promise<void>;
  };
  /** Fired after every profile recorded or opened in this window (profile.json, workspace root). */
  onDidLoadProfile: vscode.Event<ProfileLoadedEvent>;
}

export async function activate(context: vscode.ExtensionContext): Promise<RustFlamegraphApi> {
  const log = vscode.window.createOutputChannel('Rust Flamegraph', { log: true });
  const programOutput = vscode.window.createOutputChannel('Rust Flamegraph: Program Output');
  const session = new EngineSession(context.asAbsolutePath('dist/engine.js'), log, programOutput);
  const controller: ProfilingController = new ProfilingController(context, log, session, () => editors);
  const editors = new ProfileEditors(context.extensionUri, log, (file) => controller.report(file));
  context.subscriptions.push(
    log,
    programOutput,
    session,
    editors,
    controller,
    ...controller.register(),
    ...editors.register(),
    migrateOldPanels(context.workspaceState),
  );
  context.subscriptions.push(await startProfileLens(context, log));
  // Only these members of the session: nothing else of the extension is reachable from outside.
  const jobs: RustFlamegraphApi['jobs'] = {
    onDidStartJob: session.onDidStartJob,
    onDidChangePhase: session.onDidChangePhase,
    get busy() {
      return session.busy;
    },
    get runningLabel() {
      return session.runningLabel;
    },
    cancel: () => session.cancel(),
  };
  return { jobs, onDidLoadProfile: profileLoaded.event };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; the session's dispose cancels a running job.
}
