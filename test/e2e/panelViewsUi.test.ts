// The panel's views in the packaged extension, as a user meets them (issue 12): seed-demo profiled from the
// command palette in code-server's VS Code; each view (Flame graph, Call tree, Bottom-up, Caller/callee,
// Functions) in the dark and the light theme; Bottom-up's first row is the function with the most self samples
// of the recorded profile.json and Enter on a row opens its source on its line beside the panel; "Merge" from a
// frame's context menu takes that function's frames out of the flame graph and keeps every sample; a new profile
// after a zoom opens unzoomed with the default breadcrumb. What the panel should show is computed from the
// profile.json it was given, with the model's own functions (the panel draws the tree after its transforms).
// Screenshots: views-*.png in /work/screenshots/ (RF_SCREENSHOTS overrides).

import { describe, test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { Profile } from '../../src/model/profileTypes';
import { DEFAULT_TRANSFORMS, TransformStep, TransformedTree, applyTransforms, describeStep } from '../../src/model/transforms';
import { bottomUp } from '../../src/model/invertedTree';
import { percent, samplesText } from '../../src/model/format';
import { functionRows } from '../../src/model/functionsTable';
import type { ViewKind } from '../../src/protocol/webviewMessages';
import { hottestNodeOf } from '../../webview/model/search';
import { eventually } from '../browser/pageHelpers';
import { SHOTS, Workbench, flamegraphFrame, openSeedDemo, pickColorTheme, profileFromPalette, recordingsOf, stepLogger } from './workbench';

const HOT = 'seed_demo::process_data';
const VIEWS: readonly ViewKind[] = ['flame', 'calltree', 'bottomup', 'callers', 'functions'];

const step = stepLogger('views');
let bench: Workbench | undefined;
let page: Page;
/** The flamegraph webview of the first recording. */
let webview: Frame;
let profile: Profile;
/** What the panel draws when it opens: the profile after the default transforms. */
let shown: TransformedTree;

function readNewestProfile(crate: string): Profile {
  const newest = recordingsOf(crate).pop();
  assert.ok(newest, `no recording folder in ${crate}/target`);
  return JSON.parse(fs.readFileSync(path.join(newest, 'profile.json'), 'utf8')) as Profile;
}

/** The rows of the visible tree view (`scope`), top to bottom: full name (title), depth, number cells, selection. */
function rows(frame: Frame, scope = '.rf-view:not([hidden])') {
  return frame.$$eval(`${scope} .rf-tt-row`, (rs) =>
    rs
      .map((r) => ({
        name: r.getAttribute('title') ?? '',
        level: Number(r.getAttribute('aria-level')),
        index: Number(r.getAttribute('aria-rowindex')),
        nums: Array.from(r.querySelectorAll('.rf-tt-num')).map((c) => (c as { textContent: string | null }).textContent ?? ''),
        selected: r.getAttribute('aria-selected') === 'true',
      }))
      .sort((a, b) => a.index - b.index),
  );
}
const samplesCell = (nums: string[]) => Number(nums[nums.length - 1].replace(/,/g, ''));

/** Clicks a view's tab and waits until that view shows something: frames, or rows. */
async function showView(frame: Frame, view: ViewKind): Promise<void> {
  await frame.click(`button.rf-tab[data-view=${view}]`);
  await eventually(
    async () => (await frame.getAttribute(`button.rf-tab[data-view=${view}]`, 'aria-selected')) === 'true',
    `the ${view} tab`,
  );
  const content = view === 'flame' ? '.rf-chart g.frame' : '.rf-view:not([hidden]) .rf-tt-row';
  await frame.locator(content).first().waitFor({ timeout: 10_000 });
}

/** The breadcrumb's steps as shown. */
const crumbs = (frame: Frame) => frame.$$eval('.rf-crumbs .rf-crumb', (cs) => cs.map((c) => c.textContent ?? ''));

/** The details line's total for the flame graph's root, read by hovering it ("total N samples (100.00%)"). */
async function rootTotal(frame: Frame): Promise<string> {
  await frame.locator('g.frame[data-node="0"]').hover();
  await eventually(
    async () => (await frame.getAttribute('.rf-details', 'data-frame')) === String(shown.tree.frame[0]),
    'the root in the details',
  );
  return (await frame.locator('.rf-details .rf-d-num').first().textContent()) ?? '';
}

const framesNamed = (frame: Frame, name: string) =>
  frame.$$eval('.rf-chart g.frame', (gs, n) => gs.filter((g) => g.getAttribute('name') === n).length, name);

/** Screenshots the window; the pointer leaves the panel first (no hover tooltip in the picture). */
async function shot(file: string): Promise<void> {
  await page.mouse.move(700, 2);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SHOTS, file) });
}

/** Runs a test's body; on failure the window goes to views-failed-<name>.png. */
async function withFailureShot(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    await page?.screenshot({ path: path.join(SHOTS, `views-failed-${name}.png`) }).catch(() => undefined);
    throw e;
  }
}

