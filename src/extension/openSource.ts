// Opening a frame's source beside the flamegraph, on the given line, with the
// cursor there and the line centred; the flamegraph stays visible.

import * as vscode from 'vscode';

const flash = vscode.window.createTextEditorDecorationType({
  isWholeLine: true,
  backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
});

export async function openSourceBeside(file: string, line: number): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const lineIndex = Math.max(0, Math.min(line - 1, doc.lineCount - 1));
  const pos = new vscode.Position(lineIndex, 0);
  const editor = await vscode.window.showTextDocument(doc, {
    viewColumn: vscode.ViewColumn.Beside,
    preserveFocus: false,
    selection: new vscode.Selection(pos, pos),
  });
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
  // A short highlight of the whole line: the cursor alone is easy to miss.
  editor.setDecorations(flash, [new vscode.Range(pos, pos)]);
  setTimeout(() => editor.setDecorations(flash, []), 1500);
  return editor;
}
