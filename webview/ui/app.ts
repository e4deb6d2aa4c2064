// The flamegraph panel: a toolbar (views as tabs, search, the flame graph's
// orientation and zoom reset), the transforms' breadcrumb with the profile's
// title, the views (Flame graph, Call tree, Bottom-up, Caller/callee,
// Functions), and a status bar (details of the selected or hovered frame with
// "Go to source", notices, the legend). Owns the view state and tells its host
// about every change; the host decides what that means (VS Code: postMessage +
// setState; standalone page: location.hash).
//
// Clicks: one click selects (and zooms, in the flame graph); the source opens
// on double-click, Enter, the details' "Go to source" or the context menu.
// Opening on every click moved the editor beside the panel and cramped it.

import type { Profile } from '../../src/model/profileTypes';
import { DEFAULT_VIEW_STATE, Orientation, VIEW_KINDS, ViewKind, ViewState } from '../../src/protocol/webviewMessages';
import { DEFAULT_TRANSFORMS, TransformStep } from '../../src/model/transforms';
import { crateOfName } from '../../src/model/classify';
import { profileKey } from '../../src/model/profileKey';
import { FlameDatum, MARK_HIGHLIGHT, MARK_MATCH, MARK_SELECTED, buildViewTree } from '../model/viewTree';
import { framesMatching, framesNamed, hottestNodeOf, matchedSamples } from '../model/search';
import { KIND_LABELS, NodeDetails, nodeDetails } from '../model/details';
import { PanelModel } from '../model/panelModel';
import { percent, samplesText } from '../../src/model/format';
import { frameColor } from '../../src/model/palette';
import { Audience, editorView, profileDiagnostics } from '../../src/model/diagnostics';
import { FlameChart } from './flameChart';
import { BottomUpView, CallTreeView, CallersView, FunctionsView, PanelView, RowTarget, ViewEvents } from './treeViews';
import { Breadcrumb } from './breadcrumb';
import { ContextMenu, MenuItem } from './contextMenu';
import { Tooltip } from './tooltip';
import { currentTheme, watchTheme } from './theme';
import { el, setText } from './dom';

export interface AppHost {
  /** Who reads the warnings: VS Code names settings, the standalone page (CLI output) names flags. */
  readonly audience: Audience;
  /** The view changed (view, zoom, search, orientation, highlight, transforms, selection). */
  viewChanged(state: ViewState): void;
  /** Open a frame's source at a line (0: the function's own line); the standalone page has nothing to open. */
  openFrame?(frame: number, line: number): void;
}

/** Each tab's label, a shorter one for a narrow panel (style.css swaps them), and what the view shows. */
const VIEW_LABELS: Record<ViewKind, { text: string; short: string; title: string }> = {
  flame: { text: 'Flame graph', short: 'Flame', title: 'Width is time, stacking is the call hierarchy' },
  calltree: { text: 'Call tree', short: 'Tree', title: 'Top-down: what each function calls, heaviest first' },
  bottomup: { text: 'Bottom-up', short: 'Bottom-up', title: 'Functions by self time, each expanding into its callers' },
  callers: {
    text: 'Caller/callee',
    short: 'Callers',
    title: 'Who calls the selected function and what it calls, merged over every place it appears',
  },
  functions: {
    text: 'Functions',
    short: 'Functions',
    title: 'Every function with its total, self and self-with-libraries time: sortable, filtered by the search',
  },
};

const LEGEND_KINDS = ['user', 'dependency', 'std', 'system', 'kernel'] as const;
const SEARCH_DEBOUNCE_MS = 120;
/** Frames drawn at most per view (see buildViewTree's maxFrames): keeps a zoom under ~300 ms on big profiles. */
const MAX_FRAMES = 1200;
/** The hot path the flame graph opens scrolled to: the heaviest child while it holds this share of the view. */
const HOT_TIP_SHARE = 0.2;

