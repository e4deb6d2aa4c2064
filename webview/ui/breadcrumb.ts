// The transforms as a breadcrumb of undoable steps (as the Firefox Profiler
// shows its transform stack): "Full profile › Start-up hidden › Merge f".
// Clicking a crumb goes back to it (the steps after it are dropped); the last
// step has an undo button. The full names are in each crumb's title.

import type { FrameInfo } from '../../src/model/profileTypes';
import { TransformStep, describeStep } from '../../src/model/transforms';
import { el, setText } from './dom';

export class Breadcrumb {
  /** The crumbs scroll sideways when they are many; the undo button beside them stays in view. */
  private readonly list = el('span', { class: 'rf-crumb-list' });
  private readonly undo = el(
    'button',
    { type: 'button', class: 'rf-crumb-undo', title: 'Undo the last step', 'aria-label': 'Undo the last step', hidden: '' },
    '↶',
  );
  private steps = 0;
  readonly element = el('nav', { class: 'rf-crumbs', 'aria-label': 'Transforms' }, this.list, this.undo);

  constructor(private readonly onGoto: (keep: number) => void) {
    this.undo.addEventListener('click', () => this.onGoto(this.steps - 1));
  }

  render(steps: readonly TransformStep[], frames: readonly FrameInfo[]): void {
    const crumb = (text: string, keep: number, title: string) => {
      const current = keep === steps.length;
      const b = el('button', { type: 'button', class: 'rf-crumb', title });
      setText(b, text);
      if (current) b.setAttribute('aria-current', 'step');
      else b.addEventListener('click', () => this.onGoto(keep));
      return b;
    };
    const parts: Node[] = [crumb('Full profile', 0, 'Every frame of every sample: undo all the steps')];
    steps.forEach((s, i) => {
      parts.push(el('span', { class: 'rf-crumb-sep', 'aria-hidden': 'true' }, '›'));
      parts.push(crumb(describeStep(s, frames), i + 1, fullDescription(s, frames)));
    });
    this.steps = steps.length;
    this.undo.hidden = steps.length === 0;
    this.list.replaceChildren(...parts);
    // The newest step is the one to see.
    this.list.scrollLeft = this.list.scrollWidth;
  }
}

/** The step with full function names, for the crumb's tooltip. */
function fullDescription(s: TransformStep, frames: readonly FrameInfo[]): string {
  const name = (f: number) => frames[f]?.name ?? `#${f}`;
  switch (s.kind) {
    case 'focusFunction':
      return `Only samples through ${name(s.frame)}, merged over its call sites`;
    case 'focusPath':
      return `Only the call path ${s.path.map(name).join(' → ')}`;
    case 'merge':
      return `${name(s.frame)} merged into its callers`;
    case 'collapseRecursion':
      return `Recursion of ${name(s.frame)} collapsed into its outermost call`;
    case 'collapseCrate':
      return s.crate === 'std' ? "Rust's standard library merged into its callers" : `Crate ${s.crate} merged into its callers`;
    case 'dropStartup':
      return 'The runtime frames above main and the thread closures hidden (_start, lang_start, catch_unwind, thread start)';
    case 'threads':
      return `Only ${s.frames.map(name).join(', ')}`;
  }
}
