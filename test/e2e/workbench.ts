// What the UI tests do in code-server's VS Code as a user would: open a copy of
// the seed-demo crate with the packaged .vsix installed, run commands from the
// palette, click in the Explorer, pick a colour theme, find the flamegraph's
// webview (webviews are nested iframes), and read the recordings the extension
// wrote into the crate's target/.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { installVsix, startCodeServer, launchChromium } from '../harness/codeServer';
import { repoRoot } from '../helpers/repo';
import { copyCrate } from '../vscode/workspaceCopy';
import { ensureVsix } from './packageVsix';

/** Screenshots go here (RF_SCREENSHOTS overrides). */
export const SHOTS = process.env.RF_SCREENSHOTS || '/work/screenshots';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A quick-input or Explorer row whose label is exactly `label`. */
const rowLabelled = (page: Page, scope: string, label: string) =>
  page
    .locator(`${scope} .monaco-list-row`)
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });

/** A log line with the seconds since `started`. */
export function stepLogger(prefix: string): (s: string) => void {
  const started = Date.now();
  return (s) => console.log(`${prefix}: ${s} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

export interface Workbench {
  page: Page;
  /** The copy of seed-demo that is the workspace folder. */
  crate: string;
  close(): Promise<void>;
}

/**
 * The packaged extension installed into a fresh code-server, a copy of seed-demo open in headless Chromium
 * (`viewport` wide), once the Explorer shows the crate.
 */
export async function openSeedDemo(step: (s: string) => void, viewport = { width: 1400, height: 850 }): Promise<Workbench> {
  const vsix = ensureVsix(step);
  fs.mkdirSync(SHOTS, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-ui-'));
  const crate = path.join(tmp, 'seed-demo');
  copyCrate(path.join(repoRoot(), 'examples', 'seed-demo'), crate);
  const extensionsDir = path.join(tmp, 'extensions');
  let server: Awaited<ReturnType<typeof startCodeServer>> | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await installVsix(vsix, extensionsDir);
    step('vsix installed');
    server = await startCodeServer({ workspaceFolder: crate, extensionsDir });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport });
    await page.goto(server.url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view').getByText('Cargo.toml').waitFor({ timeout: 60_000 });
    step('workbench open on the crate');
    return { page, crate, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export async function runFromPalette(page: Page, title: string): Promise<void> {
  const row = rowLabelled(page, '.quick-input-list', title);
  // Commands of a freshly installed extension reach the palette a few seconds after the workbench shows.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(title);
    if (
      await row
        .first()
        .waitFor({ timeout: 3000 })
        .then(
          () => true,
          () => false,
        )
    )
      break;
    if (attempt === 15) throw new Error(`"${title}" never appeared in the command palette`);
    await page.keyboard.press('Escape');
  }
  await row.first().click();
}

/**
 * "Preferences: Color Theme" from the palette, then the theme labelled `label` ("Dark Modern", "Light Modern":
 * the picker's labels drop the "Default " of the setting's value). Enter would take the first row, which is
 * "Browse Additional Color Themes…" as soon as the typed text matches its description.
 */
export async function pickColorTheme(page: Page, label: string): Promise<void> {
  await runFromPalette(page, 'Preferences: Color Theme');
  await page.keyboard.type(label);
  await rowLabelled(page, '.quick-input-list', label).first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Clicks (a folder: expands it) or double-clicks (a file: opens it, pinned) `name` in the Explorer. */
export async function clickInExplorer(page: Page, name: string, clicks: 1 | 2): Promise<void> {
  const row = rowLabelled(page, '.explorer-folders-view', name);
  await row.first().waitFor({ timeout: 30_000 });
  if (clicks === 2) await row.first().dblclick();
  else await row.first().click();
}

const drawsFlamegraph = (f: Frame) =>
  f
    .locator('g.frame')
    .count()
    .catch(() => 0);

/** The webview frame (webviews are nested iframes) once it draws frames; not one of `except` (an older panel). */
export async function flamegraphFrame(page: Page, timeoutMs: number, except: readonly Frame[] = []): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const f of page.frames()) if (!except.includes(f) && !f.isDetached() && (await drawsFlamegraph(f))) return f;
    await page.waitForTimeout(500);
  }
  throw new Error(`no flamegraph drawn within ${timeoutMs} ms`);
}

export async function framesWithFlamegraph(page: Page): Promise<number> {
  let n = 0;
  for (const f of page.frames()) if (await drawsFlamegraph(f)) n++;
  return n;
}

/** The recording folders of seed-demo's bin target (profiles/bin-seed-demo/<UTC time>/), oldest first. */
export function recordingsOf(crate: string): string[] {
  const history = path.join(crate, 'target', 'rust-flamegraph', 'profiles', 'bin-seed-demo');
  if (!fs.existsSync(history)) return [];
  return fs
    .readdirSync(history)
    .filter((n) => /^\d{4}-\d\d-\d\dT/.test(n))
    .sort()
    .map((n) => path.join(history, n));
}

/** "Rust Flamegraph: Profile Rust Binary" from the palette, once its notification names the bin target. */
export async function profileFromPalette(page: Page): Promise<void> {
  await runFromPalette(page, 'Rust Flamegraph: Profile Rust Binary');
  await page
    .locator('.notifications-toasts')
    .getByText(/Rust Flamegraph: bin seed-demo/)
    .first()
    .waitFor({ timeout: 60_000 });
}
