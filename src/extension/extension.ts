// Entry point of the VS Code extension: wires the log, the engine session,
// the flamegraph panel (and its serializer) and the commands. activate()
// returns a small API that the extension-host tests use to watch the panel's
// messages and the target picker; it gives access to nothing a command
// could not do.

import * as vscode from 'vscode';
import { EngineSession } from './engineSession';
import { FlamegraphPanels, FLAMEGRAPH_VIEW_TYPE } from './flamegraphPanel';
import { ProfilingController } from './profilingController';
import { profileLoaded, ProfileLoadedEvent } from './profileEvents';
import { startProfileLens } from './lens/profileLens';

export interface RustFlamegraphApi {
  controller: ProfilingController;
  panels: FlamegraphPanels;
  session: EngineSession;
  log: vscode.LogOutputChannel;
  /** The bundle's own profileLoaded event (a test importing profileEvents.ts would get another instance). */
  onProfileLoaded: vscode.Event<ProfileLoadedEvent>;
}

export async function activate(context: vscode.ExtensionContext): Promise<RustFlamegraphApi> {
  const log = vscode.window.createOutputChannel('Rust Flamegraph', { log: true });
  const programOutput = vscode.window.createOutputChannel('Rust Flamegraph: Program Output');
  const session = new EngineSession(context.asAbsolutePath('dist/engine.js'), log, programOutput);
  const panels = new FlamegraphPanels(context.extensionUri, context.workspaceState);
  const controller = new ProfilingController(context, log, session, panels);
  context.subscriptions.push(
    log,
    programOutput,
    session,
    panels,
    controller,
    ...controller.register(),
    vscode.window.registerWebviewPanelSerializer(FLAMEGRAPH_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => panels.restore(panel, state),
    }),
  );
  context.subscriptions.push(await startProfileLens(context, log));
  return { controller, panels, session, log, onProfileLoaded: profileLoaded.event };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; the session's dispose cancels a running job.
}
