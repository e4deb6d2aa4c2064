// The flamegraph UI in its VS Code role, in real headless Chromium: the
// page made by renderWebviewShell (the extension's webview.html) loads
// dist/webview.js and talks through acquireVsCodeApi, which this test
// provides and records (in VS Code it is the webview's API). Checks the
// message flow: ready → showProfile → viewState + setState on a click,
// openFrame {frame, line} on a double-click,
// restore from getState, revealFunction, frameOpened's reason, warnings in VS Code's words, malformed messages ignored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../harness/codeServer';
import { repoRoot, runCli } from '../helpers/repo';
import type { Profile } from '../../src/model/profileTypes';
import { DEFAULT_VIEW_STATE, ViewState } from '../../src/protocol/webviewMessages';
import { DEFAULT_TRANSFORMS, TransformedTree, applyTransforms } from '../../src/model/transforms';
import { renderWebviewShell, newNonce } from '../../src/core/export/flamegraphHtml';
import { findWebviewAssetDir } from '../../src/core/export/webviewAssets';
import { hottestNodeOf } from '../../webview/model/search';
import { profileKey } from '../../src/model/profileKey';
import { openPage, waitForFrame, frameBox, eventually } from './pageHelpers';

const HOT = 'seed_demo::process_data';
let browser: Browser;
let shellUrl: string;
let profile: Profile;
/** The tree the page draws: the profile after the default transforms (start-up frames hidden); zoom nodes are its ids. */
let shown: TransformedTree;
let dir: string;
/** A full view state (the fields a test does not name are the defaults). */
const state = (s: Partial<ViewState>): ViewState => ({ ...DEFAULT_VIEW_STATE, ...s });

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rf-webview-'));
  const cli = await runCli([
    'record',
    '--manifest-path',
    path.join(repoRoot(), 'examples', 'seed-demo', 'Cargo.toml'),
    '--output',
    dir,
    '--json',
    '--',
    '20000',
  ]);
  assert.equal(cli.code, 0, cli.stderr);
  profile = JSON.parse(readFileSync(path.join(dir, 'profile.json'), 'utf8'));
  shown = applyTransforms(profile.tree, profile.frames, DEFAULT_TRANSFORMS);
  const assets = findWebviewAssetDir();
  const shell = renderWebviewShell({
    cspSource: 'file:',
    nonce: newNonce(),
    scriptUri: pathToFileURL(path.join(assets, 'webview.js')).href,
    styleUri: pathToFileURL(path.join(assets, 'webview.css')).href,
    title: 'Flamegraph',
  });
  writeFileSync(path.join(dir, 'shell.html'), shell);
  shellUrl = pathToFileURL(path.join(dir, 'shell.html')).href;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true }); // perf.data is ~30 MB
});

/** acquireVsCodeApi as VS Code gives it to a webview, recording what the page does with it. */
function fakeVsCodeApi(savedState: ViewState | null): string {
  return `
    window.__posted = [];
    window.__setStates = [];
    window.__state = ${JSON.stringify(savedState)};
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__state,
      setState: (s) => { window.__state = s; window.__setStates.push(JSON.parse(JSON.stringify(s))); },
    });`;
}

const posted = (page: Page) => page.evaluate(() => (globalThis as any).__posted as { type: string; [k: string]: unknown }[]);
const setStates = (page: Page) => page.evaluate(() => (globalThis as any).__setStates as ViewState[]);
const send = (page: Page, msg: unknown) => page.evaluate((m) => (globalThis as any).postMessage(m, '*'), msg);

