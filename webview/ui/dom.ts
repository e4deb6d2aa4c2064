// Tiny DOM helpers. Everything that comes from a profile goes into the page
// through textContent (never innerHTML): Rust names are full of `<`, `>`, `&`.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

export function setText(e: Element, text: string): void {
  e.textContent = text;
}
