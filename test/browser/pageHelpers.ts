// Helpers for the flamegraph page tests: open a page in headless Chromium
// with every CSP violation, page error and dialog recorded, and find frames
// by name (a frame's <g> carries the name as an attribute, set with
// setAttribute, and its node id as data-node).

import type { Browser, Page } from 'playwright-core';

export interface OpenedPage {
  page: Page;
  /** CSP violations reported by the page (securitypolicyviolation events). */
  violations(): Promise<string[]>;
  errors: string[];
  dialogs: string[];
}

export async function openPage(
  browser: Browser,
  url: string,
  opts: { colorScheme?: 'light' | 'dark'; init?: string; width?: number; height?: number } = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 720 },
    colorScheme: opts.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript(`
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
    ${opts.init ?? ''}
  `);
  await page.goto(url);
  return {
    page,
    errors,
    dialogs,
    violations: () => page.evaluate(() => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations),
  };
}

export interface FrameBox {
  node: number;
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  labelVisible: boolean;
  classes: string;
}

/** The widest drawn frame named `name`, or null. */
export async function frameBox(page: Page, name: string): Promise<FrameBox | null> {
  return page.evaluate((n) => {
    // Runs in the page (the test tsconfig has no DOM types).
    const doc = (globalThis as any).document;
    let best: FrameBox | null = null;
    for (const g of Array.from(doc.querySelectorAll('.rf-chart g.frame')) as any[]) {
      if (g.getAttribute('name') !== n) continue;
      const r = g.querySelector('rect')!.getBoundingClientRect();
      const label = g.querySelector('.d3-flame-graph-label');
      const box = {
        node: Number(g.getAttribute('data-node')),
        x: r.x,
        y: r.y,
        width: r.width,
        height: r.height,
        label: label?.textContent ?? '',
        labelVisible: !!label && (globalThis as any).getComputedStyle(label).display !== 'none' && (label.textContent ?? '') !== '',
        classes: g.getAttribute('class') ?? '',
      };
      if (!best || box.width > best.width) best = box;
    }
    return best;
  }, name);
}

/** Width of the drawing (the flamegraph's svg). */
export function chartWidth(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as any).document.querySelector('.rf-chart svg').getBoundingClientRect().width as number);
}

/** Waits until a frame named `name` is drawn with its label text in place. */
export async function waitForFrame(page: Page, name: string, timeout = 10_000): Promise<FrameBox> {
  const start = Date.now();
  for (;;) {
    const b = await frameBox(page, name);
    // Labels are set with the frame (the short name, cut to fit): a drawn frame is one with a width.
    if (b && b.width > 0) {
      // Settled: the same box twice in a row.
      await page.waitForTimeout(30);
      const again = await frameBox(page, name);
      if (again && again.width === b.width && again.y === b.y) return again;
    }
    if (Date.now() - start > timeout) throw new Error(`frame ${name} not drawn within ${timeout} ms (got ${JSON.stringify(b)})`);
    await page.waitForTimeout(50);
  }
}

/** Polls `check` until it returns a truthy value. */
export async function eventually<T>(check: () => Promise<T>, what: string, timeout = 10_000): Promise<T> {
  const start = Date.now();
  let last: T;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
