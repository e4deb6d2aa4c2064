// The host side of one flamegraph webview (a profile editor's panel). The
// host keeps its own copy of the profile; the webview only ever sends frame
// ids and line numbers, which the host looks up (frame → file) before opening
// anything.
// Every message from the webview goes through parseWebviewMessage; refused
// ones are logged.
//
// retainContextWhenHidden is off: the webview sends `ready` each time it is
// rebuilt and gets the profile and the last view state again. After a window
// reload VS Code reopens the editor by its URI; the webview keeps its view
// state itself (vscode.setState), so the same view comes back.

import * as vscode from 'vscode';
import type { Profile } from '../model/profileTypes';
import { DEFAULT_VIEW_STATE, HostToWebviewMessage, parseWebviewMessage, ViewState } from '../protocol/webviewMessages';
import { renderWebviewShell, newNonce } from '../core/export/flamegraphHtml';
import { locateSource, rustcBeside } from './sourceLocator';
import { openSourceBeside } from './openSource';
import { COPY_COMMAND, editorView } from '../model/diagnostics';
import { FlamegraphConfig } from './config';

export interface LoadedProfile {
  profile: Profile;
  profileJson: string;
  title: string;
  workspaceRoot: string | null;
}

/** The profile a view shows (a ProfileDocument), and when it was recorded again. */
export interface FlamegraphViewSource {
  readonly loaded: LoadedProfile;
  readonly onDidChange: vscode.Event<void>;
}

export class FlamegraphView implements vscode.Disposable {
  private viewState: ViewState | null = null;
  private ready = false;
  private pending: HostToWebviewMessage[] = [];
  private nextId = 0;
  private readonly revealed = new Map<number, (found: boolean) => void>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly onDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDisposeEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly source: FlamegraphViewSource,
    private readonly log: Pick<vscode.LogOutputChannel, 'warn'>,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m) => void this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
      // Hidden, the webview is torn down (no retainContextWhenHidden): it says `ready` again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      // Recorded again into the same profile.json: a fresh view of the new profile (explicitly: the webview's saved
      // state is of the old one, whose node ids mean nothing in the new).
      source.onDidChange(() => {
        this.viewState = { ...DEFAULT_VIEW_STATE };
        if (this.ready) this.postNow(this.showProfile());
      }),
    );
    this.render();
  }

  get profile(): LoadedProfile {
    return this.source.loaded;
  }

  /** Highlights a function's frames; resolves with the webview's answer (false: the profile has none). */
  revealFunction(name: string): Promise<boolean> {
    // In its own group: a custom editor revealed without a column would open a second editor in the active group.
    this.panel.reveal(this.panel.viewColumn, true);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.revealed.set(id, resolve);
      this.post({ type: 'revealFunction', id, name });
    });
  }

  private async receive(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.log.warn(`Refused a malformed message from the flamegraph webview: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.postNow(this.showProfile());
        for (const m of this.pending.splice(0)) this.postNow(m);
        break;
      case 'viewState':
        this.viewState = msg.state;
        break;
      case 'openFrame':
        this.postNow({ type: 'frameOpened', inReplyTo: msg.id, ...(await this.openFrame(msg.frame, msg.line)) });
        break;
      case 'functionRevealed':
        this.revealed.get(msg.inReplyTo)?.(msg.found);
        this.revealed.delete(msg.inReplyTo);
        break;
    }
  }

  private showProfile(): HostToWebviewMessage {
    const { title, profile } = this.source.loaded;
    return { type: 'showProfile', title, profile, state: this.viewState };
  }

  private async openFrame(frameId: number, rowLine: number): Promise<{ opened: boolean; reason?: string }> {
    const { frames } = this.source.loaded.profile;
    if (frameId >= frames.length) return { opened: false, reason: 'That frame is not part of this profile.' };
    const frame = frames[frameId];
    const line = rowLine > 0 ? rowLine : (frame.line ?? 1);
    const cfg = FlamegraphConfig.read();
    // rustup honours a rust-toolchain.toml in rustc's folder, and an opened profile names any workspaceRoot it
    // likes: only a trusted workspace's root is rustc's folder; untrusted, rustc runs under the spawn rule.
    const place = vscode.workspace.isTrusted
      ? { cwd: this.source.loaded.workspaceRoot ?? undefined }
      : { untrustedFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath) };
    const found = await locateSource(frame, rustcBeside(cfg.cargoPath), place);
    if (found.kind === 'file') {
      await openSourceBeside(found.path, line);
      return { opened: true };
    }
    if (found.kind === 'not-code') return { opened: false };
    vscode.window.setStatusBarMessage(`$(info) ${found.reason}`, 8000);
    if (found.kind === 'needs-rust-src') {
      const view = editorView(found.diagnostic);
      void vscode.window
        .showInformationMessage(view.text, COPY_COMMAND)
        .then((c) => c && vscode.env.clipboard.writeText(view.commands.join('\n')));
    }
    return { opened: false, reason: found.reason };
  }

  private post(m: HostToWebviewMessage): void {
    if (this.ready) this.postNow(m);
    else this.pending.push(m);
  }

  private postNow(m: HostToWebviewMessage): void {
    void this.panel.webview.postMessage(m);
  }

  private render(): void {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    this.ready = false;
    this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    webview.html = renderWebviewShell({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      title: `Flamegraph: ${this.source.loaded.title}`,
    });
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposables.forEach((d) => d.dispose());
    this.disposables.length = 0;
    for (const answer of this.revealed.values()) answer(false);
    this.revealed.clear();
    this.panel.dispose();
    this.onDisposeEmitter.fire();
    this.onDisposeEmitter.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  // Only the bundle's folder: the webview can load nothing else from disk.
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}
