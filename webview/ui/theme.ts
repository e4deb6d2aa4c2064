// Which theme the page is in: VS Code puts vscode-light / vscode-dark /
// vscode-high-contrast(-light) on <body>; the standalone page follows the
// system's prefers-color-scheme.

import type { ThemeKind } from '../../src/model/palette';

export function currentTheme(): ThemeKind {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-dark')) return 'dark';
  if (c.contains('vscode-light')) return 'light';
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Calls back whenever the theme changes (VS Code swaps body classes; the system flips its scheme). */
export function watchTheme(onChange: (t: ThemeKind) => void): void {
  let last = currentTheme();
  const check = () => {
    const t = currentTheme();
    if (t !== last) {
      last = t;
      onChange(t);
    }
  };
  new MutationObserver(check).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', check);
}
