// The flamegraph's pruned view tree: totals kept, frames under half a pixel
// left out (relative to the zoomed node), the zoomed node's ancestors kept,
// and no recursion (a 10k-deep chain builds and walks fine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileFromFolded } from './helpers/profileFromFolded';
import { buildCallTreeIndex, ancestorChain } from '../../src/model/callTreeIndex';
import { buildViewTree, FlameDatum, MARK_MATCH } from '../../webview/model/viewTree';
import type { Profile } from '../../src/model/profileTypes';

function walk(root: FlameDatum, visit: (d: FlameDatum, depth: number, parent: FlameDatum | null) => void): void {
  const stack: [FlameDatum, number, FlameDatum | null][] = [[root, 0, null]];
  while (stack.length) {
    const [d, depth, parent] = stack.pop()!;
    visit(d, depth, parent);
    for (const c of d.c ?? []) stack.push([c, depth + 1, d]);
  }
}

/** 1 wide stack and 300 one-sample stacks under `main`, 10 samples on `main;mid;narrow_k` each. */
function wideAndNarrow(): Profile {
  const lines = ['p;main;hot 9000'];
  for (let k = 0; k < 300; k++) lines.push(`p;main;tiny_${k} 1`);
  for (let k = 0; k < 10; k++) lines.push(`p;main;mid;narrow_${k} 10`);
  return profileFromFolded(lines);
}

function nodeNamed(p: Profile, name: string): number {
  const i = p.tree.frame.findIndex((f) => p.frames[f].name === name);
  assert.ok(i >= 0, name);
  return i;
}

test('every kept frame carries its node id and total; children are its children in the call tree', () => {
  const p = wideAndNarrow();
  const vt = buildViewTree(p, buildCallTreeIndex(p.tree), { zoomNode: 0, widthPx: 1000 });
  assert.equal(vt.root.node, 0);
  assert.equal(vt.root.v, p.samples);
  let count = 0;
  walk(vt.root, (d, _depth, parent) => {
    count++;
    assert.equal(d.v, p.tree.total[d.node]);
    assert.equal(d.n, p.frames[p.tree.frame[d.node]].name);
    if (parent) assert.equal(p.tree.parent[d.node], parent.node);
    const kidsTotal = (d.c ?? []).reduce((s, c) => s + c.v, 0);
    assert.ok(kidsTotal <= d.v);
  });
  assert.equal(count, vt.count);
});

test('frames under half a pixel are left out, all others kept; zooming brings them back', () => {
  const p = wideAndNarrow();
  const index = buildCallTreeIndex(p.tree);
  // 9400 samples over 1000 px: half a pixel is 4.7 samples, so 1-sample frames go, 10-sample ones stay.
  const vt = buildViewTree(p, index, { zoomNode: 0, widthPx: 1000 });
  const names = new Set<string>();
  walk(vt.root, (d) => names.add(d.n));
  assert.ok(names.has('hot') && names.has('mid') && names.has('narrow_3'));
  assert.ok(![...names].some((n) => n.startsWith('tiny_')), 'no 1-sample frame at 0.1 px');
  const expected = p.tree.total.filter((t) => t >= (0.5 * p.samples) / 1000).length;
  assert.equal(vt.count, expected, 'exactly the frames at least half a pixel wide');

  // Zoomed to `main` over 10 px, only frames of 470+ samples stay: hot (9000), not mid (100).
  const main = nodeNamed(p, 'main');
  const narrowView = buildViewTree(p, index, { zoomNode: main, widthPx: 10 });
  const kept: string[] = [];
  walk(narrowView.root, (d) => kept.push(d.n));
  assert.deepEqual(kept.sort(), ['all', 'hot', 'main', 'p']);

  // Zoomed to `mid` (100 samples), its 10-sample children are wide again.
  const mid = nodeNamed(p, 'mid');
  const zoomed = buildViewTree(p, index, { zoomNode: mid, widthPx: 1000 });
  assert.equal(zoomed.zoomed.node, mid);
  assert.deepEqual(
    zoomed.zoomed.c!.map((c) => c.n),
    Array.from({ length: 10 }, (_, k) => `narrow_${k}`),
  );
});

test('a zoomed view keeps the ancestor chain (faded, one child each) and drops the siblings', () => {
  const p = wideAndNarrow();
  const index = buildCallTreeIndex(p.tree);
  const mid = nodeNamed(p, 'mid');
  const vt = buildViewTree(p, index, { zoomNode: mid, widthPx: 1000 });
  const chain: FlameDatum[] = [];
  for (let d: FlameDatum | undefined = vt.root; d && d !== vt.zoomed; d = d.c?.[0]) {
    chain.push(d);
    assert.equal(d.c!.length, 1, `${d.n} keeps only the path to the zoomed frame`);
    assert.equal(d.fade, true);
  }
  assert.deepEqual(
    chain.map((d) => d.n),
    ['all', 'p', 'main'],
  );
  assert.deepEqual(
    ancestorChain(p.tree, mid).map((n) => p.frames[p.tree.frame[n]].name),
    ['all', 'p', 'main', 'mid'],
  );
  assert.equal(vt.zoomed.fade, undefined);
  assert.equal(vt.zoomNode, mid);
});

