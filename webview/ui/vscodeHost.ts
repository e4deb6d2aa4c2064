// Inside a VS Code webview: the profile comes from the extension host. Flow:
//   webview → host  {type:'ready'} once the script runs
//   host → webview  {type:'showProfile', title, profile, state}
//   webview → host  {type:'openFrame', id, frame, line} on double-click/Enter/Go to source, {type:'viewState', state} on every view change
//   host → webview  {type:'frameOpened', inReplyTo, opened, reason?} (the reason is shown as a notice)
//   host → webview  {type:'revealFunction', id, name} → webview → host {type:'functionRevealed', inReplyTo, found}
// The view state is also kept with vscode.setState(viewState), so hiding the
// panel or reloading the window brings the same view back.

import { ViewState, WebviewToHostMessage, parseHostMessage, parseViewState } from '../../src/protocol/webviewMessages';
import { FlamegraphApp } from './app';

interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: ViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function hasVsCodeApi(): boolean {
  return typeof (globalThis as { acquireVsCodeApi?: unknown }).acquireVsCodeApi === 'function';
}

export function startInVsCode(parent: HTMLElement): FlamegraphApp {
  const vscode = acquireVsCodeApi();
  const saved = parseViewState(vscode.getState()) ?? null;
  let nextId = 0;
  const app = new FlamegraphApp(
    parent,
    {
      audience: 'vscode',
      viewChanged(state) {
        vscode.setState(state);
        vscode.postMessage({ type: 'viewState', state });
      },
      openFrame(frame, line) {
        vscode.postMessage({ type: 'openFrame', id: nextId++, frame, line });
      },
    },
    saved,
  );
  window.addEventListener('message', (event: MessageEvent) => {
    const msg = parseHostMessage(event.data);
    if (!msg) return; // not ours, or malformed: ignore
    switch (msg.type) {
      case 'showProfile':
        app.showProfile(msg.title, msg.profile, msg.state);
        break;
      case 'revealFunction':
        void app.revealFunction(msg.name).then((found) => vscode.postMessage({ type: 'functionRevealed', inReplyTo: msg.id, found }));
        break;
      case 'frameOpened':
        if (!msg.opened && msg.reason) app.notice(msg.reason);
        break;
    }
  });
  vscode.postMessage({ type: 'ready' });
  return app;
}
