// The tree table in real headless Chromium, bundled at test time under a
// CSP like the real page's: 200k visible rows with under a hundred in the
// DOM, keyboard navigation (arrows, Home/End, PageUp/PageDown, Enter, `*`,
// the context-menu key), mouse (click, twisty, double-click, right-click),
// hostile names shown literally, sortable headers, swatch colours set
// through the CSSOM, a 500 px wide layout, and not one CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../harness/codeServer';
import { bundleTreeTable, treeTablePageHtml, TreeTableBundle } from '../helpers/treeTablePage';
import { hslToRgb, frameHsl } from '../../src/model/palette';
import { HOSTILE_NAMES } from './treeTableFixture';

let browser: Browser;
let bundle: TreeTableBundle;

before(async () => {
  bundle = await bundleTreeTable();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  violations(): Promise<string[]>;
  errors: string[];
}

/**
 * A page with a table over wideTree(groups, perGroup) (ids: 0 the root, then
 * each group followed by its leaves), its events in window.__events.
 */
async function open(
  opts: { groups: number; perGroup: number; width?: number; hotPath?: boolean; colorScheme?: 'light' | 'dark' } = {
    groups: 400,
    perGroup: 500,
  },
): Promise<Opened> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 900, height: 600 },
    colorScheme: opts.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.setContent(treeTablePageHtml(bundle));
  await page.evaluate(
    ({ groups, perGroup, hotPath }) => {
      const w = globalThis as any;
      const T = w.RfTreeTable;
      const tree = T.wideTree(groups, perGroup);
      w.__events = [];
      w.__source = T.arraySource(tree);
      w.__table = new T.TreeTable(w.document.getElementById('host'), {
        columns: T.callTreeColumns(tree, true),
        ariaLabel: 'Call tree',
        onSelect: (id: number) => w.__events.push(['select', id]),
        onOpen: (id: number) => w.__events.push(['open', id]),
        onContextMenu: (id: number, x: number, y: number) => w.__events.push(['menu', id, x, y]),
        onSort: (key: string) => w.__events.push(['sort', key]),
      });
      w.__table.setSource(w.__source, { expandHotPath: hotPath, sortKey: 'total' });
    },
    { groups: opts.groups, perGroup: opts.perGroup, hotPath: opts.hotPath ?? true },
  );
  return {
    page,
    errors,
    violations: () => page.evaluate(() => (globalThis as any).__cspViolations as string[]),
  };
}

const groupId = (g: number, perGroup: number) => 1 + g * (1 + perGroup);

function events(page: Page): Promise<any[][]> {
  return page.evaluate(() => {
    const w = globalThis as any;
    const e = w.__events;
    w.__events = [];
    return e;
  });
}

function stats(page: Page): Promise<{ rendered: number; visible: number; domRows: number; selected: number | null }> {
  return page.evaluate(() => {
    const w = globalThis as any;
    return {
      ...w.__table.stats(),
      domRows: w.document.querySelectorAll('.rf-tt-row').length,
      selected: w.__table.selected(),
    };
  });
}

/** The rows in the DOM that lie inside the table's visible part, top to bottom: [id attribute, label, selected]. */
function rowsInView(page: Page): Promise<{ label: string; title: string; selected: boolean; level: number }[]> {
  return page.evaluate(() => {
    const doc = (globalThis as any).document;
    const box = doc.querySelector('.rf-tt').getBoundingClientRect();
    const head = doc.querySelector('.rf-tt-head').getBoundingClientRect();
    return (Array.from(doc.querySelectorAll('.rf-tt-row')) as any[])
      .map((r) => ({ r, rect: r.getBoundingClientRect() }))
      .filter(({ rect }) => rect.top >= head.bottom - 1 && rect.bottom <= box.bottom + 1)
      .sort((a, b) => a.rect.top - b.rect.top)
      .map(({ r }) => ({
        label: r.querySelector('.rf-tt-label').textContent,
        title: r.getAttribute('title'),
        selected: r.classList.contains('rf-tt-selected'),
        level: Number(r.getAttribute('aria-level')),
      }));
  });
}

