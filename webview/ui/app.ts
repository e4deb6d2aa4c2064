// The flamegraph page: toolbar (title, search, matched %, orientation,
// reset), the chart, and the details line. Owns the view state and tells
// its host about every change; the host decides what that means (VS Code:
// postMessage + setState; standalone page: location.hash).

import type { Profile } from '../../src/model/profileTypes';
import { DEFAULT_VIEW_STATE, Orientation, ViewState } from '../../src/protocol/webviewMessages';
import { CallTreeIndex, buildCallTreeIndex } from '../../src/model/callTreeIndex';
import { profileKey } from '../../src/model/profileKey';
import { MARK_HIGHLIGHT, MARK_MATCH, buildViewTree } from '../model/viewTree';
import { framesMatching, framesNamed, hottestNodeOf, matchedSamples } from '../model/search';
import { KIND_LABELS, nodeDetails } from '../model/details';
import { percent, samplesText } from '../../src/model/format';
import { frameColor } from '../../src/model/palette';
import { Audience, editorView, profileDiagnostics } from '../../src/model/diagnostics';
import { FlameChart } from './flameChart';
import { currentTheme, watchTheme } from './theme';
import { el, setText } from './dom';

export interface AppHost {
  /** Who reads the warnings: VS Code names settings, the standalone page (CLI output) names flags. */
  readonly audience: Audience;
  /** The view changed (zoom, search, orientation, highlight). */
  viewChanged(state: ViewState): void;
  /** A frame was clicked: the VS Code host opens its source; the standalone page has nothing to open. */
  openFrame?(node: number): void;
}

interface Loaded {
  profile: Profile;
  index: CallTreeIndex;
}

const LEGEND_KINDS = ['user', 'dependency', 'std', 'system', 'kernel'] as const;
const SEARCH_DEBOUNCE_MS = 120;
/** Frames drawn at most per view (see buildViewTree's maxFrames): keeps a zoom under ~300 ms on big profiles. */
const MAX_FRAMES = 1200;

export class FlamegraphApp {
  private loaded: Loaded | null = null;
  private view: ViewState = { ...DEFAULT_VIEW_STATE };
  private pendingReveal: { name: string; done: (found: boolean) => void } | null = null;
  /** The frame whose details show when the pointer is on no frame (the last clicked one). */
  private pinned: number | null = null;
  private marks: { key: string; marks: Uint8Array | null } = { key: '', marks: null };
  private lastWidth = 0;

  private readonly titleEl = el('span', { class: 'rf-title-text' });
  private readonly subtitleEl = el('span', { class: 'rf-subtitle' });
  private readonly warningsEl = el('span', { class: 'rf-warnings', hidden: '' });
  private readonly searchEl = el('input', {
    type: 'search',
    class: 'rf-search-input',
    placeholder: 'Search functions',
    'aria-label': 'Search functions by name',
    spellcheck: 'false',
  });
  private readonly matchedEl = el('span', { class: 'rf-matched', 'aria-live': 'polite' });
  private readonly highlightEl = el('span', { class: 'rf-highlight-chip', hidden: '' });
  private readonly flameBtn = el(
    'button',
    { type: 'button', class: 'rf-seg', 'data-orientation': 'flame', title: 'Root at the bottom' },
    'Flame',
  );
  private readonly icicleBtn = el(
    'button',
    { type: 'button', class: 'rf-seg', 'data-orientation': 'icicle', title: 'Root at the top' },
    'Icicle',
  );
  private readonly resetBtn = el('button', { type: 'button', class: 'rf-reset', title: 'Show the whole profile (Esc)' }, 'Reset zoom');
  private readonly legendEl = el('span', { class: 'rf-legend' });
  private readonly chartEl = el('main', { class: 'rf-chart', 'aria-label': 'Flame graph' });
  private readonly emptyEl = el('div', { class: 'rf-empty' }, 'Waiting for the profile…');
  private readonly detailsEl = el('footer', { class: 'rf-details' });
  private readonly noticeEl = el('span', { class: 'rf-notice', role: 'status' });
  /** Says how many frames of this view are not drawn: a chart cut short must not look complete. */
  private readonly hiddenEl = el('span', { class: 'rf-hidden-frames', hidden: '' });
  private readonly chart: FlameChart;
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
    const toolbar = el(
      'header',
      { class: 'rf-toolbar' },
      el('span', { class: 'rf-title' }, this.titleEl, this.subtitleEl, this.warningsEl),
      el('span', { class: 'rf-spacer' }),
      el('span', { class: 'rf-search' }, this.searchEl, this.matchedEl),
      this.highlightEl,
      el('span', { class: 'rf-segmented', role: 'group', 'aria-label': 'Orientation' }, this.flameBtn, this.icicleBtn),
      this.resetBtn,
    );
    this.chartEl.append(this.emptyEl);
    parent.append(
      el(
        'div',
        { class: 'rf-app' },
        toolbar,
        this.chartEl,
        el('div', { class: 'rf-statusbar' }, this.detailsEl, this.noticeEl, this.hiddenEl, this.legendEl),
      ),
    );

