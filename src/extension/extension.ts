// Entry point of the VS Code extension: wires the log, the engine session,
// the profile editor (profile.json, perf.data, perf script text) and the
// commands. activate() returns a small API that the extension-host tests use
// to watch jobs; it gives access to nothing a command could not do.

import * as vscode from 'vscode';
import { EngineSession } from './engineSession';
import { ProfileEditors } from './profileEditor';
import { ProfilingController } from './profilingController';
import { profileLoaded, ProfileLoadedEvent } from './profileEvents';
import { startProfileLens } from './lens/profileLens';
import { migrateOldPanels } from './oldPanelMigration';

export interface RustFlamegraphApi {
  controller: ProfilingController;
  editors: ProfileEditors;
  session: EngineSession;
  log: vscode.LogOutputChannel;
  /** The bundle's own profileLoaded event (a test importing profileEvents.ts would get another instance). */
  onProfileLoaded: vscode.Event<ProfileLoadedEvent>;
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
  return { controller, editors, session, log, onProfileLoaded: profileLoaded.event };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; the session's dispose cancels a running job.
}
