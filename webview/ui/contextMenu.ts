// A small context menu (right-click, the context-menu key, Shift+F10) for a
// frame or a row: go to source, show it in another view, and the transforms.
// Keyboard: arrows move, Enter runs, Escape closes and gives focus back.
// Labels are text only (they hold Rust names).

import { el, setText } from './dom';

export interface MenuItem {
  label: string;
  run(): void;
  disabled?: boolean;
  /** Says why it is disabled, or what it does. */
  title?: string;
}

export class ContextMenu {
  private readonly box = el('div', { class: 'rf-menu', role: 'menu', hidden: '' });
  private returnFocus: HTMLElement | null = null;

  constructor(parent: HTMLElement) {
    parent.append(this.box);
    this.box.addEventListener('keydown', (e) => this.key(e));
    document.addEventListener('mousedown', (e) => {
      if (!this.box.hidden && !this.box.contains(e.target as Node)) this.close(false);
    });
    window.addEventListener('blur', () => this.close(false));
  }

  get isOpen(): boolean {
    return !this.box.hidden;
  }

  open(items: readonly MenuItem[], clientX: number, clientY: number): void {
    this.returnFocus = document.activeElement as HTMLElement | null;
    this.box.replaceChildren(
      ...items.map((item) => {
        const b = el('button', { type: 'button', class: 'rf-menu-item', role: 'menuitem' });
        setText(b, item.label);
        if (item.title) b.title = item.title;
        if (item.disabled) b.disabled = true;
        b.addEventListener('click', () => {
          this.close(true);
          item.run();
        });
        return b;
      }),
    );
    this.box.hidden = false;
    // Inside the window: flip left/up when the menu would leave it.
    const w = this.box.offsetWidth;
    const h = this.box.offsetHeight;
    const x = Math.max(0, Math.min(clientX, window.innerWidth - w - 2));
    const y = clientY + h > window.innerHeight ? Math.max(0, clientY - h) : clientY;
    this.box.style.left = `${x}px`;
    this.box.style.top = `${y}px`;
    this.buttons()
      .find((b) => !b.disabled)
      ?.focus();
  }

  close(keepFocusWhereItGoes: boolean): void {
    if (this.box.hidden) return;
    this.box.hidden = true;
    this.box.replaceChildren();
    if (!keepFocusWhereItGoes) this.returnFocus?.focus();
  }

  private buttons(): HTMLButtonElement[] {
    return Array.from(this.box.querySelectorAll('button'));
  }

  private key(e: KeyboardEvent): void {
    const enabled = this.buttons().filter((b) => !b.disabled);
    const at = enabled.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      this.close(false);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (at + (e.key === 'ArrowDown' ? 1 : -1) + enabled.length) % enabled.length;
      enabled[next]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      enabled[e.key === 'Home' ? 0 : enabled.length - 1]?.focus();
    }
  }
}
