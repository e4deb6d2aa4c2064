// The panel's views in the real page, in headless Chromium: the standalone
// flamegraph.html of the webview bench's profile (about 190k call-tree nodes),
// driven as a user does, through Playwright's mouse and keyboard. Measured for
// each action: from the input event (a capturing listener on the document) to
// the next frame painted (a requestAnimationFrame after the event's task, then
// a message posted from it: that runs after the frame's style, layout and
// paint), and the longest main-thread task in between ('longtask' entries, so
// 0 means none over 50 ms). Actions: each tab's first paint (fresh page, no
// selection) and the flame graph drawn again; a twisty expand, an ArrowRight
// expand and an ArrowDown select in the call tree, bottom-up and caller/callee;
// transforms from the context menu (the function selected first through the
// Functions table, then its row right-clicked in the call tree) and their undo
// (the breadcrumb's ↶); a search typed into the call tree. Each round is a
// fresh page; the figures are min and median over the rounds (and over the
// repeats inside a round).

import * as path from 'node:path';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Profile } from '../src/model/profileTypes';
import { renderStandalonePage } from '../src/core/export/flamegraphHtml';
import { loadWebviewAssets } from '../src/core/export/webviewAssets';
import { launchChromium } from '../test/harness/codeServer';
import type { ViewsBenchTargets } from './viewsModelBench';

/** One action's samples: input → painted frame, and the longest task (ms). */
export interface PageSamples {
  toFrame: number[];
  longest: number[];
}

export interface ViewsPageResult {
  rounds: number;
  /** Action name → samples, in the order first measured. */
  actions: Map<string, PageSamples>;
}

/** The page half of the init script: longtask entries, and `__arm(type)` to time the next event of that type. */
const INIT = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
  window.__afterFrame = (m) => setTimeout(() => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => (m.painted = performance.now());
    ch.port2.postMessage(0);
  }), 0);
  window.__arm = (type) => {
    const m = (window.__m = { start: undefined, painted: undefined });
    document.addEventListener(type, () => { m.start = performance.now(); window.__afterFrame(m); }, { capture: true, once: true });
  };
  // The search: every input event restarts the clock; the matched-samples line changes when the search is applied.
  window.__armSearch = () => {
    const m = (window.__m = { start: undefined, painted: undefined });
    const onInput = () => (m.start = performance.now());
    document.addEventListener('input', onInput, { capture: true });
    const target = document.querySelector('.rf-matched');
    new MutationObserver((_, obs) => { obs.disconnect(); document.removeEventListener('input', onInput, { capture: true }); window.__afterFrame(m); })
      .observe(target, { childList: true, characterData: true, subtree: true });
  };
