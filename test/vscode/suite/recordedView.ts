// Test-side observation of the host ⇄ webview protocol: the product's
// FlamegraphView (the host side of a profile editor) over a webview panel
// that this test opens, wrapped so that every message posted to the real
// webview (dist/webview.js in Chromium) and every message it sends are
// recorded here. `send` plays a webview message (malformed ones too);
// requests get their replies by id.

import * as vscode from 'vscode';
import { FlamegraphView, LoadedProfile } from '../../../src/extension/flamegraphPanel';
import type { FrameOpenedMessage, HostToWebviewMessage } from '../../../src/protocol/webviewMessages';
import { until } from './miniRunner';

export class RecordedView implements vscode.Disposable {
  readonly posted: HostToWebviewMessage[] = [];
  /** Raw messages from the real webview. */
  readonly received: { type?: unknown }[] = [];
  /** Messages the view refused (what it logged). */
  readonly refused: string[] = [];
  readonly view: FlamegraphView;
  readonly panel: vscode.WebviewPanel;
  private readonly injected = new vscode.EventEmitter<unknown>();
  private nextId = 1_000_000;

  constructor(loaded: LoadedProfile, extensionUri: vscode.Uri) {
    this.panel = vscode.window.createWebviewPanel(
      'rustFlamegraph.test',
      'recorded',
      { viewColumn: vscode.ViewColumn.One, preserveFocus: false },
      {},
    );
    const webview = forward(this.panel.webview, {
      postMessage: (m: HostToWebviewMessage) => {
        this.posted.push(m);
        return this.panel.webview.postMessage(m);
      },
      onDidReceiveMessage: (listener: (m: unknown) => void, thisArg?: unknown) =>
        vscode.Disposable.from(
          this.panel.webview.onDidReceiveMessage((m: { type?: unknown }) => {
            this.received.push(m);
            listener.call(thisArg, m);
          }),
          this.injected.event(listener, thisArg),
        ),
    });
    const panel = forward(this.panel, { webview });
    this.view = new FlamegraphView(
      panel,
      extensionUri,
      { loaded, onDidChange: new vscode.EventEmitter<void>().event },
      { warn: (m: string) => void this.refused.push(m) },
    );
  }

  /** As if the webview had sent `raw`. */
  send(raw: unknown): void {
    this.injected.fire(raw);
  }

  /**
   * Asks to open the source of a node of the profile's own tree, as a double-click in the webview does (it sends
   * the node's frame id and line), and resolves with the host's reply. A node past the tree asks for a frame id
   * as far past the frames.
   */
  async openFrame(node: number): Promise<FrameOpenedMessage> {
    const id = this.nextId++;
    const { tree } = this.view.profile.profile;
    const inTree = node < tree.frame.length;
    this.send({ type: 'openFrame', id, frame: inTree ? tree.frame[node] : node, line: inTree ? tree.line[node] : 0 });
    return until(
      `the reply to openFrame ${node}`,
      () => this.posted.find((m): m is FrameOpenedMessage => m.type === 'frameOpened' && m.inReplyTo === id),
      30_000,
    );
  }

  dispose(): void {
    this.view.dispose();
    this.injected.dispose();
  }
}

/** `target` with some members replaced; the rest read from and written to `target` itself (VS Code's objects keep private fields). */
function forward<T extends object>(target: T, overrides: Record<string, unknown>): T {
  return new Proxy(target, {
    get(t, key) {
      if (typeof key === 'string' && key in overrides) return overrides[key];
      const v = Reflect.get(t, key) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
    set(t, key, value) {
      (t as Record<string | symbol, unknown>)[key] = value;
      return true;
    },
  });
}