test('200k visible rows: under 100 rows in the DOM wherever it scrolls; the scrollbar spans them all', async () => {
  const { page, violations, errors } = await open({ groups: 400, perGroup: 500 });
  await page.evaluate(() => {
    const w = globalThis as any;
    for (const id of w.__source.children(0)) w.__table.expand(id);
  });
  const s = await stats(page);
  assert.equal(s.visible, 1 + 400 * 501);
  assert.ok(s.rendered < 100 && s.domRows === s.rendered, JSON.stringify(s));
  const geometry = await page.evaluate(() => {
    const w = globalThis as any;
    const t = w.document.querySelector('.rf-tt');
    return { scrollHeight: t.scrollHeight, rowHeight: w.RfTreeTable.ROW_HEIGHT };
  });
  assert.ok(geometry.scrollHeight >= 200_401 * geometry.rowHeight, `scroll height ${geometry.scrollHeight}`);

  for (const fraction of [0.5, 0.999, 0.25]) {
    await page.evaluate((f) => {
      const t = (globalThis as any).document.querySelector('.rf-tt');
      t.scrollTop = f * (t.scrollHeight - t.clientHeight);
    }, fraction);
    await page.evaluate(() => new Promise((r) => (globalThis as any).requestAnimationFrame(r)));
    const after = await stats(page);
    assert.ok(after.domRows < 100, `${after.domRows} rows in the DOM at ${fraction}`);
    const shown = await rowsInView(page);
    assert.ok(shown.length >= 15, `the view is full of rows at ${fraction} (${shown.length})`);
    assert.ok(
      shown.every((r) => r.label.length > 0),
      'every row in view is filled',
    );
  }
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
});

test('the hot path opens on setSource and its end is selected, without an onSelect', async () => {
  const { page } = await open({ groups: 50, perGroup: 20 });
  const s = await stats(page);
  assert.equal(s.selected, groupId(0, 20) + 1, 'the first leaf of group 0 (the hot one)');
  assert.equal(s.visible, 1 + 50 + 20);
  assert.deepEqual(await events(page), []);
  const shown = await rowsInView(page);
  assert.deepEqual(
    shown.slice(0, 3).map((r) => [r.level, r.selected]),
    [
      [1, false],
      [2, false],
      [3, true],
    ],
  );
});

test('keyboard: arrows move and open/close, Home/End/PageUp/PageDown, Enter opens, * expands (bounded), the context-menu key', async () => {
  const { page, violations } = await open({ groups: 400, perGroup: 500, hotPath: false });
  await page.focus('.rf-tt');
  const sel = async () => (await stats(page)).selected;

  await page.keyboard.press('Home');
  assert.equal(await sel(), 0);
  assert.deepEqual(await events(page), [['select', 0]]);
  await page.keyboard.press('ArrowRight'); // opens the root
  assert.equal((await stats(page)).visible, 401);
  assert.equal(await sel(), 0);
  await page.keyboard.press('ArrowRight'); // to its first child
  const g0 = groupId(0, 500);
  assert.equal(await sel(), g0);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const g2 = await sel();
  assert.equal(g2, groupId(2, 500), 'groups are in order of total (equal totals: by id), group 0 first');
  await page.keyboard.press('ArrowUp');
  assert.equal(await sel(), groupId(1, 500));
  await page.keyboard.press('ArrowRight');
  assert.equal((await stats(page)).visible, 401 + 500);
  await page.keyboard.press('ArrowRight');
  const leaf = await sel();
  assert.equal(leaf !== null && leaf > groupId(1, 500) && leaf <= groupId(1, 500) + 500, true, `a leaf of group 1 (${leaf})`);
  await page.keyboard.press('ArrowLeft'); // a leaf: to its parent
  assert.equal(await sel(), groupId(1, 500));
  await page.keyboard.press('ArrowLeft'); // open: collapses
  assert.equal((await stats(page)).visible, 401);
  await page.keyboard.press('ArrowLeft'); // closed: to the parent
  assert.equal(await sel(), 0);
  await events(page);

  await page.keyboard.press('End');
  const last = await sel();
  assert.equal(last, groupId(399, 500));
  const shownEnd = await rowsInView(page);
  assert.ok(shownEnd[shownEnd.length - 1].selected, 'the last row is selected and in view, under the header');
  await page.keyboard.press('PageUp');
  const up = await sel();
  const rowsPerPage = (await rowsInView(page)).length;
  assert.ok(up !== last && (await rowsInView(page))[0].selected, 'PageUp: the selection is at the top of the view');
  await page.keyboard.press('PageDown');
  assert.ok((await sel()) === last || rowsPerPage < 3, 'PageDown comes back');

  await page.keyboard.press('Enter');
  assert.deepEqual((await events(page)).pop(), ['open', last]);

  // `*` on the root: everything below it would be 200k rows; it stops at the bound.
  await page.keyboard.press('Home');
  const before = (await stats(page)).visible;
  await page.keyboard.press('*');
  const opened = (await stats(page)).visible - before;
  const limit = await page.evaluate(() => (globalThis as any).RfTreeTable.EXPAND_ALL_LIMIT);
  assert.ok(opened > limit / 2 && opened <= limit, `* opened ${opened} rows`);
  assert.ok((await stats(page)).rendered < 100);

  await events(page);
  await page.keyboard.press('ArrowDown');
  const [[, selectedId]] = await events(page);
  await page.keyboard.press('ContextMenu');
  const menu = (await events(page)).filter((e) => e[0] === 'menu');
  assert.equal(menu.length, 1, JSON.stringify(menu));
  assert.equal(menu[0][1], selectedId);
  assert.ok(menu[0][2] > 0 && menu[0][3] > 0, 'at the selected row');
  await page.keyboard.press('Shift+F10');
  assert.equal((await events(page)).filter((e) => e[0] === 'menu').length, 1);
  assert.deepEqual(await violations(), []);
});