/** What a selection stands for: the details line and the menu's actions read it. */
interface Selection {
  frame: number;
  line: number;
  /** A call-tree node of the transformed tree (flame graph and call tree rows), for "focus on this call path". */
  node: number | null;
  details: NodeDetails;
}

export class FlamegraphApp {
  private model: PanelModel | null = null;
  private title = '';
  private view: ViewState = { ...DEFAULT_VIEW_STATE };
  /** Bumps when the transformed tree or the search changes: the tree views rebuild their rows. */
  private version = 0;
  private pendingReveal: { name: string; done: (found: boolean) => void } | null = null;
  /** The selection (the last clicked frame or row); the details line shows it when the pointer is on no frame. */
  private selection: Selection | null = null;
  private marks: { key: string; marks: Uint8Array | null } = { key: '', marks: null };
  private lastWidth = 0;

  private readonly tabs = new Map<ViewKind, HTMLButtonElement>();
  private readonly titleEl = el('span', { class: 'rf-title-text' });
  private readonly subtitleEl = el('span', { class: 'rf-subtitle' });
  private readonly warningsEl = el('span', { class: 'rf-warnings', hidden: '' });
  private readonly searchEl = el('input', {
    type: 'search',
    class: 'rf-search-input',
    placeholder: 'Search',
    'aria-label': 'Search functions by name',
    spellcheck: 'false',
  });
  private readonly matchedEl = el('span', { class: 'rf-matched', 'aria-live': 'polite' });
  private readonly highlightEl = el('span', { class: 'rf-highlight-chip', hidden: '' });
  private readonly orientBtn = el('button', { type: 'button', class: 'rf-icon-btn rf-orient', title: 'Root at the top (icicle)' }, '⇅');
  private readonly resetBtn = el('button', { type: 'button', class: 'rf-icon-btn rf-reset', title: 'Show the whole graph (Esc)' }, '⤢');
  private readonly threadsBtn = el(
    'button',
    { type: 'button', class: 'rf-threads', title: 'Show one thread', 'aria-haspopup': 'menu', hidden: '' },
    'Threads ▾',
  );
  private readonly legendEl = el('span', { class: 'rf-legend' });
  private readonly viewsEl = el('div', { class: 'rf-views' });
  private readonly chartEl = el('main', { class: 'rf-chart', 'aria-label': 'Flame graph', tabindex: '0' });
  private readonly emptyEl = el('div', { class: 'rf-empty' }, 'Waiting for the profile…');
  private readonly detailsEl = el('footer', { class: 'rf-details' });
  private readonly noticeEl = el('span', { class: 'rf-notice', role: 'status' });
  /** Says how many frames of this view are not drawn: a chart cut short must not look complete. */
  private readonly hiddenEl = el('span', { class: 'rf-hidden-frames', hidden: '' });
  private readonly chart: FlameChart;
  private readonly breadcrumb: Breadcrumb;
  private readonly menu: ContextMenu;
  private readonly tooltip: Tooltip;
  private readonly views: { calltree: PanelView; bottomup: PanelView; callers: CallersView; functions: PanelView };
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Pending search (typing is debounced). */
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    parent: HTMLElement,
    private readonly host: AppHost,
    /** A view state to use when the profile arrives without one (VS Code's getState). */
    private savedState: ViewState | null = null,
  ) {
    const clearHighlight = el(
      'button',
      { type: 'button', class: 'rf-chip-clear', title: 'Stop highlighting', 'aria-label': 'Stop highlighting' },
      '×',
    );
    this.highlightEl.append(el('span', { class: 'rf-chip-text' }), clearHighlight);
    const tablist = el('nav', { class: 'rf-tabs', role: 'tablist', 'aria-label': 'Views' });
    for (const kind of VIEW_KINDS) {
      const { text, short, title } = VIEW_LABELS[kind];
      const b = el(
        'button',
        { type: 'button', class: 'rf-tab', role: 'tab', 'data-view': kind, title, 'aria-label': text },
        el('span', { class: 'rf-tab-long' }, text),
        el('span', { class: 'rf-tab-short' }, short),
      );
      b.addEventListener('click', () => this.change({ view: kind }));
      this.tabs.set(kind, b);
      tablist.append(b);
    }
    tablist.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const at = VIEW_KINDS.indexOf(this.view.view);
      const next = VIEW_KINDS[(at + (e.key === 'ArrowRight' ? 1 : VIEW_KINDS.length - 1)) % VIEW_KINDS.length];
      this.change({ view: next });
      this.tabs.get(next)?.focus();
    });
    const toolbar = el(
      'header',
      { class: 'rf-toolbar' },
      tablist,
      el('span', { class: 'rf-spacer' }),
      el('span', { class: 'rf-search' }, this.searchEl, this.matchedEl),
      this.highlightEl,
    );
    this.breadcrumb = new Breadcrumb((keep) => this.change({ transforms: this.view.transforms.slice(0, keep) }));
    const crumbsRow = el(
      'div',
      { class: 'rf-crumbs-row' },
      this.breadcrumb.element,
      this.threadsBtn,
      el('span', { class: 'rf-spacer' }),
      el('span', { class: 'rf-title' }, this.titleEl, this.subtitleEl, this.warningsEl),
      this.orientBtn,
      this.resetBtn,
    );
    this.chartEl.append(this.emptyEl);
    const app = el(
      'div',
      { class: 'rf-app' },
      toolbar,
      crumbsRow,
      this.viewsEl,
      el('div', { class: 'rf-statusbar' }, this.detailsEl, this.noticeEl, this.hiddenEl, this.legendEl),
    );
    parent.append(app);
    this.menu = new ContextMenu(app);
    this.tooltip = new Tooltip(app, this.chartEl);

    const events: ViewEvents = {
      selected: (t) => this.select(t),
      open: (t) => this.open(t),
      menu: (t, x, y) => this.openMenu(t, x, y),
    };
    this.views = {
      calltree: new CallTreeView(events),
      bottomup: new BottomUpView(events),
      callers: new CallersView(events),
      functions: new FunctionsView(events),
    };
    this.viewsEl.append(this.chartEl, ...Object.values(this.views).map((v) => v.element));

    this.chart = new FlameChart(this.chartEl, {
      onClick: (node) => this.clickFrame(node),
      onOpen: (node) => this.open(this.flameTarget(node)),
      onContextMenu: (node, x, y) => this.openMenu(this.flameTarget(node), x, y),
      onHover: (node) => {
        if (node !== null && this.model) {
          const d = nodeDetails(this.model.transformed, this.workspaceRoot(), node, this.model.allSamples);
          this.tooltip.show(d);
          this.showDetails(d);
        } else {
          this.tooltip.hide();
          this.showDetails(this.selection?.details ?? null);
        }
      },
    });
    this.chart.setTheme(currentTheme());
    this.drawLegend();
    watchTheme((t) => {
      this.chart.setTheme(t);
      this.drawLegend();
      this.chart.recolor();
    });

    this.searchEl.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => {
        this.searchTimer = undefined;
        this.change({ search: this.searchEl.value });
      }, SEARCH_DEBOUNCE_MS);
    });
    this.searchEl.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.searchEl.value) {
        e.stopPropagation();
        this.searchEl.value = '';
        this.change({ search: '' });
      }
    });
    this.orientBtn.addEventListener('click', () => this.change({ orientation: this.view.orientation === 'flame' ? 'icicle' : 'flame' }));
    this.resetBtn.addEventListener('click', () => this.resetZoom());
    this.threadsBtn.addEventListener('click', () => {
      const r = this.threadsBtn.getBoundingClientRect();
      this.menu.open(this.threadItems(), r.left, r.bottom);
    });
    clearHighlight.addEventListener('click', () => this.change({ highlightFunction: null }));
    this.chartEl.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && this.selection) this.open(this.selection);
      else if ((e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) && this.selection) {
        e.preventDefault();
        const r = this.chartEl.getBoundingClientRect();
        this.openMenu(this.selection, r.left + 20, r.top + 20);
      }
    });
    window.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'f') {
        e.preventDefault();
        this.searchEl.focus();
        this.searchEl.select();
      } else if (e.key === 'Escape' && document.activeElement !== this.searchEl && !this.menu.isOpen && this.view.view === 'flame') {
        this.resetZoom();
      }
    });
    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    // A flame graph scrolled to its root (the bottom) stays there when the panel's height changes (a details line
    // wrapping onto two lines shrinks the chart: the root slid under the status bar).
    let atBottom = true;
    this.chartEl.addEventListener('scroll', () => {
      const c = this.chartEl;
      atBottom = c.scrollTop + c.clientHeight >= c.scrollHeight - 2;
    });
    new ResizeObserver(() => {
      if (atBottom && this.view.orientation === 'flame') this.chartEl.scrollTop = this.chartEl.scrollHeight;
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        if (this.model && this.view.view === 'flame' && this.chartEl.clientWidth !== this.lastWidth) this.renderFlame(false);
      }, 100);
    }).observe(this.chartEl);
    this.showDetails(null);
    this.showView();
  }

  /** Draws a profile; `state` (from the host) wins over the saved state. */
  showProfile(title: string, profile: Profile, state: ViewState | null): void {
    // A state of another profile (a new recording in the same panel) keeps only the orientation and the view:
    // its node ids and frame ids mean other frames here. It opens unzoomed, unfiltered, with the default steps.
    const key = profileKey(profile);
    const given = state ?? this.savedState;
    const same = given !== null && (given.profile === undefined || given.profile === key);
    this.view = same
      ? { ...given, profile: key }
      : {
          ...DEFAULT_VIEW_STATE,
          orientation: given?.orientation ?? DEFAULT_VIEW_STATE.orientation,
          view: given?.view ?? DEFAULT_VIEW_STATE.view,
          transforms: [...DEFAULT_TRANSFORMS],
          profile: key,
        };
    if (this.view.selectedFrame !== null && this.view.selectedFrame >= profile.frames.length) this.view.selectedFrame = null;
    this.model = new PanelModel(profile, this.view.transforms);
    this.version++;
    this.title = title;
    this.marks = { key: '', marks: null };
    this.savedState = null;
    this.selection = null;
    clearTimeout(this.searchTimer);
    this.searchTimer = undefined;
    this.searchEl.value = this.view.search;
    setText(this.titleEl, title);
    const total = profile.tree.total[0] ?? 0;
    setText(
      this.subtitleEl,
      [samplesText(total), profile.meta.event, profile.meta.frequency ? `${profile.meta.frequency} Hz` : ''].filter(Boolean).join(' · '),
    );
    const warnings =
      this.host.audience === 'vscode' ? profileDiagnostics(profile.meta).map((d) => editorView(d).text) : (profile.meta.warnings ?? []);
    this.warningsEl.hidden = warnings.length === 0;
    setText(this.warningsEl, `⚠ ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`);
    this.warningsEl.title = warnings.join('\n');
    this.emptyEl.remove();
    if (!(total > 0)) {
      setText(this.emptyEl, 'This profile has no samples.');
      this.chartEl.append(this.emptyEl);
    }
    this.breadcrumb.render(this.view.transforms, profile.frames);
    this.threadsBtn.hidden = profile.tree.parent.filter((p) => p === 0).length < 2;
    this.showView();
    if (this.pendingReveal !== null) {
      const { name, done } = this.pendingReveal;
      this.pendingReveal = null;
      done(this.revealNow(name));
    }
  }

  /** Highlights every frame of a function and shows its hottest one (once the profile is there); false when it has none. */
  revealFunction(name: string): Promise<boolean> {
    if (this.model) return Promise.resolve(this.revealNow(name));
    // A newer request replaces an older one that never got its profile.
    this.pendingReveal?.done(false);
    return new Promise((done) => (this.pendingReveal = { name, done }));
  }

  private revealNow(name: string): boolean {
    const model = this.model!;
    const node = hottestNodeOf(model.transformed, name);
    if (node < 0) {
      const hidden = model.profile.frames.some((f) => f.name === name);
      this.notice(hidden ? `${name} is hidden by the transforms: go back in the breadcrumb.` : `${name} has no frames in this profile.`);
      return false;
    }
    this.selection = this.flameTarget(node);
    this.change({ highlightFunction: name, zoomNode: node, selectedFrame: model.tree.frame[node] });
    return true;
  }

  /** Replaces the chart with a message (no profile to draw). */
  showProblem(text: string): void {
    setText(this.emptyEl, text);
    if (!this.emptyEl.isConnected) this.chartEl.append(this.emptyEl);
  }

  notice(text: string): void {
    setText(this.noticeEl, text);
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => setText(this.noticeEl, ''), 10_000);
  }

  private workspaceRoot(): string | null {
    return this.model?.profile.meta.workspaceRoot ?? null;
  }

  private flameTarget(node: number): Selection {
    const model = this.model!;
    const tree = model.tree;
    return {
      frame: tree.frame[node],
      line: tree.line[node] > 0 ? tree.line[node] : 0,
      node,
      details: nodeDetails(model.transformed, this.workspaceRoot(), node, model.allSamples),
    };
  }

  private clickFrame(node: number): void {
    this.selection = this.flameTarget(node);
    this.change({ zoomNode: node, selectedFrame: node === 0 ? null : this.selection.frame });
  }

  /** A row or frame selected in any view: every view shows that function. */
  private select(t: RowTarget | Selection): void {
    this.selection = t;
    this.showDetails(t.details);
    this.change({ selectedFrame: t.details.kind === 'root' ? null : t.frame });
  }

  private open(t: RowTarget | Selection): void {
    if (!t.details.hasSource) {
      // A thread or the root is not a function: nothing to open and nothing to explain.
      if (t.details.kind !== 'process' && t.details.kind !== 'root')
        this.notice(`No source for ${t.details.name}: ${t.details.kindLabel}${t.details.file ? '' : ', no debug info'}.`);
      return;
    }
    if (this.host.openFrame) this.host.openFrame(t.frame, t.line);
    else this.notice(`${t.details.location}: open it in your editor (this page cannot open files).`);
  }

  private openMenu(t: RowTarget | Selection, x: number, y: number): void {
    const model = this.model;
    if (!model) return;
    this.select(t);
    const info = model.frames[t.frame];
    const kind = info?.kind;
    const isThread = kind === 'process';
    const isRoot = t.details.kind === 'root';
    const name = model.shortName(t.frame);
    const push = (step: TransformStep) => this.change({ transforms: [...this.view.transforms, step] });
    const items: MenuItem[] = [
      {
        label: 'Go to source',
        run: () => this.open(t),
        disabled: !t.details.hasSource || !this.host.openFrame,
        title: this.host.openFrame ? 'Double-click or Enter does the same' : 'This page cannot open files',
      },
    ];
    if (!isRoot && !isThread) {
      items.push(
        {
          label: 'Show callers and callees',
          run: () => {
            this.views.callers.recentre();
            this.change({ view: 'callers', selectedFrame: t.frame });
          },
        },
        {
          label: `Focus on ${name}`,
          run: () => push({ kind: 'focusFunction', frame: t.frame }),
          title: 'Only the samples through this function, merged over its call sites',
        },
      );
      if (t.node !== null)
        items.push({ label: 'Focus on this call path', run: () => push({ kind: 'focusPath', path: model.framePath(t.node!) }) });
      items.push(
        {
          label: `Merge ${name}`,
          run: () => push({ kind: 'merge', frame: t.frame }),
          title: 'Its time goes to its callers; its callees move up',
        },
        { label: 'Collapse recursion', run: () => push({ kind: 'collapseRecursion', frame: t.frame }) },
      );
      const crate = kind === 'std' ? 'std' : info ? crateOfName(info.name) : null;
      if (crate && kind !== 'user')
        items.push({
          label: crate === 'std' ? 'Collapse Rust std' : `Collapse crate ${crate}`,
          run: () => push({ kind: 'collapseCrate', crate }),
          title: 'Its frames merge into the code that calls them',
        });
    }
    if (isThread) items.push({ label: `Only this thread`, run: () => push({ kind: 'threads', frames: [t.frame] }) });
    if (!this.view.transforms.some((s) => s.kind === 'dropStartup'))
      items.push({ label: 'Hide start-up frames', run: () => push({ kind: 'dropStartup' }) });
    this.menu.open(items, x, y);
  }

  /** The thread filter's menu: each thread of the profile (depth-1 frames) with its share, heaviest first. */
  private threadItems(): MenuItem[] {
    const model = this.model;
    if (!model) return [];
    const { tree } = model.profile;
    const threads: { frame: number; total: number }[] = [];
    for (let v = 1; v < tree.parent.length; v++) if (tree.parent[v] === 0) threads.push({ frame: tree.frame[v], total: tree.total[v] });
    threads.sort((a, b) => b.total - a.total);
    const others = this.view.transforms.filter((s) => s.kind !== 'threads');
    return [
      { label: 'All threads', run: () => this.change({ transforms: others }) },
      ...threads.map((t) => ({
        label: `${model.frames[t.frame]?.name ?? '[unknown]'} — ${percent(t.total, model.allSamples)}`,
        run: () => this.change({ transforms: [...others, { kind: 'threads' as const, frames: [t.frame] }] }),
      })),
    ];
  }

  private resetZoom(): void {
    this.selection = null;
    this.change({ zoomNode: 0 });
  }

  private change(patch: Partial<ViewState>): void {
    if (this.searchTimer !== undefined) {
      // Typing not yet applied belongs to this change too (and must not be lost).
      clearTimeout(this.searchTimer);
      this.searchTimer = undefined;
      if (patch.search === undefined) patch = { ...patch, search: this.searchEl.value };
    }
    const before = this.view;
    const next = { ...before, ...patch };
    const transformsChanged = patch.transforms !== undefined && JSON.stringify(patch.transforms) !== JSON.stringify(before.transforms);
    if (transformsChanged) {
      // Node ids of the old tree mean nothing in the new one.
      next.zoomNode = 0;
      this.selection = null;
    }
    this.view = next;
    if (!this.model) return;
    if (transformsChanged) {
      this.model.setSteps(next.transforms);
      this.breadcrumb.render(next.transforms, this.model.frames);
      this.marks = { key: '', marks: null };
    }
    if (transformsChanged || next.search !== before.search) this.version++;
    const zoomChanged = patch.zoomNode !== undefined || patch.orientation !== undefined || transformsChanged || patch.view !== undefined;
    this.showView(zoomChanged);
    if (JSON.stringify(next) !== JSON.stringify(before)) this.host.viewChanged(structuredClone(this.view));
  }

  /** Shows the current view (tabs, which part is visible) and draws it. */
  private showView(scroll = true): void {
    const kind = this.view.view;
    for (const [k, b] of this.tabs) {
      b.setAttribute('aria-selected', String(k === kind));
      b.tabIndex = k === kind ? 0 : -1;
    }
    this.chartEl.hidden = kind !== 'flame';
    this.orientBtn.hidden = kind !== 'flame';
    this.resetBtn.hidden = kind !== 'flame';
    this.hiddenEl.hidden = kind !== 'flame' || this.hiddenEl.textContent === '';
    for (const [k, v] of Object.entries(this.views)) v.element.hidden = k !== kind;
    this.viewsEl.dataset.view = kind;
    if (!this.model) return;
    if (kind === 'flame') this.renderFlame(scroll);
    else {
      this.views[kind].show({
        model: this.model,
        search: this.view.search,
        selectedFrame: this.view.selectedFrame,
        version: this.version,
        workspaceRoot: this.workspaceRoot(),
      });
      this.drawMatched(null);
    }
    this.showDetails(this.selection?.details ?? null);
  }

  private renderFlame(scroll: boolean): void {
    const model = this.model;
    if (!model || !(model.profile.tree.total[0] > 0)) return; // nothing to draw: the "no samples" message stays
    if (!(model.tree.total[0] > 0)) {
      this.notice('The transforms leave no samples: go back in the breadcrumb.');
    }
    const frameMarks = this.frameMarks(model);
    const width = Math.max(this.chartEl.clientWidth, 200);
    this.lastWidth = this.chartEl.clientWidth;
    const vt = buildViewTree(model.transformed, model.index, {
      zoomNode: this.view.zoomNode,
      widthPx: width,
      frameMarks,
      maxFrames: MAX_FRAMES,
      shortNameOf: (f) => model.shortName(f),
    });
    this.view.zoomNode = vt.zoomNode;
    this.chart.draw(vt.root, this.view.orientation, width, Math.max(this.chartEl.clientHeight - 4, 0));
    if (scroll) this.scrollToHotTip(vt.zoomed);
    this.chartEl.dataset.zoom = String(vt.zoomNode);
    this.chartEl.dataset.orientation = this.view.orientation;
    this.orientBtn.setAttribute('aria-pressed', String(this.view.orientation === 'icicle'));
    this.orientBtn.title = this.view.orientation === 'flame' ? 'Root at the top (icicle)' : 'Root at the bottom (flame)';
    this.resetBtn.disabled = vt.zoomNode === 0;
    this.showHidden(vt.hidden);
    this.drawMatched(frameMarks);
  }

  /**
   * Scrolls a graph taller than the panel so the tip of its hot path (the heaviest child, followed while it holds a
   * fifth of the zoomed frame) is in view, with as much below it as fits: opening at the root of a deep flame graph
   * left the hot frames above the fold. Flame: the root at the bottom; icicle: at the top.
   */
  private scrollToHotTip(zoomed: FlameDatum): void {
    const chart = this.chartEl;
    const flame = this.view.orientation === 'flame';
    chart.scrollTop = flame ? chart.scrollHeight : 0;
    let tip = zoomed;
    for (;;) {
      const next = tip.c?.reduce((a, b) => (b.v > a.v ? b : a));
      if (!next || next.v < zoomed.v * HOT_TIP_SHARE) break;
      tip = next;
    }
    const g = chart.querySelector(`g.frame[data-node="${tip.node}"]`);
    if (!g) return;
    const top = g.getBoundingClientRect().top - chart.getBoundingClientRect().top + chart.scrollTop;
    const margin = 2 * (g.getBoundingClientRect().height || 18);
    if (flame && top < chart.scrollTop) chart.scrollTop = Math.max(0, top - margin);
    if (!flame && top + margin > chart.scrollTop + chart.clientHeight) chart.scrollTop = top + margin - chart.clientHeight;
  }

  /** Short in the status bar, which it shares with the legend; the whole sentence on hover. */
  private showHidden(hidden: number): void {
    const count = `${hidden.toLocaleString('en-US')} ${hidden === 1 ? 'frame' : 'frames'}`;
    this.hiddenEl.hidden = hidden === 0;
    this.hiddenEl.title = hidden === 0 ? '' : `${count} too narrow or beyond the drawing budget hidden; click a frame to zoom in`;
    setText(this.hiddenEl, hidden === 0 ? '' : `${count} hidden`);
  }

  /** Per-frame marks for search matches, the highlighted and the selected function, recomputed only when those change. */
  private frameMarks(model: PanelModel): Uint8Array | null {
    const { search, highlightFunction, selectedFrame } = this.view;
    const key = `${search}\u0000${highlightFunction ?? ''}\u0000${highlightFunction === null ? 0 : 1}\u0000${selectedFrame}`;
    if (this.marks.key === key && this.marks.marks !== null) return this.marks.marks.length > 0 ? this.marks.marks : null;
    let marks: Uint8Array | null = null;
    const view = model.transformed;
    if (search || highlightFunction !== null || selectedFrame !== null) {
      marks = new Uint8Array(model.frames.length);
      if (search) framesMatching(view, search).forEach((m, i) => (marks![i] |= m ? MARK_MATCH : 0));
      if (highlightFunction !== null) framesNamed(view, highlightFunction).forEach((m, i) => (marks![i] |= m ? MARK_HIGHLIGHT : 0));
      if (selectedFrame !== null && selectedFrame < marks.length) marks[selectedFrame] |= MARK_SELECTED;
    }
    this.marks = { key, marks: marks ?? new Uint8Array(0) };
    return marks;
  }

  private drawMatched(marks: Uint8Array | null): void {
    const model = this.model;
    if (this.view.search && model) {
      if (this.view.view === 'flame' && marks) {
        const searchOnly = marks.map((m) => m & MARK_MATCH);
        const matched = matchedSamples(model.transformed, searchOnly);
        setText(this.matchedEl, `${percent(matched, model.tree.total[0])} of samples matched`);
        this.matchedEl.title = samplesText(matched);
      } else {
        const kept = model.searched(this.view.search).tree.total[0] ?? 0;
        setText(this.matchedEl, `${percent(kept, model.tree.total[0])} of samples matched`);
        this.matchedEl.title = `${samplesText(kept)}: the views show only the samples through a matching function`;
      }
      this.matchedEl.hidden = false;
    } else {
      setText(this.matchedEl, '');
      this.matchedEl.hidden = true;
    }
    const fn = this.view.highlightFunction;
    this.highlightEl.hidden = fn === null || this.view.view !== 'flame';
    setText(this.highlightEl.querySelector('.rf-chip-text')!, fn === null ? '' : `fn ${fn}`);
    this.highlightEl.title = fn ?? '';
  }

  /** The details line: a frame's name, file:line, kind, total and self samples (all text nodes), and "Go to source". */
  private showDetails(info: NodeDetails | null): void {
    const d = this.detailsEl;
    d.replaceChildren();
    if (!this.model || info === null) {
      const flame = this.view.view === 'flame';
      d.append(
        el(
          'span',
          { class: 'rf-hint' },
          !this.model
            ? ''
            : flame
              ? 'Click: select and zoom · double-click or Enter: source · right-click: more · Esc: zoom out'
              : 'Click: select · double-click or Enter: source · right-click: more',
        ),
      );
      d.dataset.frame = '';
      return;
    }
    d.dataset.frame = String(info.frame);
    d.append(el('span', { class: 'rf-d-name', title: info.name }, info.name));
    if (info.location) d.append(el('span', { class: 'rf-d-loc', title: info.file ?? '' }, info.location));
    d.append(
      el('span', { class: 'rf-d-kind' }, info.kindLabel),
      el('span', { class: 'rf-d-num' }, info.total),
      el('span', { class: 'rf-d-num' }, info.self),
    );
    const sel = this.selection;
    if (sel && sel.frame === info.frame && info.hasSource && this.host.openFrame) {
      const go = el(
        'button',
        { type: 'button', class: 'rf-goto', title: 'Open this line beside the panel (Enter, double-click)' },
        'Go to source',
      );
      go.addEventListener('click', () => this.open(sel));
      d.append(go);
    }
  }

  private drawLegend(): void {
    const theme = currentTheme();
    this.legendEl.replaceChildren(
      ...LEGEND_KINDS.map((k) => {
        const sw = el('span', { class: 'rf-swatch' });
        sw.style.background = frameColor(k, k, theme); // CSSOM, allowed by the CSP (no style attribute)
        return el('span', { class: 'rf-legend-item' }, sw, KIND_LABELS[k]);
      }),
    );
  }
}

export type { Orientation };
