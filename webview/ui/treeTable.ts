// A virtualized tree table (ARIA treegrid): a sticky header row, then the
// visible rows of a TreeSource, of which only those in view (plus a few
// above and below) exist in the DOM, placed absolutely over a body as tall
// as all of them, so the scrollbar is right. Expanding and collapsing are
// splices of the flat row list (webview/model/treeRows.ts); a render costs
// the rows in view. Names are hostile (`<`, `>`, `&`): text only, through
// textContent. The CSP forbids style attributes in markup, so sizes and
// colours are set through the CSSOM (`el.style.x = …`).

import type { FrameKind } from '../../src/model/profileTypes';
import { frameColor } from '../../src/model/palette';
import type { ThemeKind } from '../../src/model/palette';
import { TreeRows } from '../model/treeRows';
import type { TreeSource } from '../model/treeRows';
import { el } from './dom';
import { currentTheme } from './theme';
import '../treeTable.css';

export type { TreeSource } from '../model/treeRows';
export { EXPAND_ALL_LIMIT } from '../model/treeRows';

export interface TreeColumn {
  key: string; // e.g. 'total', 'self', 'ownSelf'
  title: string; // header text
  tooltip: string; // header title attribute: what the figure means
  value(id: number): number;
  /** Right-aligned cell text, e.g. "12.3%  1,234" — the caller formats. */
  format(value: number): string;
  sortable?: boolean; // for flat tables (Functions): clicking the header asks onSort
  /** Width in CSS pixels (numeric columns keep theirs; the name column takes the rest); default 130 (fits "100.0%  12,345,678"). */
  width?: number;
}

export interface TreeTableOptions {
  columns: TreeColumn[];
  onSelect(id: number): void; // selection changed (click, keyboard)
  onOpen(id: number): void; // double-click or Enter: open source
  onContextMenu?(id: number, clientX: number, clientY: number): void;
  onSort?(key: string): void; // header click on a sortable column
  ariaLabel: string;
  /** Header of the name column; default "Function". */
  nameTitle?: string;
  /** When set, the name column's header is sortable too and asks onSort with this key. */
  nameSortKey?: string;
}

export interface SetSourceOptions {
  expandHotPath?: boolean;
  /** The column the source is sorted by (marked in its header), and in which direction. */
  sortKey?: string;
  ascending?: boolean;
}

/** Row height in CSS pixels; treeTable.css's --rf-tt-row-height says the same. */
export const ROW_HEIGHT = 22;
/** Rows rendered above and below the view, so a small scroll shows no gap before the next render. */
const OVERSCAN = 6;
const INDENT_PX = 14;
/** Deep rows stop indenting at this share of the name cell, so a 500-frame-deep row still shows its name. */
const MAX_INDENT = '45%';
const DEFAULT_COLUMN_WIDTH = 130;

/** One rendered row element, with what it currently shows (so a render touches only what changed). */
interface RowView {
  el: HTMLElement;
  indent: HTMLElement;
  twisty: HTMLElement;
  swatch: HTMLElement;
  label: HTMLElement;
  nums: HTMLElement[];
  id: number;
  index: number;
  depth: number;
  /** -1 leaf, 0 closed, 1 open. */
  open: number;
  selected: boolean;
  /** The content generation it was filled in (setSource/refresh bump it). */
  gen: number;
}

let nextInstance = 0;

export class TreeTable {
  private readonly root: HTMLElement;
  private readonly head: HTMLElement;
  private readonly body: HTMLElement;
  private readonly headCells = new Map<string, HTMLElement>();
  private source: TreeSource | null = null;
  private rows: TreeRows | null = null;
  private sel: { id: number; index: number } | null = null;
  private readonly views = new Map<number, RowView>();
  private readonly spare: RowView[] = [];
  private readonly viewOf = new WeakMap<Element, RowView>();
  private gen = 0;
  private theme: ThemeKind | null = null;
  private readonly colors = new Map<string, string>();
  private bodyHeight = -1;
  /** How to bring the selected row into view once the table, hidden until now, gets a size. */
  private pendingScroll: 'nearest' | 'center' | null = null;
  /** When the keyboard last opened the context menu (performance.now()). */
  private menuKeyAt = -Infinity;
  private readonly domPrefix = `rf-tt${nextInstance++}-`;
  private readonly resize: ResizeObserver | null;

