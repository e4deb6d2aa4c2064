// The client side of the profile lenses: starts the profile language server
// (dist/server.js, its own process) with vscode-languageclient, tells it
// about every profile this window records or opens, paints line heat, and
// registers Rust Flamegraph: Clear Profile Lenses.

import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { profileLoaded } from '../profileEvents';
import { COMMANDS } from '../../protocol/lspProtocol';
import {
  ProfileChangedNotification,
  ProfileChangedParams,
  ClearProfilesNotification,
  HeatChangedNotification,
  WorkspaceTrustedNotification,
  LineHeatRequest,
  LineHeatParams,
  LineHeatResult,
  readLensSettings,
} from '../../protocol/lspProtocol';
import { HeatDecorations } from './heatDecorations';
import { FlamegraphConfig } from '../config';
import { SETTINGS_SECTION } from '../../protocol/settings';

export async function startProfileLens(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<vscode.Disposable> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'rust' }],
    initializationOptions: {
      lens: readLensSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION).get('lens')),
      cargo: FlamegraphConfig.read().settings.cargoPath || undefined,
      // Profiles recorded with rustFlamegraph.targetDir live under it: the server looks there too.
      targetDir: FlamegraphConfig.read().settings.targetDir || undefined,
      // Untrusted: the server runs no cargo (it would read the workspace's rust-toolchain.toml and .cargo/config.toml).
      trusted: vscode.workspace.isTrusted,
    },
    // Sends { rustFlamegraph: {...} } on every change of our settings.
    synchronize: { configurationSection: SETTINGS_SECTION },
    outputChannel: log,
  };
  const client = new LanguageClient('rustFlamegraphLens', 'Rust Flamegraph Lenses', serverOptions, clientOptions);
  const heat = new HeatDecorations();
  const disposables: vscode.Disposable[] = [heat];

  const refreshEditor = async (editor: vscode.TextEditor) => {
    if (editor.document.languageId !== 'rust' || editor.document.uri.scheme !== 'file') return;
    try {
      const params: LineHeatParams = { uri: editor.document.uri.toString() };
      heat.apply(editor, await client.sendRequest<LineHeatResult>(LineHeatRequest, params));
    } catch (e) {
      log.warn(`Line heat of ${editor.document.uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const refreshAll = () => Promise.all(vscode.window.visibleTextEditors.map(refreshEditor));

  // A document edited since the profile loses its heat (the server answers none): refresh after a pause in typing.
  let typingTimer: NodeJS.Timeout | undefined;
  disposables.push(
    vscode.window.onDidChangeVisibleTextEditors(() => void refreshAll()),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId !== 'rust') return;
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => void refreshAll(), 300);
    }),
    profileLoaded.event((e) => {
      const params: ProfileChangedParams = { profileJson: e.profileJson };
      void client.sendNotification(ProfileChangedNotification, params);
    }),
    vscode.commands.registerCommand(COMMANDS.clearLenses, async () => {
      await client.sendNotification(ClearProfilesNotification);
      heat.clearAll(vscode.window.visibleTextEditors);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(WorkspaceTrustedNotification)),
    { dispose: () => clearTimeout(typingTimer) },
  );

  try {
    await client.start();
  } catch (e) {
    // Lenses are an extra: the flamegraph works without them.
    log.error(`The profile lens server did not start: ${e instanceof Error ? e.message : String(e)}`);
  }
  disposables.push(client.onNotification(HeatChangedNotification, () => void refreshAll()));
  void refreshAll();
  return {
    dispose: () => {
      disposables.forEach((d) => d.dispose());
      void client.stop().catch(() => undefined);
    },
  };
}