test('a bad zoom node falls back to the root', () => {
  const p = wideAndNarrow();
  const index = buildCallTreeIndex(p.tree);
  for (const z of [-1, 1e9, 1.5, NaN]) assert.equal(buildViewTree(p, index, { zoomNode: z, widthPx: 500 }).zoomNode, 0);
});

test('frame marks become match/highlight flags on the data', () => {
  const p = wideAndNarrow();
  const marks = new Uint8Array(p.frames.length);
  marks[p.frames.findIndex((f) => f.name === 'hot')] = MARK_MATCH;
  const vt = buildViewTree(p, buildCallTreeIndex(p.tree), { zoomNode: 0, widthPx: 1000, frameMarks: marks });
  const matched: string[] = [];
  walk(vt.root, (d) => d.match && matched.push(d.n));
  assert.deepEqual(matched, ['hot']);
});

test('a 10,000-frame-deep chain builds, zooms and walks without recursion', () => {
  const depth = 10_000;
  const names = Array.from({ length: depth }, (_, i) => `deep::f${i}`);
  const p = profileFromFolded([`proc;${names.join(';')} 7`, 'proc;other 3']);
  const index = buildCallTreeIndex(p.tree);
  const vt = buildViewTree(p, index, { zoomNode: 0, widthPx: 1200 });
  let maxDepth = 0;
  walk(vt.root, (_d, d) => (maxDepth = Math.max(maxDepth, d)));
  assert.equal(maxDepth, depth + 1); // all → proc → f0 … f9999
  const deepNode = nodeNamed(p, 'deep::f9000');
  const zoomed = buildViewTree(p, index, { zoomNode: deepNode, widthPx: 1200 });
  let chain = 0;
  for (let d: FlameDatum | undefined = zoomed.root; d && d !== zoomed.zoomed; d = d.c?.[0]) chain++;
  assert.equal(chain, 9002, 'all, proc and f0 … f8999 above the zoomed frame');
  assert.equal(zoomed.count, chain + 1000);
});

test('a frame budget keeps only the widest frames, still a tree hanging from the zoomed node', () => {
  // 2000 one-sample leaves under 20 mid frames: all 0.5 px wide or more at 4000 px.
  const lines: string[] = [];
  for (let m = 0; m < 20; m++) for (let k = 0; k < 100; k++) lines.push(`p;main;mid_${m};leaf_${m}_${k} ${m + 1}`);
  const p = profileFromFolded(lines);
  const index = buildCallTreeIndex(p.tree);
  const all = buildViewTree(p, index, { zoomNode: 0, widthPx: 40_000 });
  assert.equal(all.count, p.tree.parent.length, 'no budget: every frame');
  const vt = buildViewTree(p, index, { zoomNode: 0, widthPx: 40_000, maxFrames: 500 });
  assert.ok(vt.count <= 501, `${vt.count} frames for a budget of 500`);
  let minKept = Infinity;
  walk(vt.root, (d, _depth, parent) => {
    if (parent) assert.equal(p.tree.parent[d.node], parent.node, 'connected');
    minKept = Math.min(minKept, d.v);
  });
  const dropped = p.tree.total.filter((t) => t > minKept).length;
  assert.ok(dropped <= vt.count, 'every frame wider than the narrowest kept one is kept');
  assert.ok(minKept >= 16, `the narrow leaves went first (narrowest kept: ${minKept})`);
});

test('a chain deeper than the frame budget draws the budget, not just "all", and counts the rest as hidden', () => {
  // Every frame of one chain has the same total: the budget's cutoff ties with all of them.
  const depth = 1210;
  const names = Array.from({ length: depth }, (_, i) => `deep::f${i}`);
  const p = profileFromFolded([`${names.join(';')} 5`]);
  const index = buildCallTreeIndex(p.tree);
  const vt = buildViewTree(p, index, { zoomNode: 0, widthPx: 1200, maxFrames: 1200 });
  assert.equal(vt.count, 1201, 'all and the first 1200 frames of the chain');
  assert.equal(vt.hidden, 10);
  let maxDepth = 0;
  walk(vt.root, (d, depth, parent) => {
    if (parent) assert.equal(p.tree.parent[d.node], parent.node, 'connected from the root');
    maxDepth = Math.max(maxDepth, depth);
  });
  assert.equal(maxDepth, 1200);
  const within = buildViewTree(p, index, { zoomNode: 0, widthPx: 1200, maxFrames: 2000 });
  assert.equal(within.hidden, 0, 'nothing hidden when all fits');
});

test('ties with the cutoff fill the budget after the wider frames, below them', () => {
  // A wide stack (10 samples a frame) and a deep chain of 1-sample frames; the budget cuts inside the chain.
  const chain = Array.from({ length: 50 }, (_, i) => `c${i}`).join(';');
  const p = profileFromFolded(['w0;w1;w2 10', `w0;${chain} 1`]);
  const index = buildCallTreeIndex(p.tree);
  const vt = buildViewTree(p, index, { zoomNode: 0, widthPx: 1_000_000, maxFrames: 20 });
  const kept: string[] = [];
  walk(vt.root, (d) => kept.push(d.n));
  for (const n of ['w0', 'w1', 'w2']) assert.ok(kept.includes(n), n);
  assert.equal(vt.count, 21);
  assert.ok(kept.includes('c16') && !kept.includes('c17'), 'the chain is kept from its top down');
  assert.equal(vt.hidden, 53 - 20);
});
