// The flamegraph panel: one WebviewPanel showing the current profile. The
// host keeps its own copy of the profile; the webview only ever sends node
// ids, which the host looks up (node → frame → file) before opening anything.
// Every message from the webview goes through parseWebviewMessage.
//
// retainContextWhenHidden is off: the webview sends `ready` each time it is
// rebuilt and gets the profile and the last view state again. After a window
// reload the serializer re-reads profile.json (its path and the view state are
// kept in workspaceState, and in the webview's own state when it keeps them).

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Profile } from '../model/profileTypes';
import { HostToWebviewMessage, parseViewState, parseWebviewMessage, ViewState, WebviewToHostMessage } from '../protocol/webviewMessages';
import { renderWebviewShell, newNonce } from '../core/export/flamegraphHtml';
import { readProfileFile } from '../core/export/readProfile';
import { locateSource, rustcBeside } from './sourceLocator';
import { openSourceBeside } from './openSource';
import { COPY_COMMAND, editorView } from '../model/diagnostics';
import { FlamegraphConfig } from './config';

export const FLAMEGRAPH_VIEW_TYPE = 'rustFlamegraph.flamegraph';
const PANEL_STATE_KEY = 'rustFlamegraph.panelState';

export interface LoadedProfile {
  profile: Profile;
  profileJson: string;
  title: string;
  workspaceRoot: string | null;
}

interface SavedPanelState {
  profileJson: string;
  title: string;
  viewState: ViewState | null;
}

/** profile.json, validated; a UserError in plain words when it is missing or not a usable profile. */
export async function readProfileJson(file: string): Promise<Profile> {
  return (await readProfileFile(file)).profile;
}

export class FlamegraphPanel implements vscode.Disposable {
  /** Every valid message the webview sent, in order (the test API reads it). */
  readonly received: WebviewToHostMessage[] = [];
  /** Every message posted to the webview, in order. */
  readonly posted: HostToWebviewMessage[] = [];
  /** Messages refused by parseWebviewMessage. */
  rejected = 0;
  private viewState: ViewState | null;
  private ready = false;
  private pending: HostToWebviewMessage[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly onDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDisposeEmitter.event;
  private readonly onOpenedEmitter = new vscode.EventEmitter<{ node: number; file: string | null; line: number; reason?: string }>();
  /** Fired after each openFrame is handled: what was opened, or why nothing was. */
  readonly onDidOpenFrame = this.onOpenedEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private loaded: LoadedProfile,
    viewState: ViewState | null,
    private readonly state: vscode.Memento,
  ) {
    this.viewState = viewState;
    panel.webview.options = webviewOptions(extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m) => void this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
      // Hidden, the webview is torn down (no retainContextWhenHidden): it says `ready` again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
    this.render();
    void this.save();
  }

  get profile(): LoadedProfile {
    return this.loaded;
  }

  /** Shows another profile in this panel (a fresh view). */
  setProfile(loaded: LoadedProfile): void {
    this.loaded = loaded;
    this.viewState = null;
    this.panel.title = panelTitle(loaded);
    // Not ready yet: its `ready` gets the new profile anyway.
    if (this.ready) this.postNow({ type: 'showProfile', title: loaded.title, profile: loaded.profile, state: null });
    void this.save();
  }

  revealFunction(name: string): void {
    this.panel.reveal(undefined, true);
    this.post({ type: 'revealFunction', name });
  }