test('ready first; showProfile draws; a click selects and zooms (viewState, saved); a double-click posts openFrame with the frame and line', async () => {
  const { page, violations, errors } = await openPage(browser, shellUrl, { init: fakeVsCodeApi(null) });
  await eventually(async () => (await posted(page)).length > 0, 'ready');
  assert.deepEqual(await posted(page), [{ type: 'ready' }]);
  // Junk and look-alikes are ignored.
  for (const junk of [
    'hello',
    { type: 'showProfile', title: 't', profile: { tree: 1 }, state: null },
    { type: 'zap' },
    { type: 'notice', text: 5 },
  ])
    await send(page, junk);
  await page.waitForTimeout(200);
  assert.equal(await page.locator('.rf-chart g.frame').count(), 0);
  assert.equal(await page.textContent('.rf-notice'), '');

  await send(page, { type: 'showProfile', title: 'bin seed-demo', profile, state: null });
  const hot = await waitForFrame(page, HOT);
  assert.equal(await page.textContent('.rf-title-text'), 'bin seed-demo');
  await page.mouse.click(hot.x + 10, hot.y + hot.height / 2);
  const hotFrame = shown.tree.frame[hot.node];
  assert.equal(profile.frames[hotFrame].name, HOT);
  const expectedState = state({ zoomNode: hot.node, selectedFrame: hotFrame, profile: profileKey(profile) });
  await eventually(async () => (await posted(page)).length >= 2, 'messages after the click');
  await page.waitForTimeout(300);
  // One click selects and zooms: nothing opens (the editor beside the panel cramped it).
  assert.deepEqual((await posted(page)).slice(1), [{ type: 'viewState', state: expectedState }]);
  assert.deepEqual(await setStates(page), [expectedState]);
  assert.equal(await page.getAttribute('.rf-chart', 'data-zoom'), String(hot.node));
  assert.match((await page.textContent('.rf-details'))!, /seed_demo::process_data.*Go to source/);
  // A double-click opens: the frame id and the line of that frame on this path.
  const zoomed = (await frameBox(page, HOT))!;
  await page.mouse.dblclick(zoomed.x + 10, zoomed.y + zoomed.height / 2);
  await eventually(async () => (await posted(page)).some((m) => m.type === 'openFrame'), 'openFrame');
  assert.deepEqual(
    (await posted(page)).find((m) => m.type === 'openFrame'),
    { type: 'openFrame', id: 0, frame: hotFrame, line: shown.tree.line[hot.node] },
  );
  // Search and orientation changes are view changes too.
  await page.fill('.rf-search-input', 'wrapping');
  await page.click('button.rf-orient');
  const searched = state({
    zoomNode: hot.node,
    search: 'wrapping',
    orientation: 'icicle',
    selectedFrame: hotFrame,
    profile: profileKey(profile),
  });
  await eventually(
    async () => JSON.stringify((await setStates(page)).at(-1)) === JSON.stringify(searched),
    'the state with search and orientation',
  );
  assert.deepEqual((await posted(page)).at(-1), { type: 'viewState', state: searched });
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a reloaded webview restores the view from getState; a state sent by the host wins', async () => {
  const hotNode = hottestNodeOf(shown, HOT);
  const saved: ViewState = state({ zoomNode: hotNode, search: 'wrapping', orientation: 'icicle' });
  const { page, violations } = await openPage(browser, shellUrl, { init: fakeVsCodeApi(saved) });
  await eventually(async () => (await posted(page)).length > 0, 'ready');
  await send(page, { type: 'showProfile', title: 't', profile, state: null });
  await waitForFrame(page, HOT);
  assert.equal(await page.getAttribute('.rf-chart', 'data-zoom'), String(hotNode));
  assert.equal(await page.inputValue('.rf-search-input'), 'wrapping');
  assert.equal(await page.getAttribute('button.rf-orient', 'aria-pressed'), 'true');
  assert.ok((await page.locator('.rf-chart g.rf-match').count()) > 0, 'the restored search highlights');

  await send(page, { type: 'showProfile', title: 't', profile, state: state({}) });
  await eventually(async () => (await page.getAttribute('.rf-chart', 'data-zoom')) === '0', 'the host state');
  assert.equal(await page.getAttribute('button.rf-orient', 'aria-pressed'), 'false');
  assert.equal(await page.locator('.rf-chart g.rf-match').count(), 0);
  assert.deepEqual(await violations(), []);
  await page.context().close();
});

test('a new profile opens unzoomed and unfiltered: a state of another profile keeps only its orientation; one of this profile is restored', async () => {
  const hotNode = hottestNodeOf(shown, HOT);
  // The last view of the previous recording in this panel: zoomed, searching, a highlight, icicle, a merge step.
  const old: ViewState = state({
    zoomNode: hotNode,
    search: 'wrapping',
    orientation: 'icicle',
    highlightFunction: HOT,
    transforms: [{ kind: 'dropStartup' }, { kind: 'merge', frame: 3 }],
    selectedFrame: 5,
    profile: 'an older profile',
  });
  const { page, violations } = await openPage(browser, shellUrl, { init: fakeVsCodeApi(old) });
  await eventually(async () => (await posted(page)).length > 0, 'ready');
  await send(page, { type: 'showProfile', title: 't', profile, state: old });
  await waitForFrame(page, HOT);
  assert.equal(await page.getAttribute('.rf-chart', 'data-zoom'), '0');
  assert.equal(await page.inputValue('.rf-search-input'), '');
  assert.equal(await page.locator('.rf-chart g.rf-match').count(), 0);
  assert.equal(await page.getAttribute('button.rf-orient', 'aria-pressed'), 'true');
  assert.equal(await page.locator('.rf-crumb').count(), 2, 'the default steps only: Full profile › Hide start-up frames');
  assert.equal(await page.locator('.rf-chart g.rf-selected').count(), 0, 'no stale selection');
  // The same profile's own state comes back whole (a reload of this panel).
  const own: ViewState = {
    ...old,
    highlightFunction: null,
    transforms: [{ kind: 'dropStartup' }],
    selectedFrame: null,
    profile: profileKey(profile),
  };
  await send(page, { type: 'showProfile', title: 't', profile, state: own });
  await eventually(async () => (await page.getAttribute('.rf-chart', 'data-zoom')) === String(hotNode), 'its own zoom');
  assert.equal(await page.inputValue('.rf-search-input'), 'wrapping');
  assert.deepEqual(await violations(), []);
  await page.context().close();
});

