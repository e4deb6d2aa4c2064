// Line heat in the editor: a tinted background (whole line, no inserted
// lines), a mark in the gutter edge and in the overview ruler, one
// decoration type per heat level (see HEAT_LEVELS in lspProtocol.ts). The
// level comes from the line's self+libs share (LineHeat.fraction): the
// line whose code runs the time, not every line waiting on the stack. The
// figures themselves are the server's inlay hints (src/server/lineHints.ts).

import * as vscode from 'vscode';
import { HEAT_LEVELS, LineHeat, heatLevel } from '../../protocol/lspProtocol';

/** From barely warm to hot: alpha grows with the level, the hue runs from amber to red. */
const LEVEL_COLORS = [
  'rgba(255, 196, 0, A)',
  'rgba(255, 160, 0, A)',
  'rgba(255, 112, 0, A)',
  'rgba(240, 64, 0, A)',
  'rgba(220, 20, 20, A)',
];

export class HeatDecorations implements vscode.Disposable {
  private readonly types: vscode.TextEditorDecorationType[];

  constructor() {
    this.types = HEAT_LEVELS.map((_, i) => {
      const color = (alpha: number) => LEVEL_COLORS[i].replace('A', String(alpha));
      return vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        backgroundColor: color(0.06 + 0.05 * i),
        borderColor: color(0.9),
        borderStyle: 'solid',
        borderWidth: '0 0 0 3px',
        overviewRulerColor: color(0.9),
        overviewRulerLane: vscode.OverviewRulerLane.Right,
      });
    });
  }

  apply(editor: vscode.TextEditor, heat: readonly LineHeat[]): void {
    const byLevel: vscode.Range[][] = this.types.map(() => []);
    for (const h of heat) {
      const level = heatLevel(h.fraction);
      if (level === 0 || h.line >= editor.document.lineCount) continue;
      byLevel[level - 1].push(new vscode.Range(h.line, 0, h.line, 0));
    }
    this.types.forEach((t, i) => editor.setDecorations(t, byLevel[i]));
  }

  /** No heat anywhere: hidden editors get theirs again (none, once cleared) when they show. */
  clearAll(visible: readonly vscode.TextEditor[]): void {
    for (const editor of visible) for (const t of this.types) editor.setDecorations(t, []);
  }

  dispose(): void {
    for (const t of this.types) t.dispose();
  }
}