    this.chart = new FlameChart(this.chartEl, {
      onClick: (node) => this.clickFrame(node),
      onHover: (node) => this.showDetails(node ?? this.pinned),
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
    this.flameBtn.addEventListener('click', () => this.change({ orientation: 'flame' }));
    this.icicleBtn.addEventListener('click', () => this.change({ orientation: 'icicle' }));
    this.resetBtn.addEventListener('click', () => this.resetZoom());
    clearHighlight.addEventListener('click', () => this.change({ highlightFunction: null }));
    window.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'f') {
        e.preventDefault();
        this.searchEl.focus();
        this.searchEl.select();
      } else if (e.key === 'Escape' && document.activeElement !== this.searchEl) {
        this.resetZoom();
      }
    });
    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    new ResizeObserver(() => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        if (this.loaded && this.chartEl.clientWidth !== this.lastWidth) this.render();
      }, 100);
    }).observe(this.chartEl);
    this.showDetails(null);
  }

  /** Draws a profile; `state` (from the host) wins over the saved state. */
  showProfile(title: string, profile: Profile, state: ViewState | null): void {
    this.loaded = { profile, index: buildCallTreeIndex(profile.tree) };
    this.marks = { key: '', marks: null };
    // A state of another profile (a new recording in the same panel) keeps only the orientation: its node ids
    // and names mean other frames here. The view opens unzoomed and unfiltered.
    const key = profileKey(profile);
    const given = state ?? this.savedState;
    const same = given !== null && (given.profile === undefined || given.profile === key);
    this.view = same
      ? { ...given, profile: key }
      : { ...DEFAULT_VIEW_STATE, orientation: given?.orientation ?? DEFAULT_VIEW_STATE.orientation, profile: key };
    this.savedState = null;
    this.pinned = null;
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
    this.render();
    if (this.pendingReveal !== null) {
      const { name, done } = this.pendingReveal;
      this.pendingReveal = null;
      done(this.revealNow(name));
    }
  }

  /** Highlights every frame of a function and zooms to its hottest one (once the profile is there); false when it has none. */
  revealFunction(name: string): Promise<boolean> {
    if (this.loaded) return Promise.resolve(this.revealNow(name));
    // A newer request replaces an older one that never got its profile.
    this.pendingReveal?.done(false);
    return new Promise((done) => (this.pendingReveal = { name, done }));
  }

  private revealNow(name: string): boolean {
    const node = hottestNodeOf(this.loaded!.profile, name);
    if (node < 0) {
      this.notice(`${name} has no frames in this profile.`);
      return false;
    }
    this.pinned = node;
    this.change({ highlightFunction: name, zoomNode: node });
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

  private clickFrame(node: number): void {
    this.pinned = node;
    this.change({ zoomNode: node });
    if (node !== 0) this.host.openFrame?.(node);
  }

  private resetZoom(): void {
    this.pinned = null;
    this.change({ zoomNode: 0 });
  }

  private change(patch: Partial<ViewState>): void {
    if (this.searchTimer !== undefined) {
      // Typing not yet applied belongs to this change too (and must not be lost).
      clearTimeout(this.searchTimer);
      this.searchTimer = undefined;
      if (patch.search === undefined) patch = { ...patch, search: this.searchEl.value };
    }
    const next = { ...this.view, ...patch };
    const same =
      next.zoomNode === this.view.zoomNode &&
      next.search === this.view.search &&
      next.orientation === this.view.orientation &&
      next.highlightFunction === this.view.highlightFunction;
    this.view = next;
    if (!this.loaded) return;
    const zoomChanged = patch.zoomNode !== undefined || patch.orientation !== undefined;
    this.render(zoomChanged);
    if (!same) this.host.viewChanged({ ...this.view });
  }

  private render(scroll = true): void {
    const loaded = this.loaded;
    if (!loaded) return;
    const { profile, index } = loaded;
    if (!(profile.tree.total[0] > 0)) return; // nothing to draw: the "no samples" message stays
    const frameMarks = this.frameMarks(profile);
    const width = Math.max(this.chartEl.clientWidth, 200);
    this.lastWidth = this.chartEl.clientWidth;
    const vt = buildViewTree(profile, index, { zoomNode: this.view.zoomNode, widthPx: width, frameMarks, maxFrames: MAX_FRAMES });
    this.view.zoomNode = vt.zoomNode;
    this.chart.draw(vt.root, this.view.orientation, width, Math.max(this.chartEl.clientHeight - 4, 0));
    if (scroll) this.chartEl.scrollTop = this.view.orientation === 'flame' ? this.chartEl.scrollHeight : 0;
    this.chartEl.dataset.zoom = String(vt.zoomNode);
    this.chartEl.dataset.orientation = this.view.orientation;
    this.flameBtn.setAttribute('aria-pressed', String(this.view.orientation === 'flame'));
    this.icicleBtn.setAttribute('aria-pressed', String(this.view.orientation === 'icicle'));
    this.resetBtn.disabled = vt.zoomNode === 0;
    this.showHidden(vt.hidden);
    this.drawMatched(profile, frameMarks);
    this.showDetails(this.pinned);
  }

  /** Short in the status bar, which it shares with the legend; the whole sentence on hover. */
  private showHidden(hidden: number): void {
    const count = `${hidden.toLocaleString('en-US')} ${hidden === 1 ? 'frame' : 'frames'}`;
    this.hiddenEl.hidden = hidden === 0;
    this.hiddenEl.title = hidden === 0 ? '' : `${count} too narrow or beyond the drawing budget hidden; click a frame to zoom in`;
    setText(this.hiddenEl, hidden === 0 ? '' : `${count} hidden`);
  }

  /** Per-frame marks for search matches and the highlighted function, recomputed only when those change. */
  private frameMarks(profile: Profile): Uint8Array | null {
    const { search, highlightFunction } = this.view;
    const key = `${search}\u0000${highlightFunction ?? ''}\u0000${highlightFunction === null ? 0 : 1}`;
    if (this.marks.key === key && this.marks.marks !== null) return this.marks.marks.length > 0 ? this.marks.marks : null;
    let marks: Uint8Array | null = null;
    if (search || highlightFunction !== null) {
      marks = new Uint8Array(profile.frames.length);
      if (search) framesMatching(profile, search).forEach((m, i) => (marks![i] |= m ? MARK_MATCH : 0));
      if (highlightFunction !== null) framesNamed(profile, highlightFunction).forEach((m, i) => (marks![i] |= m ? MARK_HIGHLIGHT : 0));
    }
    this.marks = { key, marks: marks ?? new Uint8Array(0) };
    return marks;
  }

  private drawMatched(profile: Profile, marks: Uint8Array | null): void {
    if (this.view.search && marks) {
      const searchOnly = marks.map((m) => m & MARK_MATCH);
      const matched = matchedSamples(profile, searchOnly);
      setText(this.matchedEl, `${percent(matched, profile.tree.total[0])} of samples matched`);
      this.matchedEl.title = samplesText(matched);
      this.matchedEl.hidden = false;
    } else {
      setText(this.matchedEl, '');
      this.matchedEl.hidden = true;
    }
    const fn = this.view.highlightFunction;
    this.highlightEl.hidden = fn === null;
    setText(this.highlightEl.querySelector('.rf-chip-text')!, fn === null ? '' : `fn ${fn}`);
    this.highlightEl.title = fn ?? '';
  }

  /** The details line: a frame's name, file:line, kind, total and self samples (all text nodes). */
  private showDetails(node: number | null): void {
    const d = this.detailsEl;
    d.replaceChildren();
    const profile = this.loaded?.profile;
    if (!profile || node === null || !(node >= 0 && node < profile.tree.parent.length)) {
      d.append(
        el(
          'span',
          { class: 'rf-hint' },
          profile
            ? 'Hover a frame for details · click to zoom' + (this.host.openFrame ? ' and open its source' : '') + ' · Esc resets zoom'
            : '',
        ),
      );
      d.dataset.node = '';
      return;
    }
    const info = nodeDetails(profile, node);
    d.dataset.node = String(node);
    d.append(el('span', { class: 'rf-d-name' }, info.name));
    if (info.location) d.append(el('span', { class: 'rf-d-loc', title: info.file ?? '' }, info.location));
    d.append(
      el('span', { class: 'rf-d-kind' }, info.kindLabel),
      el('span', { class: 'rf-d-num' }, info.total),
      el('span', { class: 'rf-d-num' }, info.self),
    );
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
