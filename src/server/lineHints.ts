// The per-line figures in the editor, without hovering: an inlay hint after
// the end of each line whose "self+libs" share reaches the lens threshold,
// `🔥 42.1% self+libs`, its other figures in the hint's tooltip.
//
// Inlay hints (textDocument/inlayHint), not editor decorations: every LSP
// editor shows them (`rust-flamegraph lsp --stdio` serves Neovim, Helix, …,
// not only VS Code); placed after the line's last character they move no
// code; and the editor's own switch (VS Code: editor.inlayHints.enabled)
// turns them off with the others, besides rustFlamegraph.lens.lineHints.
// Only lines over the threshold, so that a file is not covered in numbers.

import { InlayHint } from 'vscode-languageserver';
import { ProfileIndex } from './profileIndex';
import { lineHeat } from './lineHeat';
import { LensSettings } from '../protocol/lspProtocol';
import { percent, samplesText } from '../model/format';

export interface HintRange {
  /** 0-based lines, inclusive. */
  startLine: number;
  endLine: number;
}

/**
 * The hints of one document. `lineEnd(line0)` is the length of that line (UTF-16 code units, LSP's
 * default), or -1 past the end of the document.
 */
export function lineHints(
  index: ProfileIndex,
  file: string,
  lineEnd: (line0: number) => number,
  range: HintRange,
  settings: LensSettings,
): InlayHint[] {
  const n = index.samples;
  if (!settings.lineHints || n === 0) return [];
  const out: InlayHint[] = [];
  for (const h of lineHeat(index, file)) {
    if (h.line < range.startLine || h.line > range.endLine) continue;
    if (h.ownSelf === 0 || (100 * h.ownSelf) / n < settings.threshold) continue;
    const character = lineEnd(h.line);
    if (character < 0) continue;
    out.push({
      position: { line: h.line, character },
      label: `🔥 ${percent(h.ownSelf, n, 1)} self+libs`,
      paddingLeft: true,
      tooltip:
        `self+libs: ${samplesText(h.ownSelf)} in this line's own code and in the std or dependency code it runs` +
        ` · total ${percent(h.total, n, 1)} (everything it calls) · self ${percent(h.self, n, 1)} (its own instructions)` +
        (index.ownSelfExact ? '' : ' · estimated: the profile was written before per-line figures'),
    });
  }
  return out;
}
