// The packaged extension as a user meets it: the .vsix installed into
// code-server (VS Code 1.100.3), a copy of the seed-demo crate opened in
// headless Chromium, "Rust Flamegraph: Profile Rust Binary" run from the
// command palette, the flamegraph shown in the webview, a double-click on the
// `seed_demo::process_data` frame, main.rs opened on the hot line with the
// `🔥 total · self+libs` CodeLens above process_data, the flamegraph restored after a reload, and a
// profile.json and a perf.data opened by a double-click in the Explorer (the profile editor).
// Screenshots go to /work/screenshots/ (RF_SCREENSHOTS overrides).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { Profile } from '../../src/model/profileTypes';
import { DEFAULT_TRANSFORMS, applyTransforms } from '../../src/model/transforms';
import { hottestNodeOf } from '../../webview/model/search';
import {
  SHOTS,
  Workbench,
  clickInExplorer,
  flamegraphFrame,
  framesWithFlamegraph,
  openSeedDemo,
  profileFromPalette,
  recordingsOf,
  runFromPalette,
  stepLogger,
} from './workbench';

test('Profile Rust Binary from the palette, click process_data, main.rs opens on its hot line', { timeout: 1_200_000 }, async () => {
  const step = stepLogger('ui');
  let bench: Workbench | undefined;
  let page: Page | undefined;
  try {
    bench = await openSeedDemo(step);
    page = bench.page;
    const { crate } = bench;

    await profileFromPalette(page);
    step('Profile Rust Binary started');
    // The moment of recording, with its Stop button in the status bar (a short run may be past it: the screenshot is then of what follows).
    const recording = await page
      .locator('.statusbar')
      .getByText(/Stop profiling/)
      .first()
      .waitFor({ timeout: 120_000 })
      .then(
        () => true,
        () => false,
      );
    step(recording ? 'recording, Stop button in the status bar' : 'recording phase not caught on screen');
    await page.screenshot({ path: path.join(SHOTS, 'ui-1-profiling.png') });
    const webview = await flamegraphFrame(page, 300_000);
    step('flamegraph drawn');

    // The recording's own folder in the target's history (profiles/bin-seed-demo/<UTC time>/): the newest.
    const newest = recordingsOf(crate).pop();
    assert.ok(newest, `no recording folder in ${crate}/target`);
    const profileJson = path.join(newest, 'profile.json');
    const profile = JSON.parse(fs.readFileSync(profileJson, 'utf8')) as Profile;
    // The panel draws the profile after its default transforms (start-up frames hidden): its node ids are that tree's.
    const shown = applyTransforms(profile.tree, profile.frames, DEFAULT_TRANSFORMS);
    const node = hottestNodeOf(shown, 'seed_demo::process_data');
    assert.ok(node > 0, 'seed_demo::process_data is not in the profile');
    const line = shown.tree.line[node] || profile.frames[shown.tree.frame[node]].line!;
    step(`process_data is node ${node}, hot line ${line}`);
    const frame = webview.locator(`g.frame[data-node="${node}"]`);
    await frame.waitFor({ timeout: 30_000 });
    assert.match((await frame.textContent()) ?? '', /seed_demo::process_data/);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: path.join(SHOTS, 'ui-2-flamegraph.png') });

    // One click selects and zooms; a double-click opens the source beside the panel.
    await frame.dblclick();
    await page.locator('.statusbar').getByText(`Ln ${line}, Col 1`, { exact: true }).waitFor({ timeout: 30_000 });
    assert.match(await page.title(), /main\.rs/);
    // The flamegraph is still on screen beside the source.
    assert.ok((await webview.locator('g.frame').count()) > 0, 'the flamegraph went away');

    // The profile lens: a `🔥 N% total · M% self+libs` CodeLens right above process_data (above its #[inline(never)]).
    const hotLens = page.locator('.monaco-editor .codelens-decoration').filter({ hasText: /🔥 \d+\.\d% total · \d+\.\d% self\+libs/ });
    await hotLens.first().waitFor({ timeout: 60_000 });
    // Monaco renders spaces as no-break spaces, which \s matches.
    const fnLine = page.locator('.monaco-editor .view-lines .view-line').filter({ hasText: /fn\s+process_data\(/ });
    await fnLine.first().waitFor({ timeout: 10_000 });
    const fnBox = (await fnLine.first().boundingBox())!;
    const lenses = await Promise.all(
      (await hotLens.all()).map(async (l) => ({
        text: ((await l.textContent()) ?? '').replace(/\u00a0/g, ' '),
        box: await l.boundingBox(),
      })),
    );
    // The nearest 🔥 lens above the fn line; only the attribute line lies between them.
    const above = lenses.filter((l) => l.box && l.box.y + l.box.height <= fnBox.y + 1).sort((a, b) => b.box!.y - a.box!.y)[0];
    assert.ok(above, `no 🔥 lens above fn process_data; lenses: ${JSON.stringify(lenses)}`);
    assert.ok(
      fnBox.y - (above.box!.y + above.box!.height) < 2.5 * fnBox.height,
      `the nearest 🔥 lens is not right above process_data: ${JSON.stringify({ lens: above, fn: fnBox })}`,
    );
    assert.match(above.text, /🔥 \d+\.\d% total · \d+\.\d% self\+libs/);
    step(`CodeLens above process_data: ${above.text.trim()}`);
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SHOTS, 'ui-3-source-opened.png') });
    step(`main.rs open at Ln ${line}, Col 1; screenshots in ${SHOTS}`);

    // After a window reload VS Code reopens the profile editor by its URI (re-read from profile.json).
    await runFromPalette(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const restored = await flamegraphFrame(page, 90_000);
    await restored.locator(`g.frame[data-node="${node}"]`).waitFor({ timeout: 30_000 });
    // The view comes back too: the click above zoomed to process_data (the webview keeps its state, VS Code restores it).
    assert.equal(await restored.getAttribute('.rf-chart', 'data-zoom'), String(node), 'the zoom was not restored');
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SHOTS, 'ui-4-after-reload.png') });
    step('flamegraph restored after a window reload');

    // Profiles are documents: a double-click on a profile.json or a perf.data in the Explorer shows its flamegraph.
    // Copies in folders of their own, so that nothing of the recording is open or written already.
    fs.mkdirSync(path.join(crate, 'saved-json'));
    fs.copyFileSync(profileJson, path.join(crate, 'saved-json', 'profile.json'));
    fs.mkdirSync(path.join(crate, 'saved-perf'));
    fs.copyFileSync(path.join(path.dirname(profileJson), 'perf.data'), path.join(crate, 'saved-perf', 'perf.data'));
    await runFromPalette(page, 'View: Close All Editors');
    await page.waitForTimeout(500);
    assert.equal(await framesWithFlamegraph(page), 0, 'a flamegraph is still open');
    for (const [folder, file, shot] of [
      ['saved-json', 'profile.json', 'ui-5-double-click-profile-json.png'],
      ['saved-perf', 'perf.data', 'ui-6-double-click-perf-data.png'],
    ] as const) {
      // The Explorer revealed the recording's own profile.json and perf.data (target/…/bin-seed-demo/<time>) when they
      // were open: collapse everything, so that the only row of that name is the one in `folder`.
      await runFromPalette(page, 'Collapse Folders in Explorer');
      await clickInExplorer(page, folder, 1);
      await clickInExplorer(page, file, 2);
      const opened = await flamegraphFrame(page, 180_000);
      await opened.locator(`g.frame[data-node="${node}"]`).waitFor({ timeout: 30_000 });
      assert.match((await opened.locator(`g.frame[data-node="${node}"]`).textContent()) ?? '', /seed_demo::process_data/);
      assert.match(await page.title(), new RegExp(`^${file.replace('.', '\\.')}\\b`), 'the active editor is the file double-clicked');
      // The copy in `folder` is the one open (the editor's breadcrumbs name its folder). A profile.json keeps the
      // title it was recorded with (the target), a perf.data is titled by its name.
      const crumbs = await page.locator('.breadcrumbs-control .monaco-breadcrumb-item').allTextContents();
      assert.ok(
        crumbs.some((c) => c.trim() === folder),
        `the breadcrumbs ${JSON.stringify(crumbs)} do not name ${folder}`,
      );
      assert.equal(await opened.textContent('.rf-title-text'), file === 'profile.json' ? 'bin seed-demo' : file);
      await page.waitForTimeout(800);
      await page.screenshot({ path: path.join(SHOTS, shot) });
      step(`double-click on ${folder}/${file}: flamegraph shown (${await page.title()})`);
      await runFromPalette(page, 'View: Close All Editors');
      await page.waitForTimeout(500);
    }
    // The perf.data was read by the report job, which wrote profile.json in the extension's storage: saved-perf is no
    // profiles folder of ours, so nothing is written beside it.
    assert.deepEqual(fs.readdirSync(path.join(crate, 'saved-perf')), ['perf.data']);
  } catch (e) {
    await page?.screenshot({ path: path.join(SHOTS, 'ui-failed.png') }).catch(() => undefined);
    throw e;
  } finally {
    await bench?.close();
  }
});