test('names are text: <script>, &amp; and <img onerror> show literally, in the cell and the title, and never run', async () => {
  const { page, violations, errors } = await open({ groups: 3, perGroup: 10 });
  const shown = await rowsInView(page);
  for (const name of HOSTILE_NAMES) {
    const row = shown.find((r) => r.title === name);
    assert.ok(row, `a row titled ${name}`);
    assert.equal(row.label, name);
  }
  const dom = await page.evaluate(() => {
    const w = globalThis as any;
    return { pwned: w.__pwned ?? null, tags: w.document.querySelectorAll('.rf-tt script, .rf-tt img').length };
  });
  assert.deepEqual(dom, { pwned: null, tags: 0 });
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
});

test('mouse: click selects, the twisty toggles, double-click opens, right-click asks for the context menu', async () => {
  const { page } = await open({ groups: 20, perGroup: 10, hotPath: false });
  const row = (label: string) =>
    page
      .locator('.rf-tt-row', {
        has: page.locator('.rf-tt-label', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
      })
      .first();
  await row('all').locator('.rf-tt-twisty').click();
  assert.equal((await stats(page)).visible, 21);
  assert.deepEqual(await events(page), [['select', 0]]);
  assert.equal(await row('all').getAttribute('aria-expanded'), 'true');

  const g3 = groupId(3, 10);
  await row('svc::group_3::run').click();
  assert.deepEqual(await events(page), [['select', g3]]);
  assert.equal(await page.evaluate(() => (globalThis as any).document.activeElement.className), 'rf-tt', 'the table has focus');
  await row('svc::group_3::run').dblclick();
  assert.deepEqual((await events(page)).pop(), ['open', g3]);

  await row('svc::group_5::run').click({ button: 'right', position: { x: 40, y: 8 } });
  const ev = await events(page);
  assert.deepEqual(ev[0], ['select', groupId(5, 10)]);
  assert.equal(ev[1][0], 'menu');
  assert.equal(ev[1][1], groupId(5, 10));

  // Collapsing the root from its twisty while a row inside is selected moves the selection to the root.
  await row('all').locator('.rf-tt-twisty').click();
  assert.equal((await stats(page)).visible, 1);
  assert.equal((await stats(page)).selected, 0);
});

test('headers: sortable ones ask onSort, the sorted one carries aria-sort; the header stays on top when scrolled', async () => {
  const { page } = await open({ groups: 400, perGroup: 5 });
  const heads = await page.evaluate(() =>
    (Array.from((globalThis as any).document.querySelectorAll('.rf-tt-head [role=columnheader]')) as any[]).map((h) => ({
      text: h.textContent,
      title: h.getAttribute('title'),
      sort: h.getAttribute('aria-sort'),
    })),
  );
  assert.deepEqual(
    heads.map((h) => [h.text, h.sort]),
    [
      ['Function', null],
      ['▾Total', 'descending'],
      ['Self', null],
    ],
  );
  assert.equal(heads[1].title, 'Samples in this call and the calls under it');
  await page.click('.rf-tt-head >> text=Self');
  assert.deepEqual(await events(page), [['sort', 'self']]);

  await page.evaluate(() => {
    const w = globalThis as any;
    w.__table.expand(1);
    w.document.querySelector('.rf-tt').scrollTop = 3000;
  });
  await page.evaluate(() => new Promise((r) => (globalThis as any).requestAnimationFrame(r)));
  const tops = await page.evaluate(() => {
    const doc = (globalThis as any).document;
    return {
      table: doc.querySelector('.rf-tt').getBoundingClientRect().top,
      head: doc.querySelector('.rf-tt-head').getBoundingClientRect().top,
    };
  });
  assert.equal(tops.head, tops.table, 'sticky header');
});

test('a row revealed while the table is hidden is scrolled into view once it shows', async () => {
  const { page } = await open({ groups: 400, perGroup: 20 });
  await page.evaluate(() => {
    const w = globalThis as any;
    w.document.getElementById('host').style.display = 'none';
    w.__table.revealPath([0, 1 + 399 * 21, 1 + 399 * 21 + 20]);
  });
  assert.equal((await stats(page)).selected, 1 + 399 * 21 + 20);
  await page.evaluate(() => ((globalThis as any).document.getElementById('host').style.display = ''));
  await page.evaluate(
    () => new Promise((r) => (globalThis as any).requestAnimationFrame(() => (globalThis as any).requestAnimationFrame(r))),
  );
  const shown = await rowsInView(page);
  assert.ok(
    shown.some((r) => r.selected),
    `the selected row is in view: ${JSON.stringify(shown.map((r) => r.label.slice(0, 30)))}`,
  );
});

test('swatches carry the palette colour of their kind, set through the CSSOM under the CSP', async () => {
  const { page, violations } = await open({ groups: 5, perGroup: 3, colorScheme: 'dark' });
  const swatches = await page.evaluate(() => {
    const w = globalThis as any;
    return (Array.from(w.document.querySelectorAll('.rf-tt-row')) as any[]).map((r) => ({
      title: r.getAttribute('title'),
      bg: w.getComputedStyle(r.querySelector('.rf-tt-swatch')).backgroundColor,
    }));
  });
  const g1 = swatches.find((s) => s.title === 'svc::group_1::run');
  assert.ok(g1);
  const [r, g, b] = hslToRgb(frameHsl('dependency', 'svc::group_1::run', 'dark'));
  assert.equal(g1.bg, `rgb(${r}, ${g}, ${b})`);
  assert.deepEqual(await violations(), []);
});

test('500 px wide: numeric columns keep their width, the name column takes the rest, long names are ellipsized, no sideways scroll', async () => {
  const { page } = await open({ groups: 30, perGroup: 10, width: 500 });
  await page.evaluate(() => (globalThis as any).__table.expand(1 + 2 * 11));
  const m = await page.evaluate(() => {
    const doc = (globalThis as any).document;
    const t = doc.querySelector('.rf-tt');
    const rows = Array.from(doc.querySelectorAll('.rf-tt-row')) as any[];
    const long = rows.find((r) => r.getAttribute('title').endsWith('with_a_long_tail_so_that_it_ellipsizes'));
    const cells = Array.from(long.children) as any[];
    const label = long.querySelector('.rf-tt-label');
    return {
      scrollWidth: t.scrollWidth,
      clientWidth: t.clientWidth,
      widths: cells.map((c) => Math.round(c.getBoundingClientRect().width)),
      rowWidth: Math.round(long.getBoundingClientRect().width),
      labelClipped: label.scrollWidth > label.clientWidth,
      labelWidth: label.clientWidth,
      ellipsis: (globalThis as any).getComputedStyle(label).textOverflow,
    };
  });
  assert.ok(m.scrollWidth <= m.clientWidth, JSON.stringify(m));
  assert.deepEqual(m.widths.slice(1), [130, 100], 'Total has the default width, Self its own');
  assert.equal(m.widths[0], m.rowWidth - 230);
  assert.ok(m.labelClipped && m.labelWidth > 100, JSON.stringify(m));
  assert.equal(m.ellipsis, 'ellipsis');
});
