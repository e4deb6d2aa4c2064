// The hover tooltip of frames: full name, file:line, kind, total and self
// samples with their share. Text nodes only; positioned beside the pointer,
// kept inside the window. The details line in the status bar says the same
// for keyboard users.

import { el, setText } from './dom';
import type { NodeDetails } from '../model/details';

const OFFSET = 14;

export class Tooltip {
  private readonly box = el('div', { class: 'rf-tooltip', role: 'tooltip', hidden: '' });
  private readonly name = el('div', { class: 'rf-tip-name' });
  private readonly loc = el('div', { class: 'rf-tip-loc' });
  private readonly kind = el('div', { class: 'rf-tip-kind' });
  private readonly nums = el('div', { class: 'rf-tip-nums' });
  private x = 0;
  private y = 0;

  constructor(parent: HTMLElement, area: HTMLElement) {
    this.box.append(this.name, this.loc, this.kind, this.nums);
    parent.append(this.box);
    area.addEventListener('mousemove', (e) => {
      this.x = e.clientX;
      this.y = e.clientY;
      if (!this.box.hidden) this.place();
    });
    area.addEventListener('mouseleave', () => this.hide());
  }

  show(d: NodeDetails): void {
    setText(this.name, d.name);
    setText(this.loc, d.location ?? 'no source');
    setText(this.kind, d.kindLabel);
    setText(this.nums, `${d.total} · ${d.self}`);
    this.box.hidden = false;
    this.place();
  }

  hide(): void {
    this.box.hidden = true;
  }

  private place(): void {
    const w = this.box.offsetWidth;
    const h = this.box.offsetHeight;
    const x = this.x + OFFSET + w > window.innerWidth ? Math.max(0, this.x - OFFSET - w) : this.x + OFFSET;
    const y = this.y + OFFSET + h > window.innerHeight ? Math.max(0, this.y - OFFSET - h) : this.y + OFFSET;
    this.box.style.left = `${x}px`;
    this.box.style.top = `${y}px`;
  }
}
