// The panel's views in real headless Chromium, on a fixture profile made by
// the real ProfileBuilder: a recursive evaluator (a 5-deep tower of app::eval
// on the main thread, 2-deep on a worker), a hot std helper called from two
// places, and a long generic name. The bottom-up's first row is the function
// with the most self samples, with its callers; the caller/callee of the
// recursive function counts each sample once; transforms change the totals as
// they should (merge keeps the samples, focus re-roots, collapse recursion
// removes the tower); names are cut in the middle; selection is shared.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../harness/codeServer';
import { renderStandalonePage } from '../../src/core/export/flamegraphHtml';
import { loadWebviewAssets } from '../../src/core/export/webviewAssets';
import { built } from '../unit/helpers/builtProfile';
import { profileFromFolded } from '../unit/helpers/profileFromFolded';
import { openPage, eventually, waitForFrame, frameBox } from './pageHelpers';
import type { Profile } from '../../src/model/profileTypes';

const START = ['_start', 'std::rt::lang_start@1'];
const EVAL = 'app::eval';
const MUL = 'core::num::<impl u64>::wrapping_mul';
const LONG = '<alloc::vec::Vec<T,A> as alloc::vec::spec_extend::SpecExtend<T,core::iter::adapters::map::Map<I,F>>>::spec_extend';
const tower = (n: number) => Array.from({ length: n }, (_, i) => `${EVAL}@${20 + i}`);

let browser: Browser;
let dir: string;
let url: string;
let profile: Profile;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rf-views-'));
  profile = built([
    // 5-deep recursion, 10 self samples at each level: 50.
    ...[1, 2, 3, 4, 5].map((d): [string, string[], number] => ['app', [...START, 'app::main@5', ...tower(d)], 10]),
    // The deepest eval calls the std helper: 40.
    ['app', [...START, 'app::main@5', ...tower(5), `${MUL}@1`], 40],
    // The helper's other caller, the hottest path: 100.
    ['app', [...START, 'app::main@6', 'app::hash@30', `${MUL}@1`], 100],
    // A long generic name, 36 samples.
    ['app', [...START, 'app::main@7', `${LONG}@9`], 36],
    // A worker thread with 2-deep recursion: 30.
    ['worker', ['app::worker@40', ...tower(2)], 30],
  ]);
  const assets = await loadWebviewAssets();
  const file = path.join(dir, 'views.html');
  writeFileSync(file, renderStandalonePage({ profile, title: 'views', js: assets.js, css: assets.css }));
  url = pathToFileURL(file).href;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The rows in the DOM of the visible view, top to bottom: full name (title), depth, cells. */
async function rows(page: Page, scope = '.rf-view:not([hidden])') {
  return page.$$eval(`${scope} .rf-tt-row`, (rs) =>
    rs
      .map((r) => ({
        name: r.getAttribute('title') ?? '',
        label: r.querySelector('.rf-tt-label')?.textContent ?? '',
        level: Number(r.getAttribute('aria-level')),
        index: Number(r.getAttribute('aria-rowindex')),
        nums: Array.from(r.querySelectorAll('.rf-tt-num')).map((c: any) => c.textContent ?? ''),
        selected: r.getAttribute('aria-selected') === 'true',
      }))
      .sort((a, b) => a.index - b.index),
  );
}

const tab = (page: Page, view: string) => page.click(`button.rf-tab[data-view=${view}]`);
const samplesCell = (nums: string[]) => Number(nums[nums.length - 1].replace(/,/g, ''));

async function menu(page: Page, scope: string, name: string, item: RegExp): Promise<void> {
  const row = page.locator(`${scope} .rf-tt-row[title="${name}"]`).first();
  await row.click({ button: 'right' });
  await page.locator('.rf-menu button', { hasText: item }).first().click();
}