describe('panel views in code-server (the packaged .vsix, seed-demo profiled from the palette)', { timeout: 1_500_000 }, () => {
  before(
    async () => {
      bench = await openSeedDemo(step);
      page = bench.page;
      await withFailureShot('profile', async () => {
        await profileFromPalette(page);
        webview = await flamegraphFrame(page, 300_000);
      });
      profile = readNewestProfile(bench.crate);
      shown = applyTransforms(profile.tree, profile.frames, DEFAULT_TRANSFORMS);
      step(`flamegraph drawn: ${profile.tree.total[0]} samples`);
    },
    { timeout: 900_000 },
  );

  after(async () => {
    await bench?.close();
  });

  test('each view in the dark and the light theme (screenshots)', { timeout: 300_000 }, () =>
    withFailureShot('themes', async () => {
      for (const [theme, label] of [
        ['dark', 'Dark Modern'],
        ['light', 'Light Modern'],
      ] as const) {
        await pickColorTheme(page, label);
        // The webview follows the workbench's theme (VS Code sets the class on its body).
        await eventually(
          async () => (await webview.getAttribute('body', 'class'))?.includes(`vscode-${theme}`),
          `the ${theme} theme in the panel`,
        );
        for (const view of VIEWS) {
          await showView(webview, view);
          // Caller/callee shows the selected function: select Bottom-up's first row (the selection stays).
          if (view === 'bottomup' && theme === 'dark') {
            await webview.locator('.rf-bottomup .rf-tt-row[aria-rowindex="2"]').click();
            await eventually(async () => (await rows(webview))[0]?.selected, 'the first row selected');
          }
          if (view === 'callers') {
            const head = (await webview.textContent('.rf-sandwich-head')) ?? '';
            assert.ok(head.trim().length > 0, 'the caller/callee view names its function');
          }
          await shot(`views-${theme}-${view}.png`);
        }
        step(`${theme}: five views shot`);
      }
    }),
  );

  test(
    "Bottom-up's first row has the most self samples; Enter on your hottest function opens its source on its line",
    { timeout: 300_000 },
    () =>
      withFailureShot('bottomup', async () => {
        const inv = bottomUp(shown.tree);
        const roots = inv.children(0);
        const nameOf = (id: number) => profile.frames[inv.tree.frame[id]].name;
        await showView(webview, 'bottomup');
        const shownRows = (await rows(webview)).filter((r) => r.level === 1);
        assert.equal(
          shownRows[0].name,
          nameOf(roots[0]),
          `the first row; the profile's self samples: ${roots.slice(0, 4).map((id) => `${nameOf(id)} ${inv.tree.total[id]}`)}`,
        );
        assert.equal(samplesCell(shownRows[0].nums), inv.tree.total[roots[0]]);
        // Every function by self samples (the rows in the page: the table draws those in view).
        assert.deepEqual(
          shownRows.map((r) => r.name),
          roots.slice(0, shownRows.length).map(nameOf),
        );
        step(`bottom-up's first row: ${shownRows[0].name} (${shownRows[0].nums.join(' ')})`);

        // The first row may be a std function inlined into process_data (wrapping_add, …), whose source needs the
        // rust-src component: open the hottest function of your code, which has a source here.
        const mine = roots.find((id) => profile.frames[inv.tree.frame[id]].kind === 'user');
        assert.ok(mine !== undefined, 'no function of your code has self samples');
        assert.equal(nameOf(mine), HOT);
        const line = inv.tree.line[mine] > 0 ? inv.tree.line[mine] : profile.frames[inv.tree.frame[mine]].line!;
        const row = webview.locator(`.rf-bottomup .rf-tt-row[title="${HOT}"]`);
        await row.click();
        await eventually(async () => (await row.getAttribute('aria-selected')) === 'true', 'the row selected');
        // The details line gives the function's own figures: its self is the row's figure, its total every sample through it.
        const fn = functionRows(shown.tree, profile.frames).find((r) => r.name === HOT)!;
        assert.equal(fn.self, inv.tree.total[mine]);
        assert.deepEqual(await webview.locator('.rf-details .rf-d-num').allTextContents(), [
          `total ${samplesText(fn.total)} (${percent(fn.total, profile.tree.total[0])})`,
          `self ${samplesText(fn.self)} (${percent(fn.self, profile.tree.total[0])})`,
        ]);
        // One click only selects: nothing opened yet.
        assert.match(await page.title(), /profile\.json/);
        await page.keyboard.press('Enter');
        await page.locator('.statusbar').getByText(`Ln ${line}, Col 1`, { exact: true }).waitFor({ timeout: 30_000 });
        assert.match(await page.title(), /^main\.rs\b/);
        step(`Enter on ${HOT}: main.rs at Ln ${line}`);

        // The panel beside the source: about half of the editor area.
        const width = await webview.evaluate(() => (globalThis as unknown as { innerWidth: number }).innerWidth);
        step(`panel beside the source: ${width} px wide`);
        assert.ok(width > 350 && width < 700, `the panel is ${width} px wide`);
        await shot('views-narrow-bottomup-beside-source.png');
        await showView(webview, 'flame');
        await shot('views-narrow-flame-beside-source.png');
      }),
  );

  test('Merge from a frame’s context menu: its frames leave the flame graph, the root keeps every sample', { timeout: 300_000 }, () =>
    withFailureShot('merge', async () => {
      await showView(webview, 'flame');
      const node = hottestNodeOf(shown, HOT);
      assert.ok(node > 0, `${HOT} is not in the profile`);
      const merge: TransformStep = { kind: 'merge', frame: shown.tree.frame[node] };
      const merged = applyTransforms(profile.tree, profile.frames, [...DEFAULT_TRANSFORMS, merge]);
      assert.ok(!merged.tree.frame.includes(merge.frame), 'the model keeps a merged frame');
      assert.equal(merged.tree.total[0], shown.tree.total[0], 'the model lost samples in the merge');

      const totalBefore = await rootTotal(webview);
      assert.match(totalBefore, new RegExp(`^total ${samplesText(shown.tree.total[0])} `));
      assert.ok((await framesNamed(webview, HOT)) > 0, `no ${HOT} frame before the merge`);
      await webview.locator(`g.frame[data-node="${node}"]`).click({ button: 'right' });
      await webview.locator('.rf-menu button', { hasText: /^Merge / }).click();
      await eventually(async () => (await framesNamed(webview, HOT)) === 0, `no ${HOT} frame after the merge`);
      assert.deepEqual(await crumbs(webview), [
        'Full profile',
        ...[...DEFAULT_TRANSFORMS, merge].map((s) => describeStep(s, profile.frames)),
      ]);
      assert.equal(await rootTotal(webview), totalBefore, 'the root lost samples');
      // Its callees (the inlined std helpers) now hang under its caller.
      const mainNode = hottestNodeOf(merged, 'seed_demo::main');
      assert.ok(mainNode > 0);
      assert.equal(await webview.getAttribute(`g.frame[data-node="${mainNode}"]`, 'name'), 'seed_demo::main');
      step(`merged ${HOT}: root still ${totalBefore}`);
      await shot('views-merged-flame.png');
    }),
  );

  test('a new profile after a zoom opens unzoomed, with the default breadcrumb', { timeout: 600_000 }, () =>
    withFailureShot('new-profile', async () => {
      await showView(webview, 'flame');
      const main = webview.locator('g.frame[name="seed_demo::main"]').first();
      const mainNode = await main.getAttribute('data-node');
      await main.click();
      await eventually(async () => (await webview.getAttribute('.rf-chart', 'data-zoom')) === mainNode, 'zoomed to main');
      assert.notEqual(mainNode, '0');
      assert.ok((await crumbs(webview)).length > 1 + DEFAULT_TRANSFORMS.length, 'a transform of ours is on the breadcrumb');
      const recordings = recordingsOf(bench!.crate).length;

      await profileFromPalette(page);
      const fresh = await flamegraphFrame(page, 300_000, [webview]);
      assert.equal(recordingsOf(bench!.crate).length, recordings + 1, 'a second recording');
      const second = readNewestProfile(bench!.crate);
      const secondShown = applyTransforms(second.tree, second.frames, DEFAULT_TRANSFORMS);
      // The frames drawn are the new profile's, after the default transforms only.
      const node = hottestNodeOf(secondShown, HOT);
      await fresh.locator(`g.frame[data-node="${node}"]`).waitFor({ timeout: 30_000 });
      assert.equal(await fresh.getAttribute(`g.frame[data-node="${node}"]`, 'name'), HOT);
      assert.equal(await fresh.getAttribute('.rf-chart', 'data-zoom'), '0', 'the new profile opened zoomed');
      assert.deepEqual(await crumbs(fresh), ['Full profile', ...DEFAULT_TRANSFORMS.map((s) => describeStep(s, second.frames))]);
      assert.equal(await fresh.getAttribute('button.rf-tab[data-view=flame]', 'aria-selected'), 'true');
      // The earlier recording's editor gave its place to the new one, and the source opened beside it stays beside it
      // (closing the earlier one first removed its group: the new one went into the source's group).
      const groups = () =>
        page.$$eval('.part.editor .editor-group-container', (gs) =>
          gs.map((g) =>
            Array.from(g.querySelectorAll('.tab .label-name')).map((t) => (t as { textContent: string | null }).textContent ?? ''),
          ),
        );
      const expected = JSON.stringify([['profile.json'], ['main.rs']]);
      await eventually(
        async () => JSON.stringify(await groups()) === expected,
        'the new profile in the first group, main.rs beside it',
        15_000,
      );
      step('the second profile opened unzoomed, default breadcrumb');
      await shot('views-new-profile-unzoomed.png');
    }),
  );
});
