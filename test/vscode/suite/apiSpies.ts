// Test-side wrappers of the `vscode` API, to watch what the extension under
// test shows without hooks in its code. VS Code gives each extension one API
// object, and a module in the extension's own folder (these tests, loaded
// from out/test) gets that same object, so a function replaced here is the
// one the extension calls. Each spy restores the original when disposed.

import * as vscode from 'vscode';

type Window = Record<string, unknown>;

/** Calls `seen` with the arguments of every call of vscode.window[name] (the call itself goes on unchanged). */
export function spyOnWindow(name: 'showQuickPick' | 'showErrorMessage', seen: (args: unknown[]) => void): vscode.Disposable {
  const win = vscode.window as unknown as Window;
  const original = win[name] as (...a: unknown[]) => unknown;
  win[name] = (...args: unknown[]) => {
    seen(args);
    return original.apply(vscode.window, args);
  };
  return { dispose: () => void (win[name] = original) };
}

/** The next call's arguments of vscode.window[name] (whose first argument may be a promise: it is awaited). */
export function nextCall<T>(name: 'showQuickPick' | 'showErrorMessage', timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      spy.dispose();
      reject(new Error(`vscode.window.${name} was not called within ${timeoutMs} ms`));
    }, timeoutMs);
    const spy = spyOnWindow(name, (args) => {
      clearTimeout(timer);
      spy.dispose();
      void Promise.resolve(args[0]).then((first) => resolve(first as T));
    });
  });
}

/**
 * Records the decorations the extension sets (line heat: one decoration type per level) on the editors it
 * reads from vscode.window.visibleTextEditors. Editors are frozen objects: each is handed out as an object
 * inheriting from it, with setDecorations recorded. `lines(uri)`: the lines of each decoration type, by the
 * order the types were first seen.
 */
export class DecorationSpy implements vscode.Disposable {
  private readonly byUri = new Map<string, Map<vscode.TextEditorDecorationType, number[]>>();
  private readonly original: PropertyDescriptor;

  constructor() {
    const win = vscode.window as unknown as Window;
    this.original = Object.getOwnPropertyDescriptor(win, 'visibleTextEditors')!;
    Object.defineProperty(win, 'visibleTextEditors', {
      configurable: true,
      enumerable: true,
      get: () => this.visible().map((e) => this.recorded(e)),
    });
  }

  /** Undefined when no visible editor shows `uri` (a hidden editor's decorations are gone). */
  lines(uri: vscode.Uri): number[][] | undefined {
    if (!this.visible().some((e) => e.document.uri.toString() === uri.toString())) return undefined;
    const m = this.byUri.get(uri.toString());
    return m && [...m.values()];
  }

  private visible(): readonly vscode.TextEditor[] {
    return (this.original.get ? this.original.get.call(vscode.window) : this.original.value) as readonly vscode.TextEditor[];
  }

  private recorded(editor: vscode.TextEditor): vscode.TextEditor {
    const wrapped = Object.create(editor) as vscode.TextEditor;
    Object.defineProperty(wrapped, 'setDecorations', {
      value: (type: vscode.TextEditorDecorationType, ranges: readonly vscode.Range[] | readonly vscode.DecorationOptions[]) => {
        const key = editor.document.uri.toString();
        if (!this.byUri.has(key)) this.byUri.set(key, new Map());
        this.byUri.get(key)!.set(
          type,
          ranges.map((r) => ('range' in r ? r.range : r).start.line),
        );
        editor.setDecorations(type, ranges);
      },
    });
    return wrapped;
  }

  dispose(): void {
    Object.defineProperty(vscode.window, 'visibleTextEditors', this.original);
  }
}
