// How fast the tree table (webview/ui/treeTable.ts) handles the webview
// bench's profile (about 190k call-tree nodes) in real headless Chromium,
// bundled at run time like its browser test: building the source, first
// paint of the call tree with the hot path open, then with every node
// visible (opened with `*` until nothing is left closed) the times of an
// expand, a collapse, a keyboard selection, a reveal of a deep node, a `*`
// and a refresh. Each is timed in the page around the synchronous call
// (medians of several), and the rows in the DOM are counted. Printed, not
// asserted; performance.now() in a page ticks by 0.1 ms. Run: node out/bench/treeTableBench.js (or npm run bench -- treetable).

import { launchChromium } from '../test/harness/codeServer';
import { bundleTreeTable, treeTablePageHtml } from '../test/helpers/treeTablePage';
import { bigProfile } from './webviewBench';

export interface TreeTableBenchResult {
  nodes: number;
  sourceMs: number;
  setSourceMs: number;
  firstPaintMs: number;
  openAllMs: number;
  visibleRows: number;
  domRows: number;
  /** Rows hidden by each timed collapse (then shown again by its expand): min, median, max. */
  hiddenRows: [number, number, number];
  /** The slowest of those collapses and expands. */
  maxToggleMs: number;
  expandMs: number;
  collapseMs: number;
  selectMs: number;
  revealMs: number;
  expandAllMs: number;
  refreshMs: number;
}

export async function benchTreeTable(): Promise<TreeTableBenchResult> {
  const profile = bigProfile();
  const { parent, frame, total, self } = profile.tree;
  const frames = profile.frames.map((f) => ({ name: f.name, kind: f.kind }));
  const bundle = await bundleTreeTable();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.setContent(treeTablePageHtml(bundle));
    return await page.evaluate(
      async ({ parent, frame, total, self, frames }) => {
        const w = globalThis as any;
        const T = w.RfTreeTable;
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
        const nextFrame = () => new Promise((r) => w.requestAnimationFrame(r));
        const timed = (f: () => void) => {
          const t = performance.now();
          f();
          return performance.now() - t;
        };

        let t = performance.now();
        const tree = {
          parent,
          total,
          self,
          name: frame.map((f: number) => frames[f].name),
          kind: frame.map((f: number) => frames[f].kind),
        };
        const source = T.arraySource(tree);
        const sourceMs = performance.now() - t;

        t = performance.now();
        const table = new T.TreeTable(w.document.getElementById('host'), {
          columns: T.callTreeColumns(tree),
          ariaLabel: 'Call tree',
          onSelect() {},
          onOpen() {},
        });
        table.setSource(source, { expandHotPath: true });
        const setSourceMs = performance.now() - t;
        await nextFrame();
        const firstPaintMs = performance.now() - t;

        // Everything open: `*` on the root until it adds nothing.
        t = performance.now();
        table.revealPath([0]);
        for (let added = 1; added > 0;) {
          const before = table.stats().visible;
          table.element.dispatchEvent(new w.KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
          table.element.dispatchEvent(new w.KeyboardEvent('keydown', { key: '*', bubbles: true }));
          added = table.stats().visible - before;
        }
        const openAllMs = performance.now() - t;
        const visibleRows = table.stats().visible;

        // Rows with children spread over the tree, deep ones included.
        const withKids: number[] = [];
        for (let i = 1; i < parent.length && withKids.length < 15; i += 9973) {
          let id = i;
          while (!source.hasChildren(id)) id = parent[id];
          if (id > 0) withKids.push(id);
        }
        // Each row collapsed and expanded again, on the whole open tree.
        const all = table.stats().visible;
        const collapses: number[] = [];
        const expands: number[] = [];
        const hidden: number[] = [];
        for (const id of withKids) {
          collapses.push(timed(() => table.collapse(id)));
          hidden.push(all - table.stats().visible);
          expands.push(timed(() => table.expand(id)));
          if (table.stats().visible !== all) throw new Error('expanding again did not restore the rows');
        }

        const key = (k: string) => timed(() => table.element.dispatchEvent(new w.KeyboardEvent('keydown', { key: k, bubbles: true })));
        table.revealPath([0]);
        key('PageDown');
        const selects: number[] = [];
        for (let k = 0; k < 20; k++) selects.push(key('ArrowDown'));

        const pathTo = (id: number) => {
          const p = [id];
          while (parent[p[0]] >= 0) p.unshift(parent[p[0]]);
          return p;
        };
        let deepest = 0;
        let deepestLen = 0;
        for (let id = 0; id < parent.length; id += 101) {
          const l = pathTo(id).length;
          if (l > deepestLen) [deepest, deepestLen] = [id, l];
        }
        const reveals = [deepest, ...withKids].map((id) => timed(() => table.revealPath(pathTo(id))));

        // `*` on a fresh table: the first 20k rows below the root, each time from closed.
        const stars: number[] = [];
        for (let k = 0; k < 5; k++) {
          table.setSource(source);
          table.revealPath([0]);
          stars.push(key('*'));
        }
        const refreshes: number[] = [];
        for (let k = 0; k < 10; k++) refreshes.push(timed(() => table.refresh()));
        await nextFrame();

        return {
          nodes: parent.length,
          sourceMs,
          setSourceMs,
          firstPaintMs,
          openAllMs,
          visibleRows,
          domRows: w.document.querySelectorAll('.rf-tt-row').length,
          hiddenRows: [Math.min(...hidden), median(hidden), Math.max(...hidden)],
          maxToggleMs: Math.max(...collapses, ...expands),
          expandMs: median(expands),
          collapseMs: median(collapses),
          selectMs: median(selects),
          revealMs: median(reveals),
          expandAllMs: median(stars),
          refreshMs: median(refreshes),
        };
      },
      { parent, frame, total, self, frames },
    );
  } finally {
    await browser.close();
  }
}

export function describeTreeTableBench(r: TreeTableBenchResult): string {
  const f = (n: number) => n.toFixed(n < 10 ? 2 : 0);
  return [
    `treeTable: ${r.nodes} call-tree nodes: source built in ${f(r.sourceMs)} ms; setSource with the hot path ${f(r.setSourceMs)} ms, first paint ${f(r.firstPaintMs)} ms`,
    `treeTable: all ${r.visibleRows} rows open (\`*\` repeated) in ${f(r.openAllMs)} ms, ${r.domRows} rows in the DOM; medians with everything open: collapse ${f(r.collapseMs)} ms and expand ${f(r.expandMs)} ms (of rows with ${r.hiddenRows.join('/')} min/median/max rows under them; slowest ${f(r.maxToggleMs)} ms), ArrowDown select ${f(r.selectMs)} ms, revealPath ${f(r.revealMs)} ms, refresh ${f(r.refreshMs)} ms; \`*\` (20k rows) ${f(r.expandAllMs)} ms (target: expand/select well under 50 ms)`,
  ].join('\n');
}

if (require.main === module) {
  benchTreeTable().then(
    (r) => console.log(describeTreeTableBench(r)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