test('bottom-up: the first row is the function with the most self samples, and it expands into its callers', async () => {
  const { page, errors, violations } = await openPage(browser, url);
  await waitForFrame(page, 'app::hash');
  await tab(page, 'bottomup');
  const first = await eventually(async () => (await rows(page))[0], 'bottom-up rows');
  assert.equal(first.name, MUL, 'wrapping_mul has 140 self samples: more than any other');
  assert.equal(first.label, '<impl u64>::wrapping_mul', 'short name in the row, full name in its title');
  assert.equal(samplesCell(first.nums), 140);
  // Keyboard: select the first row, Right expands it into its callers.
  await page.locator('.rf-view:not([hidden]) .rf-tt').focus();
  await page.keyboard.press('Home');
  // The details give the function's own figures (a bottom-up node's "self" would be the stacks ending at the thread: 0).
  await eventually(
    async () => /total 140 samples .*self 140 samples/.test((await page.textContent('.rf-details')) ?? ''),
    'wrapping_mul in the details',
  );
  await page.keyboard.press('ArrowRight');
  const callers = await eventually(async () => {
    const r = (await rows(page)).filter((x) => x.level === 2);
    return r.length >= 2 ? r : undefined;
  }, 'the callers of wrapping_mul');
  assert.deepEqual(
    callers!.map((c) => [c.name, samplesCell(c.nums)]),
    [
      ['app::hash', 100],
      [EVAL, 40],
    ],
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(await violations(), []);
  await page.context().close();
});

test('caller/callee of a recursive function counts each sample once', async () => {
  const { page, errors } = await openPage(browser, url);
  await waitForFrame(page, 'app::hash');
  await tab(page, 'calltree');
  await menu(page, '.rf-calltree', EVAL, /Show callers and callees/);
  await eventually(
    async () => (await page.getAttribute('button.rf-tab[data-view=callers]', 'aria-selected')) === 'true',
    'the caller/callee tab',
  );
  // eval is on the stack of 50 + 40 (main thread) + 30 (worker) samples: 120, not the 15 + … a per-frame sum would give.
  const head = (await page.textContent('.rf-sandwich-head'))!;
  assert.match(head, /total 120 samples/);
  const callerRows = await rows(page, '.rf-sandwich-callers');
  const root = callerRows.find((r) => r.level === 1)!;
  assert.equal(root.name, EVAL);
  assert.equal(samplesCell(root.nums), 120);
  const direct = callerRows.filter((r) => r.level === 2).map((r) => [r.name, samplesCell(r.nums)]);
  assert.deepEqual(direct, [
    ['app::main', 90],
    ['app::worker', 30],
  ]);
  // Selecting a caller browses: the view stays centred on eval (it re-centred on the caller, losing what was open).
  await page.locator('.rf-sandwich-callers .rf-tt-row[title="app::worker"]').click();
  await page.waitForTimeout(200);
  assert.match((await page.textContent('.rf-sandwich-head'))!, /^eval|^app::eval/);
  assert.ok((await rows(page, '.rf-sandwich-callers')).find((r) => r.name === 'app::worker')?.selected, 'the caller is selected');
  const calleeRows = await rows(page, '.rf-sandwich-callees');
  const calleeRoot = calleeRows.find((r) => r.level === 1)!;
  assert.equal(samplesCell(calleeRoot.nums), 120);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('transforms: merge keeps the samples, focus re-roots, collapse recursion removes the tower; the breadcrumb undoes', async () => {
  const { page, errors } = await openPage(browser, url);
  await waitForFrame(page, 'app::hash');
  const all = async () => (await frameBox(page, 'all'))!;
  const towerDepth = async () => page.$$eval('.rf-chart g.frame', (gs) => gs.filter((g) => g.getAttribute('name') === 'app::eval').length);
  assert.equal(await towerDepth(), 7, '5 evals on main, 2 on the worker');

  // Merge eval: its frames go, every sample stays (the root is as wide, its self moves to main and worker).
  await tab(page, 'calltree');
  await menu(page, '.rf-calltree', EVAL, /^Merge /);
  await tab(page, 'flame');
  await eventually(async () => (await towerDepth()) === 0, 'no eval frame after the merge');
  assert.match((await page.textContent('.rf-crumbs'))!, /Merge app::eval|Merge eval/);
  await tab(page, 'functions');
  const fnRows = await eventually(async () => {
    const r = await rows(page);
    return r.length > 0 ? r : undefined;
  }, 'function rows');
  assert.ok(!fnRows!.some((r) => r.name === EVAL), 'eval is merged away');
  assert.equal(samplesCell(fnRows!.find((r) => r.name === 'app::worker')!.nums), 30, 'the worker keeps its 30 samples');
  // Undo: the tower is back.
  await page.click('.rf-crumb-undo');
  await tab(page, 'flame');
  await eventually(async () => (await towerDepth()) === 7, 'the tower after undo');

  // Collapse recursion: one eval per thread remains, holding all of its samples.
  await tab(page, 'calltree');
  await menu(page, '.rf-calltree', EVAL, /Collapse recursion/);
  await tab(page, 'flame');
  await eventually(async () => (await towerDepth()) === 2, 'one eval per thread');
  const evalBox = (await frameBox(page, EVAL))!;
  assert.ok(Math.abs(evalBox.width - (90 / 256) * (await all()).width) < 3, 'main thread eval holds 90 of 256 samples');

  // Focus on eval (after going back to the full profile): the root holds only the 120 samples through it.
  await page.click('.rf-crumb >> text=Full profile');
  await tab(page, 'calltree');
  await menu(page, '.rf-calltree', EVAL, /^Focus on eval|^Focus on app::eval/);
  const focused = await eventually(async () => {
    const r = await rows(page);
    return r.length > 0 && r[0].name === EVAL ? r : undefined;
  }, 'the call tree rooted at eval');
  assert.equal(samplesCell(focused![0].nums), 120);
  assert.equal((await page.$$eval('.rf-crumb', (cs) => cs.map((c) => c.textContent))).length, 2, 'Full profile › Focus');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('names are cut in the middle: the method name stays in a narrow frame, the full name in the tooltip', async () => {
  const { page, errors } = await openPage(browser, url);
  const frame = await waitForFrame(page, LONG);
  assert.ok(frame.width < 200, `a narrow frame (${frame.width} px)`);
  assert.ok(frame.labelVisible);
  assert.match(frame.label, /…/, `cut: ${frame.label}`);
  assert.match(frame.label, /::spec_extend$/, `the method name stays: ${frame.label}`);
  assert.ok(frame.label.startsWith('<Vec as S'), `the short name's start: ${frame.label}`);
  await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
  await eventually(async () => (await page.textContent('.rf-tooltip .rf-tip-name')) === LONG, 'the full name in the tooltip');
  assert.ok(await page.locator('.rf-tooltip').isVisible());
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a selection is shared: a function selected in the functions table is selected in the call tree and outlined in the flame graph', async () => {
  const { page, errors } = await openPage(browser, url);
  await waitForFrame(page, 'app::hash');
  await tab(page, 'functions');
  await page.locator('.rf-functions .rf-tt-row[title="app::hash"]').click();
  await tab(page, 'calltree');
  const sel = await eventually(async () => (await rows(page)).find((r) => r.selected), 'a selected call tree row');
  assert.equal(sel!.name, 'app::hash');
  await tab(page, 'flame');
  const outlined = await page.$$eval('.rf-chart g.rf-selected', (gs) => gs.map((g) => g.getAttribute('name')));
  assert.deepEqual(outlined, ['app::hash']);
  // The standalone page keeps the view in its address: a reload shows the same tab and selection.
  await tab(page, 'bottomup');
  await page.reload();
  await eventually(
    async () => (await page.getAttribute('button.rf-tab[data-view=bottomup]', 'aria-selected')) === 'true',
    'the tab after reload',
  );
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a graph taller than the panel opens scrolled to the tip of its hot path, not at the root far below it', async () => {
  const chain = Array.from({ length: 80 }, (_, i) => `deep::f${i}`);
  const tall = profileFromFolded([`app;${chain.join(';')} 100`, 'app;deep::f0;other::g 10']);
  const assets = await loadWebviewAssets();
  const file = path.join(dir, 'tall.html');
  writeFileSync(file, renderStandalonePage({ profile: tall, title: 'tall', js: assets.js, css: assets.css }));
  const { page, errors } = await openPage(browser, pathToFileURL(file).href);
  const tip = await waitForFrame(page, 'deep::f79');
  const chart = await page.$eval('.rf-chart', (c) => {
    const r = c.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, scrollTop: c.scrollTop, scrollHeight: c.scrollHeight, clientHeight: c.clientHeight };
  });
  assert.ok(chart.scrollHeight > chart.clientHeight * 1.5, `a graph taller than the panel: ${JSON.stringify(chart)}`);
  assert.ok(tip.y >= chart.top && tip.y + tip.height <= chart.bottom, `the hot tip is in view: ${JSON.stringify({ tip, chart })}`);
  assert.deepEqual(errors, []);
  await page.context().close();
});
