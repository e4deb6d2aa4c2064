#!/usr/bin/env node
// UI smoke of test/harness/codeServer.ts, as a user would see it: packs ./extension into a .vsix,
// installs it with installVsix, starts code-server on ./workspace, opens it in headless Chromium, runs
// the extension's command from the command palette, waits for its notification, and saves a screenshot
// (default /tmp/rf-ui-smoke.png, or argv[2]). Exit code 0 when all of that worked.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { loadHarness } = require('./loadHarness');
const { makeVsix } = require('./makeVsix');

async function main() {
  const harness = loadHarness();
  const shot = path.resolve(process.argv[2] || path.join(os.tmpdir(), 'rf-ui-smoke.png'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-ui-smoke-'));
  const started = Date.now();
  const step = (s) => console.log(`ui-smoke: ${s} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  let server;
  let browser;
  let page;
  try {
    const extensionsDir = path.join(tmp, 'extensions');
    await harness.installVsix(makeVsix(path.join(__dirname, 'extension'), path.join(tmp, 'selfcheck.vsix')), extensionsDir);
    step('vsix installed');
    server = await harness.startCodeServer({ workspaceFolder: path.join(__dirname, 'workspace'), extensionsDir });
    step(`code-server at ${server.url}`);
    browser = await harness.launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer lists the workspace's file: the folder really is open.
    await page.locator('.explorer-folders-view').getByText('README.md').waitFor({ timeout: 60_000 });
    step('workbench shows the folder');
    // Commands of extensions appear in the palette only once the extension host has scanned them,
    // a few seconds after the workbench shows: retry the palette until the command is listed.
    const item = page.locator('.quick-input-list').getByText('RF Selfcheck: Hello');
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+Shift+P');
      await page.locator('.quick-input-widget input').waitFor();
      await page.keyboard.type('RF Selfcheck: Hello');
      if (
        await item.waitFor({ timeout: 3000 }).then(
          () => true,
          () => false,
        )
      )
        break;
      if (attempt === 10) throw new Error('the selfcheck command never appeared in the command palette');
      await page.keyboard.press('Escape');
    }
    await page.keyboard.press('Enter');
    await page
      .locator('.notifications-toasts')
      .getByText(/Hello from the selfcheck in .* 1\.100\.3/)
      .waitFor({ timeout: 30_000 });
    step('command from the installed vsix ran and showed its notification');
    await page.locator('.notification-fade-in-done').first().waitFor({ timeout: 5000 }); // toast slid in
    await page.screenshot({ path: shot });
    step(`screenshot ${shot}`);
  } catch (e) {
    const failShot = shot.replace(/(\.png)?$/, '-failed.png');
    await page?.screenshot({ path: failShot }).catch(() => undefined);
    console.error(`ui-smoke: failed, screenshot of that moment: ${failShot}`);
    throw e;
  } finally {
    await browser?.close();
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
