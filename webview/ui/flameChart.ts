// The drawing itself: d3-flame-graph fed with the pruned view tree. What we
// take from d3-flame-graph is its layout and SVG rendering; zoom, search and
// tooltips are ours, because its own versions walk the tree recursively,
// treat the search term as a regular expression, and (tooltips) write HTML.
// Frame labels are set with `.text()` by d3-flame-graph: names stay text.

import flamegraph, { FlameGraph, FlameNode } from 'd3-flame-graph';
import { select } from 'd3-selection';
import type { Orientation } from '../../src/protocol/webviewMessages';
import type { FlameDatum } from '../model/viewTree';
import { MATCH_COLOR, ThemeKind, frameColor } from '../../src/model/palette';
import { cutMiddle } from '../../src/model/shortName';

export interface FlameChartEvents {
  /** A frame was clicked (node id of the drawn tree). */
  onClick(node: number): void;
  /** A frame was double-clicked: open its source. */
  onOpen(node: number): void;
  /** A frame was right-clicked. */
  onContextMenu(node: number, clientX: number, clientY: number): void;
  /** The pointer entered a frame, or left the frames (null). */
  onHover(node: number | null): void;
}

const CELL_HEIGHT = 18;

export class FlameChart {
  private readonly chart: FlameGraph<FlameDatum>;
  private drawn = false;
  private widthPx = 0;
  private theme: ThemeKind = 'light';
  private colors = new Map<string, string>();

  constructor(
    private readonly container: HTMLElement,
    events: FlameChartEvents,
  ) {
    this.chart = flamegraph<FlameDatum>()
      .cellHeight(CELL_HEIGHT)
      // No animation: the data is rebuilt on every zoom (pruned for the new
      // width), so d3's element reuse would morph unrelated frames.
      .transitionDuration(0)
      .sort(false) // children come sorted from buildViewTree
      .selfValue(false)
      .resetHeightOnZoom(true)
      .title('')
      .getName((d) => d.data.n)
      .label((d) => d.data.s)
      .setColorMapper((d) => this.colorOf(d))
      .setDetailsHandler((text) => {
        if (text === null) events.onHover(null);
      })
      .setSearchHandler(() => {})
      .onHover((d) => events.onHover(d.data.node));
    // A tooltip object without HTML: d3-flame-graph then adds no <title> per
    // frame (the details line shows the same), which halves the DOM.
    const noTooltip = Object.assign(() => {}, { show() {}, hide() {}, destroy() {} });
    (this.chart as unknown as { tooltip(t: unknown): void }).tooltip(noTooltip);

    // d3-flame-graph zooms on click with recursive helpers over the drawn
    // tree; take the click first (capture phase) and zoom by rebuilding.
    const nodeAt = (ev: Event): number | null => {
      const g = (ev.target as Element | null)?.closest?.('g.frame') as (Element & { __data__?: FlameNode<FlameDatum> }) | null;
      if (!g || !container.contains(g)) return null;
      return g.__data__?.data.node ?? null;
    };
    // The first click of a double-click zooms, and d3-flame-graph places the redrawn frames on the next animation
    // frame: a second click that comes before it (a busy page, a zoom that takes a while) lands between frames. A
    // double-click opens the frame its first click was on, which is the frame the user aimed at.
    let firstClickNode: number | null = null;
    container.addEventListener(
      'click',
      (ev) => {
        const node = nodeAt(ev);
        if (ev.detail <= 1) firstClickNode = node;
        if (node === null) return;
        ev.stopPropagation();
        events.onClick(node);
      },
      true,
    );
    container.addEventListener('dblclick', (ev) => {
      const node = firstClickNode ?? nodeAt(ev);
      if (node !== null) events.onOpen(node);
    });
    container.addEventListener('contextmenu', (ev) => {
      const node = nodeAt(ev);
      if (node === null) return;
      ev.preventDefault();
      events.onContextMenu(node, ev.clientX, ev.clientY);
    });
  }

  setTheme(theme: ThemeKind): void {
    if (theme === this.theme) return;
    this.theme = theme;
    this.colors.clear();
  }

  /** Draws (or redraws) the view tree. */
  draw(root: FlameDatum, orientation: Orientation, widthPx: number, minHeightPx: number): void {
    this.chart
      .width(widthPx)
      .inverted(orientation === 'icicle')
      .minHeight(minHeightPx);
    if (!this.drawn) {
      select(this.container).datum(root).call(this.chart);
      this.drawn = true;
    } else {
      this.chart.update(root);
    }
    this.decorate(widthPx);
  }

  /** Redraws the current data (after a theme change). */
  recolor(): void {
    if (this.drawn) {
      this.chart.update();
      this.decorate(this.widthPx);
    }
  }

  /** Marks each frame element with its node id and state (for styling and tests), and sets its final width. */
  private decorate(widthPx: number): void {
    this.widthPx = widthPx;
    const charPx = this.charWidth();
    // d3-flame-graph writes each label's full name (getName) in a transition on the next frame: cancel it
    // (d3-transition's interrupt, on every selection once d3-flame-graph loaded it), our labels are set below.
    (select(this.container).selectAll('.d3-flame-graph-label') as unknown as { interrupt(): void }).interrupt();
    select(this.container)
      .selectAll<SVGGElement, FlameNode<FlameDatum>>('g.frame')
      .each(function (d: FlameNode<FlameDatum>) {
        // Final widths now: d3-flame-graph would grow new frames over 250 ms.
        const w = (d.x1 - d.x0) * widthPx;
        this.firstElementChild?.setAttribute('width', String(w));
        // No label fits under 35 px (d3-flame-graph hides the text there); hiding the
        // whole foreignObject spares the browser laying out a box per narrow frame.
        const label = this.lastElementChild as SVGElement | null;
        if (label && label.tagName === 'foreignObject') {
          label.style.display = w < 35 ? 'none' : '';
          // The short name cut in the middle, so the method name stays (CSS would cut it from the right).
          const text = label.firstElementChild;
          if (text && w >= 35) text.textContent = cutMiddle(d.data.s, Math.max(1, Math.floor((w - 8) / charPx)));
        }
        this.setAttribute('data-node', String(d.data.node));
        if (d.data.match) this.classList.add('rf-match');
        if (d.data.highlight) this.classList.add('rf-highlight');
        if (d.data.selected) this.classList.add('rf-selected');
        this.classList.add(`rf-kind-${d.data.kind}`);
      });
  }

  private measured = 0;

  /** The labels' average character width, measured once with their font. */
  private charWidth(): number {
    if (this.measured > 0) return this.measured;
    const label = this.container.querySelector('.d3-flame-graph-label');
    const ctx = document.createElement('canvas').getContext('2d');
    if (!label || !ctx) return 7;
    ctx.font = getComputedStyle(label).font;
    const sample = 'abcdefghijklmnopqrstuvwxyz::<>_ABCDEFGH';
    this.measured = ctx.measureText(sample).width / sample.length || 7;
    return this.measured;
  }

  private colorOf(d: FlameNode<FlameDatum>): string {
    const data = d.data;
    if (data.match || data.highlight) return MATCH_COLOR[this.theme];
    const key = `${data.kind}\u0000${data.n}`;
    let c = this.colors.get(key);
    if (c === undefined) {
      c = frameColor(data.kind, data.n, this.theme);
      this.colors.set(key, c);
    }
    return c;
  }
}