`;

const VIEWS = ['calltree', 'bottomup', 'callers', 'functions'] as const;

export async function benchViewsPage(profile: Profile, targets: ViewsBenchTargets, rounds: number): Promise<ViewsPageResult> {
  const assets = await loadWebviewAssets();
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-views-bench-'));
  const file = path.join(dir, 'flamegraph.html');
  writeFileSync(file, renderStandalonePage({ profile, title: 'bench: 190k call paths', js: assets.js, css: assets.css }));
  const actions = new Map<string, PageSamples>();
  const browser = await launchChromium();
  try {
    for (let r = 0; r < rounds; r++) await round(browser, pathToFileURL(file).href, profile, targets, actions);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rounds, actions };
}

async function round(browser: Browser, url: string, profile: Profile, targets: ViewsBenchTargets, actions: Map<string, PageSamples>) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(INIT);
  await page.goto(url);
  await page.waitForSelector('.rf-chart g.frame rect', { timeout: 60_000 });
  await page.waitForTimeout(500);

  /** Runs `act` with the clock armed on the next `type` event, waits for the painted frame, records it under `name`. */
  const measure = async (name: string, type: string, act: () => Promise<unknown>) => {
    await page.evaluate((t) => (globalThis as any).__arm(t), type);
    await act();
    await collect(page, name, actions);
  };
  const tab = (view: string) => page.click(`button.rf-tab[data-view=${view}]`);
  const visible = '.rf-view:not([hidden])';

  // Each view's first paint, in a fresh page with nothing selected; then the flame graph again.
  for (const view of VIEWS) {
    await measure(`first paint: ${label(view)}`, 'click', () => tab(view));
    await page.waitForSelector(`${visible} .rf-tt-row`);
  }
  await measure('flame graph shown again', 'click', () => tab('flame'));

  // Expand and select in the call tree and the bottom-up.
  for (const view of ['calltree', 'bottomup'] as const) {
    await tab(view);
    await page.waitForTimeout(200);
    const table = `${visible} .rf-tt`;
    for (let k = 0; k < 3; k++) {
      const twisty = await closedTwisty(page, table);
      if (twisty) await measure(`expand (twisty click): ${label(view)}`, 'click', () => page.mouse.click(twisty.x, twisty.y));
      await page.locator(table).focus();
      await measure(`select (ArrowDown): ${label(view)}`, 'keydown', () => page.keyboard.press('ArrowDown'));
      // Down to a closed row that can open, then ArrowRight.
      for (let s = 0; s < 50 && !(await selectedIsClosed(page, table)); s++) await page.keyboard.press('ArrowDown');
      await page.waitForTimeout(100);
      if (await selectedIsClosed(page, table))
        await measure(`expand (ArrowRight): ${label(view)}`, 'keydown', () => page.keyboard.press('ArrowRight'));
    }
  }

  // Caller/callee of three functions (selected through the Functions table). Selecting any row of its tables
  // (a click, a twisty click, ArrowDown) re-centres the view on that row's function: a new sandwich. ArrowRight
  // on the selected row opens it without moving the selection, so that is the plain expand.
  const callers = `${visible} .rf-sandwich-callers .rf-tt`;
  const callees = `${visible} .rf-sandwich-callees .rf-tt`;
  for (const [which, frame] of [
    ['hottest', targets.hottest],
    ['most recursive', targets.recursive],
    ['mid-size', targets.mid],
  ] as const) {
    await selectThroughFunctions(page, targets, frame);
    await measure(`first paint: Caller/callee of the ${which} function`, 'click', () => tab('callers'));
    await page.waitForTimeout(200);
    for (const [half, table] of [
      ['callers', callers],
      ['callees', callees],
    ]) {
      if (!(await selectedIsClosed(page, table))) continue;
      await page.locator(table).focus();
      await measure(`expand (ArrowRight): Caller/callee, ${half}`, 'keydown', () => page.keyboard.press('ArrowRight'));
    }
    const twisty = await closedTwisty(page, callers);
    if (twisty) await measure('expand (twisty click, re-centres): Caller/callee', 'click', () => page.mouse.click(twisty.x, twisty.y));
    await page.waitForTimeout(200);
    await page.locator(callers).focus();
    await page.keyboard.press('Home'); // the function itself: selected already, nothing changes
    await page.waitForTimeout(200);
    await measure('select (ArrowDown, re-centres on the caller): Caller/callee', 'keydown', () => page.keyboard.press('ArrowDown'));
  }

  // Transforms from the context menu, in the call tree; each undone with the breadcrumb's ↶ (also measured).
  const transforms: [string, number, RegExp][] = [
    ['Merge (mid-size function)', targets.mid, /^Merge /],
    ['Focus on function (mid-size)', targets.mid, /^Focus on (?!this call path)/],
    ['Collapse recursion (most recursive)', targets.recursive, /^Collapse recursion/],
    ['Focus on this call path', targets.mid, /^Focus on this call path/],
    [`Collapse crate ${targets.crate}`, targets.dependency, /^Collapse crate /],
  ];
  for (const [name, frame, item] of transforms) {
    await selectThroughFunctions(page, targets, frame);
    await tab('calltree');
    await page.waitForTimeout(200);
    const row = page.locator(`${visible} .rf-tt-row.rf-tt-selected`);
    await row.click({ button: 'right' });
    const button = page.locator('.rf-menu button', { hasText: item }).first();
    if ((await button.count()) === 0) {
      await page.keyboard.press('Escape');
      continue;
    }
    await measure(`transform: ${name}`, 'click', () => button.click());
    await page.waitForTimeout(200);
    await measure('transform undone (breadcrumb ↶)', 'click', () => page.click('button.rf-crumb-undo'));
  }
  // One in the flame graph: Merge of the mid-size function's widest drawn frame.
  await selectThroughFunctions(page, targets, targets.mid);
  await tab('flame');
  await page.waitForTimeout(300);
  const name = profile.frames[targets.mid].name;
  const box = await page.evaluate((n) => {
    const gs = Array.from((globalThis as any).document.querySelectorAll('.rf-chart g.frame')) as any[];
    let best: any = null;
    for (const g of gs) {
      if (g.getAttribute('name') !== n) continue;
      const w = g.querySelector('rect').getBoundingClientRect().width;
      if (!best || w > best.w) best = { g, w };
    }
    if (!best) return null;
    best.g.scrollIntoView({ block: 'center' });
    const r = best.g.querySelector('rect').getBoundingClientRect();
    return { x: r.x + Math.min(5, r.width / 2), y: r.y + r.height / 2 };
  }, name);
  if (box) {
    await page.mouse.click(box.x, box.y, { button: 'right' });
    const button = page.locator('.rf-menu button', { hasText: /^Merge / }).first();
    if ((await button.count()) > 0) {
      await measure('transform: Merge (mid-size, in the flame graph)', 'click', () => button.click());
      await page.waitForTimeout(200);
      await measure('transform undone (breadcrumb ↶)', 'click', () => page.click('button.rf-crumb-undo'));
    }
  }

  // A search typed into the call tree, then cleared with Escape.
  await tab('calltree');
  await page.waitForTimeout(200);
  await page.focus('input.rf-search-input');
  await page.evaluate(() => (globalThis as any).__armSearch());
  await page.keyboard.type(targets.query);
  await collect(page, 'search typed: Call tree', actions);
  await measure('search cleared (Escape): Call tree', 'keydown', () => page.keyboard.press('Escape'));

  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  await context.close();
}

/** The middle of the twisty of the first closed row wholly in view in `table`, or null. */
function closedTwisty(page: Page, table: string): Promise<{ x: number; y: number } | null> {
  return page.evaluate((sel) => {
    const t = (globalThis as any).document.querySelector(sel);
    const box = t.getBoundingClientRect();
    const row = (Array.from(t.querySelectorAll('.rf-tt-row[aria-expanded=false]')) as any[]).find((r) => {
      const b = r.getBoundingClientRect();
      return b.top >= box.top + 24 && b.bottom <= box.bottom;
    });
    if (!row) return null;
    const b = row.querySelector('.rf-tt-twisty').getBoundingClientRect();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  }, table);
}

/** Whether the selected row of `table` is closed and can open. */
function selectedIsClosed(page: Page, table: string): Promise<boolean> {
  return page.evaluate(
    (sel) => (globalThis as any).document.querySelector(`${sel} .rf-tt-row.rf-tt-selected`)?.getAttribute('aria-expanded') === 'false',
    table,
  );
}

/** Selects `frame` the way a user finds a function: its row in the Functions table (scrolled to its rank), clicked. */
async function selectThroughFunctions(page: Page, targets: ViewsBenchTargets, frame: number) {
  await page.click('button.rf-tab[data-view=functions]');
  const rank = targets.rank[frame];
  await page.evaluate(
    (top) => {
      (globalThis as any).document.querySelector('.rf-functions .rf-tt').scrollTop = top;
    },
    Math.max(0, rank * 22 - 100),
  );
  await page.waitForTimeout(200);
  const index = rank + 2; // aria-rowindex: the header is 1
  await page.click(`.rf-functions .rf-tt-row[aria-rowindex="${index}"]`);
  await page.waitForTimeout(100);
}

async function collect(page: Page, name: string, actions: Map<string, PageSamples>) {
  await page.waitForFunction(() => (globalThis as any).__m?.painted !== undefined, undefined, { timeout: 30_000 });
  await page.waitForTimeout(250); // let the longtask entry arrive
  const m = await page.evaluate(() => {
    const w = globalThis as any;
    const { start, painted } = w.__m as { start: number; painted: number };
    const tasks = (w.__longTasks as { start: number; duration: number }[]).filter(
      (e) => e.start + e.duration >= start - 5 && e.start <= painted,
    );
    return { toFrame: painted - start, longest: tasks.reduce((mx, e) => Math.max(mx, e.duration), 0) };
  });
  let s = actions.get(name);
  if (!s) actions.set(name, (s = { toFrame: [], longest: [] }));
  s.toFrame.push(m.toFrame);
  s.longest.push(m.longest);
}

function label(view: string): string {
  return (
    { flame: 'Flame graph', calltree: 'Call tree', bottomup: 'Bottom-up', callers: 'Caller/callee', functions: 'Functions' }[view] ?? view
  );
}