test('revealFunction highlights every frame of the function and zooms to its hottest; a reason shows as text', async () => {
  const { page, violations, errors } = await openPage(browser, shellUrl, { init: fakeVsCodeApi(null) });
  await eventually(async () => (await posted(page)).length > 0, 'ready');
  await send(page, { type: 'showProfile', title: 't', profile, state: null });
  await waitForFrame(page, HOT);
  const main = 'seed_demo::main';
  await send(page, { type: 'revealFunction', id: 1, name: main });
  const mainNode = hottestNodeOf(shown, main);
  await eventually(async () => (await page.getAttribute('.rf-chart', 'data-zoom')) === String(mainNode), 'zoomed to main');
  const highlighted = await page.$$eval('.rf-chart g.rf-highlight', (gs) => gs.map((g) => g.getAttribute('name')));
  assert.ok(highlighted.length >= 1 && highlighted.every((n) => n === main), JSON.stringify(highlighted));
  assert.ok((await frameBox(page, main))!.width > 1000, 'main fills the view');
  assert.match((await page.textContent('.rf-highlight-chip'))!, /seed_demo::main/);
  const viewStates = (await posted(page)).filter((m) => m.type !== 'functionRevealed'); // the answer to the request follows the view change
  assert.deepEqual(viewStates.at(-1), {
    type: 'viewState',
    state: state({ zoomNode: mainNode, highlightFunction: main, selectedFrame: shown.tree.frame[mainNode], profile: profileKey(profile) }),
  });

  await send(page, { type: 'revealFunction', id: 2, name: 'no::such::fn' });
  await eventually(
    async () => /no::such::fn has no frames/.test((await page.textContent('.rf-notice')) ?? ''),
    'notice for an unknown function',
  );
  // Each request is answered by id: found, or not.
  await eventually(
    async () => (await posted(page)).some((m) => m.type === 'functionRevealed' && m.inReplyTo === 2),
    'the answer to revealFunction 2',
  );
  assert.deepEqual(
    (await posted(page)).filter((m) => m.type === 'functionRevealed'),
    [
      { type: 'functionRevealed', inReplyTo: 1, found: true },
      { type: 'functionRevealed', inReplyTo: 2, found: false },
    ],
  );
  // The host's answer to openFrame shows its reason.
  await send(page, { type: 'frameOpened', inReplyTo: 0, opened: false, reason: 'No source for libc.so.6' });
  await eventually(async () => (await page.textContent('.rf-notice')) === 'No source for libc.so.6', 'the reason of frameOpened');
  await send(page, { type: 'frameOpened', inReplyTo: 1, opened: false, reason: '<b>No source</b> for this frame' });
  await eventually(async () => (await page.textContent('.rf-notice')) === '<b>No source</b> for this frame', 'the reason as text');
  assert.equal(await page.locator('.rf-notice b').count(), 0);
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the warnings tooltip names settings, not command-line flags', async () => {
  const { page, errors } = await openPage(browser, shellUrl, { init: fakeVsCodeApi(null) });
  await eventually(async () => (await posted(page)).length > 0, 'ready');
  const diagnostic = {
    code: 'stacks-cut',
    severity: 'warning',
    text: 'Some stacks were cut.',
    fix: [{ text: 'Set {setting}.', setting: { key: 'rustFlamegraph.callGraph', cliFlag: '--call-graph', value: 'dwarf,65528' } }],
  };
  const warned = {
    ...profile,
    meta: { ...profile.meta, diagnostics: [diagnostic], warnings: ['Some stacks were cut. Set --call-graph dwarf,65528.'] },
  };
  await send(page, { type: 'showProfile', title: 't', profile: warned, state: null });
  await waitForFrame(page, HOT);
  assert.equal(await page.textContent('.rf-warnings'), '⚠ 1 warning');
  assert.equal(await page.getAttribute('.rf-warnings', 'title'), 'Some stacks were cut. Set "rustFlamegraph.callGraph": "dwarf,65528".');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('colours follow the VS Code theme: swapping the body class to vscode-dark redraws darker frames', async () => {
  const { page, violations } = await openPage(browser, shellUrl, { init: fakeVsCodeApi(null) });
  await page.evaluate(() => (globalThis as any).document.body.classList.add('vscode-light'));
  await eventually(async () => (await posted(page)).length > 0, 'ready');
  await send(page, { type: 'showProfile', title: 't', profile, state: null });
  await waitForFrame(page, HOT);
  const lightness = () =>
    page.evaluate((name) => {
      const g = (Array.from((globalThis as any).document.querySelectorAll('.rf-chart g.frame')) as any[]).find(
        (x) => x.getAttribute('name') === name,
      );
      return Number(/,\s*([\d.]+)%\)$/.exec(g.querySelector('rect').getAttribute('fill'))![1]);
    }, HOT);
  const light = await lightness();
  await page.evaluate(() => {
    const body = (globalThis as any).document.body;
    body.classList.remove('vscode-light');
    body.classList.add('vscode-dark');
  });
  await eventually(async () => (await lightness()) < light - 10, 'darker frames');
  assert.deepEqual(await violations(), []);
  await page.context().close();
});
