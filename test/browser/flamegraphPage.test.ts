// The offline flamegraph.html in real headless Chromium, made by the real
// command line from a real recording of examples/seed-demo (cargo + perf):
// frames drawn, click-zoom, search with "% of samples matched", orientation,
// the details line with file:line, Rust names full of `<`/`>` as text only,
// and not one CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../harness/codeServer';
import { repoRoot, runCli } from '../helpers/repo';
import type { Profile } from '../../src/model/profileTypes';
import { renderStandalonePage } from '../../src/core/export/flamegraphHtml';
import { loadWebviewAssets } from '../../src/core/export/webviewAssets';
import { framesMatching, matchedSamples } from '../../webview/model/search';
import { DEFAULT_TRANSFORMS, TransformedTree, applyTransforms } from '../../src/model/transforms';
import { openPage, frameBox, waitForFrame, chartWidth, eventually } from './pageHelpers';

const HOT = 'seed_demo::process_data';
let browser: Browser;
let outputDir: string;
let htmlPath: string;
let profile: Profile;
/** What the page draws: the profile after the default transforms (node ids of the page are this tree's). */
let shown: TransformedTree;
let summary: { samples: number; outputs: Record<string, string> };

before(async () => {
  outputDir = mkdtempSync(path.join(tmpdir(), 'rf-page-'));
  const cli = await runCli([
    'record',
    '--manifest-path',
    path.join(repoRoot(), 'examples', 'seed-demo', 'Cargo.toml'),
    '--output',
    outputDir,
    '--json',
    '--',
    '20000',
  ]);
  assert.equal(cli.code, 0, cli.stderr);
  summary = JSON.parse(cli.stdout);
  htmlPath = summary.outputs.html;
  profile = JSON.parse(readFileSync(path.join(outputDir, 'profile.json'), 'utf8'));
  shown = applyTransforms(profile.tree, profile.frames, DEFAULT_TRANSFORMS);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (outputDir) rmSync(outputDir, { recursive: true, force: true }); // perf.data is ~30 MB
});

test('record --json writes flamegraph.html beside the other outputs and lists it', () => {
  assert.equal(htmlPath, path.join(outputDir, 'flamegraph.html'));
  assert.ok(existsSync(htmlPath));
  const html = readFileSync(htmlPath, 'utf8');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-/);
  assert.match(html, /<script type="application\/json" id="rf-profile">/);
  assert.doesNotMatch(html, /<(link|img)\b|src="http/, 'one file, nothing fetched');
});