  /** Handles one raw message as if the webview had sent it (the real path, also used by tests). */
  async receive(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.rejected++;
      return;
    }
    this.received.push(msg);
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.postNow({ type: 'showProfile', title: this.loaded.title, profile: this.loaded.profile, state: this.viewState });
        for (const m of this.pending.splice(0)) this.postNow(m);
        break;
      case 'viewState':
        this.viewState = msg.state;
        await this.save();
        break;
      case 'openFrame':
        await this.openFrame(msg.node);
        break;
    }
  }

  private async openFrame(node: number): Promise<void> {
    const { tree, frames } = this.loaded.profile;
    if (node >= tree.frame.length) {
      this.post({ type: 'notice', text: 'That frame is not part of this profile.' });
      this.onOpenedEmitter.fire({ node, file: null, line: 0, reason: 'unknown node' });
      return;
    }
    const frame = frames[tree.frame[node]];
    const line = tree.line[node] > 0 ? tree.line[node] : frame.line ?? 1;
    const cfg = FlamegraphConfig.read();
    const found = await locateSource(frame, rustcBeside(cfg.cargoPath), this.loaded.workspaceRoot ?? undefined);
    if (found.kind === 'file') {
      await openSourceBeside(found.path, line);
      this.onOpenedEmitter.fire({ node, file: found.path, line });
      return;
    }
    vscode.window.setStatusBarMessage(`$(info) ${found.reason}`, 8000);
    this.post({ type: 'notice', text: found.reason });
    if (found.kind === 'needs-rust-src') {
      const view = editorView(found.diagnostic);
      void vscode.window.showInformationMessage(view.text, COPY_COMMAND).then((c) => c && vscode.env.clipboard.writeText(view.commands.join('\n')));
    }
    this.onOpenedEmitter.fire({ node, file: null, line, reason: found.reason });
  }

  private post(m: HostToWebviewMessage): void {
    if (this.ready) this.postNow(m);
    else this.pending.push(m);
  }

  private postNow(m: HostToWebviewMessage): void {
    this.posted.push(m);
    void this.panel.webview.postMessage(m);
  }

  private render(): void {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    this.ready = false;
    this.panel.title = panelTitle(this.loaded);
    this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    webview.html = renderWebviewShell({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      title: panelTitle(this.loaded),
    });
  }

  private save(): Thenable<void> {
    const saved: SavedPanelState = { profileJson: this.loaded.profileJson, title: this.loaded.title, viewState: this.viewState };
    return this.state.update(PANEL_STATE_KEY, saved);
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposables.forEach((d) => d.dispose());
    this.disposables.length = 0;
    this.panel.dispose();
    this.onDisposeEmitter.fire();
    this.onDisposeEmitter.dispose();
    this.onOpenedEmitter.dispose();
  }
}

function panelTitle(l: LoadedProfile): string {
  return `Flamegraph: ${l.title.split(' · ')[0]}`;
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  // Only the bundle's folder: the webview can load nothing else from disk.
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

/** Owns the one flamegraph panel of the window. */
export class FlamegraphPanels implements vscode.Disposable {
  private currentPanel: FlamegraphPanel | undefined;
  private readonly onPanelEmitter = new vscode.EventEmitter<FlamegraphPanel>();
  /** Fired when a panel is created or restored. */
  readonly onDidCreatePanel = this.onPanelEmitter.event;

  constructor(private readonly extensionUri: vscode.Uri, private readonly state: vscode.Memento) {}

  get current(): FlamegraphPanel | undefined {
    return this.currentPanel;
  }

  show(loaded: LoadedProfile): FlamegraphPanel {
    if (this.currentPanel) {
      this.currentPanel.setProfile(loaded);
      this.currentPanel.panel.reveal(undefined, false);
      return this.currentPanel;
    }
    const panel = vscode.window.createWebviewPanel(FLAMEGRAPH_VIEW_TYPE, panelTitle(loaded), { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
      ...webviewOptions(this.extensionUri),
      retainContextWhenHidden: false,
    });
    return this.adopt(new FlamegraphPanel(panel, this.extensionUri, loaded, null, this.state));
  }

  private adopt(p: FlamegraphPanel): FlamegraphPanel {
    this.currentPanel = p;
    p.onDidDispose(() => {
      if (this.currentPanel === p) this.currentPanel = undefined;
    });
    this.onPanelEmitter.fire(p);
    return p;
  }

  /** Restores a panel after a window reload from its saved state; re-reads profile.json. */
  async restore(panel: vscode.WebviewPanel, webviewState: unknown): Promise<void> {
    const saved = this.state.get<SavedPanelState>(PANEL_STATE_KEY);
    const fromWebview = typeof webviewState === 'object' && webviewState !== null ? (webviewState as Record<string, unknown>) : {};
    const profileJson = typeof fromWebview.profileJson === 'string' ? fromWebview.profileJson : saved?.profileJson;
    // The webview keeps its view state itself (vscode.setState(viewState)); older shapes wrap it.
    const viewState = parseViewState(webviewState) ?? parseViewState(fromWebview.viewState) ?? saved?.viewState ?? null;
    if (!profileJson) {
      panel.dispose();
      return;
    }
    let profile: Profile;
    try {
      profile = await readProfileJson(profileJson);
    } catch {
      panel.dispose();
      void vscode.window.showWarningMessage(`The flamegraph could not be restored: ${profileJson} is gone. Profile again, or open its perf.data.`);
      return;
    }
    this.currentPanel?.dispose();
    const title = saved?.profileJson === profileJson ? saved.title : path.basename(path.dirname(profileJson));
    this.adopt(new FlamegraphPanel(panel, this.extensionUri, { profile, profileJson, title, workspaceRoot: profile.meta.workspaceRoot }, viewState, this.state));
  }

  dispose(): void {
    this.currentPanel?.dispose();
    this.onPanelEmitter.dispose();
  }
}