  constructor(
    parent: HTMLElement,
    private readonly opts: TreeTableOptions,
  ) {
    this.head = el('div', { class: 'rf-tt-head', role: 'row', 'aria-rowindex': '1' });
    this.body = el('div', { class: 'rf-tt-body', role: 'rowgroup' });
    this.root = el('div', { class: 'rf-tt', role: 'treegrid', tabindex: '0', 'aria-label': opts.ariaLabel }, this.head, this.body);
    this.buildHeader();
    parent.append(this.root);

    this.root.addEventListener('scroll', () => this.render());
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    this.body.addEventListener('click', (e) => this.onClick(e));
    this.body.addEventListener('dblclick', (e) => this.onDoubleClick(e));
    this.root.addEventListener('contextmenu', (e) => this.onContextMenuEvent(e));
    this.resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.onResize());
    this.resize?.observe(this.root);
  }

  /** The table's outermost element (the scrolling treegrid). */
  get element(): HTMLElement {
    return this.root;
  }

  /**
   * New data: collapses everything; when expandHotPath, opens the first
   * root's chain of first children while a child holds >= half of its
   * parent's first column value (like the Firefox Profiler opens the hot
   * path), and selects its end.
   */
  setSource(source: TreeSource, opts: SetSourceOptions = {}): void {
    this.source = source;
    this.rows = new TreeRows(source);
    this.sel = null;
    this.gen++;
    this.markSort(opts.sortKey, opts.ascending ?? false);
    this.root.scrollTop = 0;
    const first = this.opts.columns[0];
    if (opts.expandHotPath && first) {
      const end = this.rows.expandHotPath((id) => first.value(id));
      if (end >= 0) this.sel = { id: this.rows.id(end), index: end };
    }
    this.render();
    if (this.sel) this.scrollToIndex(this.sel.index, 'nearest');
  }

  /** Select a row (expanding its ancestors given as a path of ids from a root), scroll it into view, no onSelect callback. */
  revealPath(path: readonly number[]): void {
    const rows = this.rows;
    if (!rows) return;
    const at = rows.revealPath(path);
    if (at < 0) return;
    this.sel = { id: rows.id(at), index: at };
    this.render();
    this.scrollToIndex(at, 'center');
  }

  selected(): number | null {
    return this.sel?.id ?? null;
  }

  expand(id: number): void {
    const i = this.rows?.indexOf(id) ?? -1;
    if (i >= 0) this.changeRows(() => this.rows!.expandAt(i), false);
  }

  collapse(id: number): void {
    const i = this.rows?.indexOf(id) ?? -1;
    if (i >= 0) this.changeRows(() => this.rows!.collapseAt(i), false, i);
  }

  /** Re-render visible rows (e.g. after a theme change, or when the source's labels or values changed). */
  refresh(): void {
    this.gen++;
    this.colors.clear();
    this.render();
  }

  /** Rows currently rendered in the DOM (for tests/bench), and the count of visible (flattened) rows. */
  stats(): { rendered: number; visible: number } {
    return { rendered: this.views.size, visible: this.rows?.length ?? 0 };
  }

  focus(): void {
    this.root.focus({ preventScroll: true });
  }

  /** Removes the table from the page. */
  dispose(): void {
    this.resize?.disconnect();
    this.root.remove();
  }

  // ------------------------------------------------------------------ header

  private buildHeader(): void {
    const { opts } = this;
    const nameTitle = opts.nameTitle ?? 'Function';
    const nameCell = el('div', { class: 'rf-tt-cell rf-tt-namecell', role: 'columnheader' });
    nameCell.append(opts.nameSortKey ? this.sortButton(opts.nameSortKey, nameTitle) : nameTitle);
    if (opts.nameSortKey) this.headCells.set(opts.nameSortKey, nameCell);
    this.head.append(nameCell);
    for (const c of opts.columns) {
      const cell = el('div', { class: 'rf-tt-cell rf-tt-num', role: 'columnheader', title: c.tooltip });
      cell.style.width = `${c.width ?? DEFAULT_COLUMN_WIDTH}px`;
      cell.append(c.sortable ? this.sortButton(c.key, c.title) : c.title);
      this.headCells.set(c.key, cell);
      this.head.append(cell);
    }
  }

  private sortButton(key: string, title: string): HTMLElement {
    const b = el('button', { class: 'rf-tt-sort', type: 'button' }, el('span', { class: 'rf-tt-arrow', 'aria-hidden': 'true' }), title);
    b.addEventListener('click', () => this.opts.onSort?.(key));
    return b;
  }

  private markSort(key: string | undefined, ascending: boolean): void {
    for (const [k, cell] of this.headCells) {
      const on = k === key;
      if (on) cell.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      else cell.removeAttribute('aria-sort');
      const arrow = cell.querySelector('.rf-tt-arrow');
      if (arrow) arrow.textContent = on ? (ascending ? '▴' : '▾') : '';
    }
  }

  // ------------------------------------------------------------------ rendering

  private render(): void {
    const rows = this.rows;
    const n = rows?.length ?? 0;
    if (n * ROW_HEIGHT !== this.bodyHeight) {
      this.bodyHeight = n * ROW_HEIGHT;
      this.body.style.height = `${this.bodyHeight}px`;
      this.root.setAttribute('aria-rowcount', String(n + 1));
    }
    const theme = currentTheme();
    if (theme !== this.theme) {
      this.theme = theme;
      this.colors.clear();
      this.gen++;
    }
    const top = this.root.scrollTop;
    const viewHeight = Math.max(0, this.root.clientHeight - this.head.offsetHeight);
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(n, Math.ceil((top + viewHeight) / ROW_HEIGHT) + OVERSCAN);

    // Keyed by row id: a row that stays in view keeps its element (only moved), the others are recycled.
    const wanted = new Set<number>();
    for (let i = first; i < last; i++) wanted.add(rows!.id(i));
    for (const [id, v] of this.views) {
      if (wanted.has(id)) continue;
      this.views.delete(id);
      v.el.remove();
      v.id = -1;
      this.spare.push(v);
    }
    for (let i = first; i < last; i++) {
      const id = rows!.id(i);
      let v = this.views.get(id);
      if (!v) {
        v = this.spare.pop() ?? this.newRow();
        this.views.set(id, v);
        this.body.append(v.el);
      }
      this.fill(v, id, i);
    }
    if (this.spare.length > 2 * (last - first) + 16) this.spare.length = 2 * (last - first) + 16;

    const selView = this.sel ? this.views.get(this.sel.id) : undefined;
    if (selView) this.root.setAttribute('aria-activedescendant', selView.el.id);
    else this.root.removeAttribute('aria-activedescendant');
  }

  private newRow(): RowView {
    const indent = el('span', { class: 'rf-tt-indent' });
    const twisty = el('span', { class: 'rf-tt-twisty', 'aria-hidden': 'true' });
    const swatch = el('span', { class: 'rf-tt-swatch', 'aria-hidden': 'true' });
    const label = el('span', { class: 'rf-tt-label' });
    const name = el('div', { class: 'rf-tt-cell rf-tt-namecell', role: 'gridcell' }, indent, twisty, swatch, label);
    const nums = this.opts.columns.map((c) => {
      const cell = el('div', { class: 'rf-tt-cell rf-tt-num', role: 'gridcell' });
      cell.style.width = `${c.width ?? DEFAULT_COLUMN_WIDTH}px`;
      return cell;
    });
    const row = el('div', { class: 'rf-tt-row', role: 'row' }, name, ...nums);
    const v: RowView = { el: row, indent, twisty, swatch, label, nums, id: -1, index: -1, depth: -1, open: -2, selected: false, gen: -1 };
    this.viewOf.set(row, v);
    return v;
  }

  private fill(v: RowView, id: number, index: number): void {
    const rows = this.rows!;
    const source = this.source!;
    const sameRow = v.id === id && v.gen === this.gen;
    if (!sameRow) {
      v.id = id;
      v.gen = this.gen;
      v.el.id = `${this.domPrefix}${id}`;
      const { text, title, kind } = source.label(id);
      v.label.textContent = text;
      v.el.title = title;
      v.swatch.style.background = this.color(kind, title);
      this.opts.columns.forEach((c, k) => (v.nums[k].textContent = c.format(c.value(id))));
    }
    if (v.index !== index) {
      v.index = index;
      v.el.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
      v.el.setAttribute('aria-rowindex', String(index + 2));
    }
    const depth = rows.depth(index);
    if (v.depth !== depth) {
      v.depth = depth;
      v.indent.style.width = `min(${depth * INDENT_PX}px, ${MAX_INDENT})`;
      v.el.setAttribute('aria-level', String(depth + 1));
    }
    const open = rows.isExpanded(id) ? 1 : rows.canExpand(id) ? 0 : -1;
    if (v.open !== open || !sameRow) {
      v.open = open;
      v.twisty.textContent = open === 1 ? '▾' : open === 0 ? '▸' : '';
      if (open < 0) v.el.removeAttribute('aria-expanded');
      else v.el.setAttribute('aria-expanded', open === 1 ? 'true' : 'false');
    }
    const selected = this.sel?.id === id;
    if (v.selected !== selected || !sameRow) {
      v.selected = selected;
      v.el.classList.toggle('rf-tt-selected', selected);
      v.el.setAttribute('aria-selected', selected ? 'true' : 'false');
    }
  }

  private color(kind: FrameKind, name: string): string {
    const key = `${kind}\u0000${name}`;
    let c = this.colors.get(key);
    if (c === undefined) {
      c = frameColor(kind, name, this.theme ?? 'light');
      if (this.colors.size > 5000) this.colors.clear();
      this.colors.set(key, c);
    }
    return c;
  }

  /** Height of the rows' part of the view (the sticky header covers the top of the scroller). */
  private viewHeight(): number {
    return Math.max(ROW_HEIGHT, this.root.clientHeight - this.head.offsetHeight);
  }

  private onResize(): void {
    this.render();
    const pending = this.pendingScroll;
    if (pending && this.sel && this.root.clientHeight > 0) {
      this.pendingScroll = null;
      this.scrollToIndex(this.sel.index, pending);
    }
  }

  private scrollToIndex(index: number, how: 'nearest' | 'center'): void {
    if (this.root.clientHeight === 0) {
      // Hidden (display: none, or not laid out yet): scroll once it has a size.
      this.pendingScroll = how;
      return;
    }
    this.pendingScroll = null;
    const y = index * ROW_HEIGHT;
    const h = this.viewHeight();
    const top = this.root.scrollTop;
    if (y >= top && y + ROW_HEIGHT <= top + h) return;
    this.root.scrollTop = how === 'center' ? y - (h - ROW_HEIGHT) / 2 : y < top ? y : y + ROW_HEIGHT - h;
    this.render();
  }

  // ------------------------------------------------------------------ changes

  /**
   * Runs a splice of the row list, then finds the selected row again; when
   * it went out of view under a collapsed row, that row (`collapsedAt`) takes
   * the selection, with onSelect when `user`.
   */
  private changeRows(splice: () => number, user: boolean, collapsedAt = -1): void {
    const rows = this.rows!;
    if (splice() === 0) {
      this.render(); // a twisty may still change (a row whose children turned out empty)
      return;
    }
    if (this.sel) {
      const i = rows.indexOf(this.sel.id);
      if (i >= 0) this.sel.index = i;
      else if (collapsedAt >= 0) {
        this.sel = { id: rows.id(collapsedAt), index: collapsedAt };
        if (user) this.opts.onSelect(this.sel.id);
      } else this.sel = null;
    }
    this.render();
  }

  /** Selects the row at `index` and scrolls it into view; onSelect when it changed or `always`. */
  private selectIndex(index: number, always = false): void {
    const rows = this.rows;
    if (!rows || rows.length === 0) return;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    const id = rows.id(i);
    const changed = this.sel?.id !== id;
    this.sel = { id, index: i };
    this.render();
    this.scrollToIndex(i, 'nearest');
    if (changed || always) this.opts.onSelect(id);
  }

  private toggle(index: number, user: boolean): void {
    const rows = this.rows!;
    if (rows.isExpanded(rows.id(index))) this.changeRows(() => rows.collapseAt(index), user, index);
    else this.changeRows(() => rows.expandAt(index), user);
  }

  // ------------------------------------------------------------------ input

  private rowAt(e: Event): RowView | undefined {
    const row = (e.target as Element | null)?.closest?.('.rf-tt-row');
    const v = row ? this.viewOf.get(row) : undefined;
    return v && v.id >= 0 ? v : undefined;
  }

  private onClick(e: MouseEvent): void {
    const v = this.rowAt(e);
    if (!v || e.button !== 0) return;
    this.focus();
    const index = v.index;
    // The click selects the row and says so once, whatever the toggle did to the selection before.
    if ((e.target as Element).closest('.rf-tt-twisty') && v.open >= 0) this.toggle(index, false);
    this.selectIndex(this.rows!.indexOf(v.id), true);
  }

  private onDoubleClick(e: MouseEvent): void {
    const v = this.rowAt(e);
    if (!v || (e.target as Element).closest('.rf-tt-twisty')) return;
    this.opts.onOpen(v.id);
  }

  private onContextMenuEvent(e: MouseEvent): void {
    if (!this.opts.onContextMenu || !this.rows) return;
    const v = this.rowAt(e);
    if (v) {
      e.preventDefault();
      if (this.sel?.id !== v.id) this.selectIndex(v.index);
      this.opts.onContextMenu(v.id, e.clientX, e.clientY);
    } else if (e.target === this.root) {
      // The context-menu key (or Shift+F10) on the focused table: the menu opens at the selected row,
      // once (the keydown may have opened it already, when the browser follows it with this event).
      e.preventDefault();
      if (performance.now() - this.menuKeyAt > 500) this.openMenuAtSelection();
    }
  }

  private openMenuAtSelection(): void {
    if (!this.sel || !this.opts.onContextMenu) return;
    this.menuKeyAt = performance.now();
    this.scrollToIndex(this.sel.index, 'nearest');
    const r = this.views.get(this.sel.id)?.el.getBoundingClientRect();
    this.opts.onContextMenu(this.sel.id, r ? r.left + 24 : 0, r ? r.bottom : 0);
  }

  private onKey(e: KeyboardEvent): void {
    const rows = this.rows;
    if (!rows || e.altKey || e.ctrlKey || e.metaKey) return;
    if ((e.target as Element) !== this.root) return; // keys on a header button are the button's
    const n = rows.length;
    if (n === 0) return;
    const cur = this.sel?.index ?? -1;
    const page = Math.max(1, Math.floor(this.viewHeight() / ROW_HEIGHT) - 1);
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        this.selectIndex(cur + 1);
        break;
      case 'ArrowUp':
        this.selectIndex(cur < 0 ? 0 : cur - 1);
        break;
      case 'Home':
        this.selectIndex(0);
        break;
      case 'End':
        this.selectIndex(n - 1);
        break;
      case 'PageDown':
        this.selectIndex(cur < 0 ? 0 : cur + page);
        break;
      case 'PageUp':
        this.selectIndex(cur < 0 ? 0 : cur - page);
        break;
      case 'ArrowRight': {
        if (cur < 0) this.selectIndex(0);
        else if (rows.isExpanded(rows.id(cur))) {
          if (cur + 1 < n && rows.depth(cur + 1) > rows.depth(cur)) this.selectIndex(cur + 1);
        } else if (rows.canExpand(rows.id(cur))) {
          this.toggle(cur, true);
          this.scrollToIndex(this.sel!.index, 'nearest');
        }
        break;
      }
      case 'ArrowLeft': {
        if (cur < 0) this.selectIndex(0);
        else if (rows.isExpanded(rows.id(cur))) this.toggle(cur, true);
        else {
          const p = rows.parentIndex(cur);
          if (p >= 0) this.selectIndex(p);
        }
        break;
      }
      case '*':
        if (cur >= 0) {
          this.changeRows(() => rows.expandAllAt(cur), true);
          this.scrollToIndex(this.sel!.index, 'nearest');
        }
        break;
      case 'Enter':
        if (cur >= 0) this.opts.onOpen(rows.id(cur));
        break;
      case ' ':
        this.selectIndex(cur < 0 ? 0 : cur, true);
        break;
      case 'ContextMenu':
        this.openMenuAtSelection();
        break;
      case 'F10':
        if (e.shiftKey) this.openMenuAtSelection();
        else handled = false;
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  }
}