test('frames are drawn: process_data is visible with its name; clicking zooms it to full width; reset zooms out', async () => {
  const { page, violations, errors } = await openPage(browser, pathToFileURL(htmlPath).href);
  const hot = await waitForFrame(page, HOT);
  assert.ok(hot.labelVisible, 'the hot frame shows its name');
  const width = await chartWidth(page);
  assert.ok(hot.width > width * 0.5, `process_data is most of the profile (${hot.width} of ${width} px)`);
  assert.ok((await page.locator('.rf-chart g.frame').count()) > 10);

  // A narrower frame above process_data: click it and it fills the width.
  const callee = await page.evaluate((hotNode) => {
    const doc = (globalThis as any).document;
    const kids = (Array.from(doc.querySelectorAll('.rf-chart g.frame')) as any[]).filter(
      (g) => g.getAttribute('data-node') !== String(hotNode),
    );
    const boxes: { name: string; node: number; w: number }[] = kids.map((g) => ({
      name: g.getAttribute('name'),
      node: Number(g.getAttribute('data-node')),
      w: g.querySelector('rect').getBoundingClientRect().width,
    }));
    return boxes.filter((b) => b.w > 60).sort((a, b) => a.w - b.w)[0];
  }, hot.node);
  assert.ok(callee && callee.w < width * 0.9, `a frame narrower than the chart: ${JSON.stringify(callee)}`);
  const before = (await frameBox(page, callee.name))!;
  await page.mouse.click(before.x + 5, before.y + before.height / 2);
  const zoomed = await eventually(async () => {
    const b = await frameBox(page, callee.name);
    return b && b.width > width - 1 ? b : null;
  }, `${callee.name} at full width`);
  assert.equal(zoomed!.node, before.node);
  assert.equal(await page.getAttribute('.rf-chart', 'data-zoom'), String(before.node));
  assert.match(
    await page.evaluate(() => (globalThis as any).location.hash as string),
    new RegExp(`zoom=${before.node}`),
    'the view is kept in the page hash',
  );
  const hotAfter = (await frameBox(page, HOT))!;
  assert.match(hotAfter.classes, /fade/, 'ancestors stay, faded');
  // The details line shows the clicked frame, with its file:line (the standalone page has no editor to open).
  await page.mouse.move(1, 1);
  assert.equal(await page.textContent('.rf-d-name'), callee.name);
  const file = profile.frames[shown.tree.frame[callee.node]].file;
  assert.ok(file, `${callee.name} has a source file`);
  assert.match((await page.textContent('.rf-d-loc'))!, new RegExp(`${path.basename(file).replace('.', '\\.')}:\\d+$`));

  // A reload keeps the zoom (location.hash), the Reset button drops it.
  await page.reload();
  await eventually(async () => (await frameBox(page, callee.name))?.width! > width - 1, 'zoom restored after reload');
  await page.click('button.rf-reset');
  await eventually(async () => {
    const b = await frameBox(page, callee.name);
    return b && Math.abs(b.width - before.width) < 1;
  }, 'zoomed out');
  assert.equal(await page.getAttribute('.rf-chart', 'data-zoom'), '0');
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('search highlights matching frames and shows the share of samples matched', async () => {
  const { page, violations, errors } = await openPage(browser, pathToFileURL(htmlPath).href);
  await waitForFrame(page, HOT);
  await page.fill('.rf-search-input', 'PROCESS_data');
  await eventually(() => page.locator('.rf-chart g.rf-match').count(), 'a highlighted frame');
  const matched = await page.$$eval('.rf-chart g.rf-match', (gs) => gs.map((g) => g.getAttribute('name')));
  assert.ok(matched.length > 0 && matched.every((n) => n === HOT), JSON.stringify(matched));
  const fill = await page.$eval('.rf-chart g.rf-match rect', (r) => r.getAttribute('fill'));
  const other = await page.$eval('.rf-chart g.frame:not(.rf-match) rect', (r) => r.getAttribute('fill'));
  assert.notEqual(fill, other, 'matches have their own colour');
  const expected = (100 * matchedSamples(shown, framesMatching(shown, 'process_data'))) / shown.tree.total[0];
  const text = await eventually(async () => (await page.textContent('.rf-matched'))?.trim(), 'matched text');
  assert.equal(text, `${expected.toFixed(2)}% of samples matched`);
  assert.ok(expected > 50 && expected <= 100);
  // A search for nothing that exists: 0.00%, no highlight.
  await page.fill('.rf-search-input', 'no_such_function');
  await eventually(async () => (await page.textContent('.rf-matched'))?.startsWith('0.00%'), '0.00% matched');
  assert.equal(await page.locator('.rf-chart g.rf-match').count(), 0);
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the orientation toggle flips flame (root at the bottom) and icicle (root at the top)', async () => {
  const { page, violations } = await openPage(browser, pathToFileURL(htmlPath).href);
  await waitForFrame(page, HOT);
  const rootY = async () => (await frameBox(page, 'all'))!.y;
  const hotY = async () => (await frameBox(page, HOT))!.y;
  assert.ok((await rootY()) > (await hotY()), 'flame: root below process_data');
  assert.equal(await page.getAttribute('button.rf-orient', 'aria-pressed'), 'false');
  await page.click('button.rf-orient');
  await eventually(async () => (await rootY()) < (await hotY()), 'icicle: root above process_data');
  assert.equal(await page.getAttribute('button.rf-orient', 'aria-pressed'), 'true');
  assert.match(await page.evaluate(() => (globalThis as any).location.hash as string), /o=icicle/);
  await page.click('button.rf-orient');
  await eventually(async () => (await rootY()) > (await hotY()), 'flame again');
  assert.deepEqual(await violations(), []);
  await page.context().close();
});

test('hovering a frame shows its full name, file:line, self and total samples in the details line', async () => {
  const { page, violations } = await openPage(browser, pathToFileURL(htmlPath).href);
  const hot = await waitForFrame(page, HOT);
  await page.mouse.move(hot.x + 20, hot.y + hot.height / 2);
  await eventually(
    async () => (await page.getAttribute('.rf-details', 'data-frame')) === String(shown.tree.frame[hot.node]),
    'details of the hovered frame',
  );
  assert.equal(await page.textContent('.rf-d-name'), HOT);
  assert.match((await page.textContent('.rf-d-loc'))!, /^src\/main\.rs:\d+$/, 'workspace-relative file:line');
  const total = shown.tree.total[hot.node];
  const self = shown.tree.self[hot.node];
  const all = profile.tree.total[0];
  const nums = await page.$$eval('.rf-d-num', (es) => es.map((e) => e.textContent));
  assert.deepEqual(nums, [
    `total ${total.toLocaleString('en-US')} samples (${((100 * total) / all).toFixed(2)}%)`,
    `self ${self.toLocaleString('en-US')} sample${self === 1 ? '' : 's'} (${((100 * self) / all).toFixed(2)}%)`,
  ]);
  assert.deepEqual(await violations(), []);
  await page.context().close();
});

test('a symbol named like HTML is text in the frames and the details line: no element, no dialog, no CSP violation', async () => {
  const xss = '<img src=x onerror=alert(1)>';
  // The real profile with process_data renamed: same shapes, hostile name.
  const hotFrame = profile.frames.findIndex((f) => f.name === HOT);
  const hostile: Profile = { ...profile, frames: profile.frames.map((f, i) => (i === hotFrame ? { ...f, name: xss } : f)) };
  const assets = await loadWebviewAssets();
  const file = path.join(outputDir, 'hostile.html');
  writeFileSync(
    file,
    renderStandalonePage({ profile: hostile, title: `<script>alert(2)</script> ${xss}`, js: assets.js, css: assets.css }),
  );
  const { page, violations, errors, dialogs } = await openPage(browser, pathToFileURL(file).href);
  const frame = await waitForFrame(page, xss);
  assert.ok(frame.labelVisible);
  await page.mouse.move(frame.x + 20, frame.y + frame.height / 2);
  await eventually(async () => (await page.textContent('.rf-d-name')) === xss, 'the name as text in the details line');
  await page.fill('.rf-search-input', '<img');
  await eventually(async () => (await page.locator('.rf-chart g.rf-match').count()) > 0, 'the hostile frame matched as plain text');
  await page.waitForTimeout(300);
  assert.equal(await page.locator('img').count(), 0, 'no <img> element anywhere');
  assert.equal(await page.locator('script:not([nonce]):not([type="application/json"])').count(), 0);
  assert.equal(await page.title(), `<script>alert(2)</script> ${xss}`);
  assert.match((await page.textContent('.rf-title-text'))!, /^<script>alert\(2\)<\/script> <img/);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});
