// A stack deeper than the page's frame budget (1,200 frames) in the offline
// flamegraph.html in headless Chromium: the page draws the stack, not just
// "all" (every frame of one chain shares one total, which once tied with the
// budget's cutoff and dropped them all), and says how many frames it hides.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../harness/codeServer';
import { renderStandalonePage } from '../../src/core/export/flamegraphHtml';
import { loadWebviewAssets } from '../../src/core/export/webviewAssets';
import { profileFromFolded } from '../unit/helpers/profileFromFolded';
import { openPage, eventually } from './pageHelpers';

let browser: Browser;
let dir: string;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rf-deep-page-'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a 1,210-frame-deep stack is drawn (not only "all"), with a note that 10 frames are hidden', async () => {
  const names = Array.from({ length: 1210 }, (_, i) => `deep::f${i}`);
  const profile = profileFromFolded([`${names.join(';')} 40`]);
  const assets = await loadWebviewAssets();
  const file = path.join(dir, 'deep.html');
  writeFileSync(file, renderStandalonePage({ profile, title: 'deep', js: assets.js, css: assets.css }));
  const { page, errors, violations } = await openPage(browser, pathToFileURL(file).href);
  const drawn = await eventually(async () => {
    const n = await page.locator('.rf-chart g.frame').count();
    return n > 1 ? n : undefined;
  }, 'frames drawn');
  assert.equal(drawn, 1201, 'all and the first 1,200 frames of the chain');
  assert.equal(await page.locator('.rf-chart g.frame[name="deep::f1199"]').count(), 1);
  const note = await page.textContent('.rf-hidden-frames');
  assert.equal(note, '10 frames hidden');
  assert.equal(
    await page.getAttribute('.rf-hidden-frames', 'title'),
    '10 frames too narrow or beyond the drawing budget hidden; click a frame to zoom in',
  );
  assert.ok(await page.locator('.rf-hidden-frames').isVisible());
  assert.deepEqual(errors, []);
  assert.deepEqual(await violations(), []);
  await page.context().close();
});
