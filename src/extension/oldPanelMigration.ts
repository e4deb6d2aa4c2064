// Flamegraph panels saved by versions before the profile editor (a
// WebviewPanel of view type rustFlamegraph.flamegraph, restored by a
// serializer) come back once as the profile editor of their profile.json.

import * as vscode from 'vscode';
import { PROFILE_EDITOR_VIEW_TYPE } from './profileEditor';

const OLD_VIEW_TYPE = 'rustFlamegraph.flamegraph';
/** Where the old panel kept its profile.json (workspaceState). */
const OLD_PANEL_STATE_KEY = 'rustFlamegraph.panelState';

export function migrateOldPanels(state: vscode.Memento): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(OLD_VIEW_TYPE, {
    async deserializeWebviewPanel(panel, webviewState) {
      const inWebview = (webviewState as { profileJson?: unknown } | null | undefined)?.profileJson;
      const profileJson = typeof inWebview === 'string' ? inWebview : state.get<{ profileJson?: string }>(OLD_PANEL_STATE_KEY)?.profileJson;
      panel.dispose();
      await state.update(OLD_PANEL_STATE_KEY, undefined);
      if (profileJson) await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(profileJson), PROFILE_EDITOR_VIEW_TYPE);
    },
  });
}
