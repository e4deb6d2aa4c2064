// Issue 12's benchmark acceptance for the panel views, on the webview bench's
// ~190k-node profile: "each view's first paint <= 300 ms and a row
// expand/select <= 50 ms; bottom-up and caller/callee built <= 300 ms; a
// transform applied <= 300 ms". The page half (viewsPageBench.ts) and the
// model half in Node (viewsModelBench.ts), printed as one table with the
// target beside each figure. Printed, never asserted.
// Run: node out/bench/viewsBench.js (or npm run bench -- views); RF_BENCH_QUICK=1: 2 page rounds instead of 4.

import { bigProfile } from './webviewBench';
import { Figure, ViewsBenchTargets, ViewsModelResult, benchViewsModel, figure, viewsBenchTargets } from './viewsModelBench';
import { ViewsPageResult, benchViewsPage } from './viewsPageBench';

export interface ViewsBenchResult {
  nodes: number;
  samples: number;
  targets: ViewsBenchTargets;
  names: Record<string, string>;
  page: ViewsPageResult;
  model: ViewsModelResult;
}

export async function benchViews(): Promise<ViewsBenchResult> {
  const profile = bigProfile();
  const targets = viewsBenchTargets(profile);
  const model = benchViewsModel(profile, targets);
  const page = await benchViewsPage(profile, targets, process.env.RF_BENCH_QUICK ? 2 : 4);
  const name = (f: number) => profile.frames[f].name;
  return {
    nodes: profile.tree.parent.length,
    samples: profile.samples,
    targets,
    names: {
      hottest: name(targets.hottest),
      recursive: name(targets.recursive),
      mid: name(targets.mid),
      dependency: name(targets.dependency),
    },
    page,
    model,
  };
}

/** The issue's target for an action or a model step, in ms. */
function targetOf(name: string): number | null {
  if (/^(expand|select)/.test(name)) return 50;
  if (/^(first paint|flame graph shown|transform|search)/.test(name)) return 300;
  if (/^(bottomUp|bottom-up|sandwich|applyTransforms|PanelModel\.setSteps|search)/.test(name)) return 300;
  return null;
}

export function describeViewsBench(r: ViewsBenchResult): string {
  const f = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));
  const row = (name: string, fig: Figure, target: number | null, extra = '') => {
    const verdict = target === null ? '' : fig.median <= target ? '' : '  <-- over the target';
    return `  ${name.padEnd(64)} ${f(fig.min).padStart(6)} ${f(fig.median).padStart(7)} ${(target === null ? '-' : `<= ${target}`).padStart(7)}${extra}${verdict}`;
  };
  const head = (what: string) => `  ${what.padEnd(64)} ${'min'.padStart(6)} ${'median'.padStart(7)} ${'target'.padStart(7)}`;
  const lines = [
    `views: ${r.nodes} call-tree nodes, ${r.samples} samples; hottest ${r.names.hottest}, most recursive ${r.names.recursive}, mid-size (~5%) ${r.names.mid}, crate ${r.targets.crate} (${r.names.dependency}), search "${r.targets.query}"`,
    `views: in the page (headless Chromium, ${r.page.rounds} fresh pages): input event -> next frame painted, ms (longest main-thread task in brackets: min/median, 0 = none over 50 ms)`,
    head('action'),
  ];
  for (const [name, s] of r.page.actions) {
    const long = figure(s.longest);
    let fig = figure(s.toFrame);
    let note = '';
    if (name.startsWith('search typed')) {
      // The search waits SEARCH_DEBOUNCE_MS (120 ms) after the last key: the target is for the work after it.
      fig = figure(s.toFrame.map((x) => x - 120));
      note = ' (from 120 ms after the last key)';
    }
    lines.push(row(name + note, fig, targetOf(name), `  [${f(long.min)}/${f(long.median)}] n=${s.toFrame.length}`));
  }
  lines.push(
    `views: the model in Node, ${r.model.figures[0]?.figure.runs ?? 0} runs each (a transform and its undo each after the other), ms`,
    head('step'),
  );
  for (const { name, figure: fig } of r.model.figures) lines.push(row(name, fig, targetOf(name)));
  return lines.join('\n');
}

if (require.main === module) {
  benchViews().then(
    (r) => console.log(describeViewsBench(r)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
