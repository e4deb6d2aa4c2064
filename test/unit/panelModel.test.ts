// The panel's pure parts: the search filter of the tree views, the model that
// derives every view from the transforms, and the rows the tree table reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { built, consistent, frameId, render } from './helpers/builtProfile';
import { framesContaining, keepMatchingSamples } from '../../src/model/searchFilter';
import { PanelModel } from '../../webview/model/panelModel';
import { callTreeSource, functionsSource, invertedSource } from '../../webview/model/treeSources';
import { DEFAULT_TRANSFORMS, TransformStep, applyTransforms } from '../../src/model/transforms';

const profile = built([
  ['app', ['_start', 'std::rt::lang_start@1', 'app::main@5', 'app::parse@10', 'core::str::from_utf8@3'], 30],
  ['app', ['_start', 'std::rt::lang_start@1', 'app::main@6', 'app::render@20'], 50],
  ['app', ['_start', 'std::rt::lang_start@1', 'app::main@7', 'app::render@21', 'app::parse@11'], 20],
]);

test('search keeps the samples through a matching function, with the paths to them, and nothing else', () => {
  const match = framesContaining(profile.frames, 'PARSE');
  const kept = keepMatchingSamples(profile.tree, match);
  assert.ok(consistent(kept));
  assert.equal(kept.total[0], 50, '30 through main → parse, 20 through render → parse');
  assert.deepEqual(render(kept, profile.frames), [
    'app 0/50',
    '  _start 0/50',
    '    std::rt::lang_start 0/50',
    '      app::main 0/50',
    '        app::parse 0/30',
    '          core::str::from_utf8 30/30',
    '        app::render 0/20',
    '          app::parse 20/20',
  ]);
  // Plain text, never a pattern; no match keeps nothing.
  assert.equal(keepMatchingSamples(profile.tree, framesContaining(profile.frames, '.*')).total[0], 0);
  assert.equal(
    framesContaining(profile.frames, '  ').reduce((a, b) => a + b, 0),
    0,
    'blank text matches nothing',
  );
});

test('the model applies the transforms once and derives each view from the same tree', () => {
  const m = new PanelModel(profile, DEFAULT_TRANSFORMS);
  // Start-up frames hidden: the thread's first child is main.
  const thread = m.index.children[m.index.start[0]];
  const firstBelow = m.index.children[m.index.start[thread]];
  assert.equal(m.frames[m.tree.frame[firstBelow]].name, 'app::main');
  assert.equal(m.tree.total[0], 100);
  // Bottom-up: render has the most self (50), then from_utf8 (30), then parse (20).
  const bu = m.bottomUp();
  assert.deepEqual(
    bu.children(0).map((id) => [m.frames[bu.tree.frame[id]].name, bu.tree.total[id]]),
    [
      ['app::render', 50],
      ['core::str::from_utf8', 30],
      ['app::parse', 20],
    ],
  );
  // Caller/callee of parse: 50 samples with it on the stack, its callers main (30) and render (20).
  const parse = frameId(profile, 'app::parse');
  const s = m.sandwich(parse);
  assert.equal(s.total, 50);
  const callers = invertedSource(s.callers, m.frames, (f) => m.shortName(f), 1);
  const root = callers.roots();
  assert.equal(root.length, 1);
  assert.deepEqual(
    callers.children(root[0]).map((id) => [m.frames[s.callers.tree.frame[id]].name, s.callers.tree.total[id]]),
    [
      ['app::main', 30],
      ['app::render', 20],
    ],
  );
  // A merge step: parse vanishes, the totals stay.
  m.setSteps([...DEFAULT_TRANSFORMS, { kind: 'merge', frame: parse }]);
  assert.equal(m.tree.total[0], 100);
  assert.equal(m.hottestNodeOfFrame(parse), -1);
  assert.ok(!m.functions().some((r) => r.frame === parse));
  // The search narrows the tree views (and caches per text).
  m.setSteps(DEFAULT_TRANSFORMS);
  const searched = m.searched('render');
  assert.equal(searched.tree.total[0], 70);
  assert.equal(m.searched('render'), searched);
  assert.equal(m.bottomUp('render').tree.total[0], 70);
});

test('the tree after each step is kept: an undo applies nothing, a new step only itself, the result as from scratch', () => {
  const m = new PanelModel(profile, DEFAULT_TRANSFORMS);
  const [tree, index] = [m.tree, m.index];
  const parse = frameId(profile, 'app::parse');
  const render = frameId(profile, 'app::render');
  const steps: TransformStep[] = [...DEFAULT_TRANSFORMS, { kind: 'merge', frame: parse }, { kind: 'collapseRecursion', frame: render }];
  m.setSteps(steps);
  assert.deepEqual(m.tree, applyTransforms(profile.tree, profile.frames, steps).tree);
  m.setSteps(DEFAULT_TRANSFORMS);
  assert.equal(m.tree, tree, 'the undo gives back the tree kept');
  assert.equal(m.index, index, 'and its index');
  // Another first step: nothing kept applies; no steps: the profile's own tree.
  const other: TransformStep[] = [{ kind: 'merge', frame: parse }, ...DEFAULT_TRANSFORMS];
  m.setSteps(other);
  assert.deepEqual(m.tree, applyTransforms(profile.tree, profile.frames, other).tree);
  m.setSteps([]);
  assert.equal(m.tree, profile.tree);
  // More steps than are kept: still the same tree as from scratch.
  const many: TransformStep[] = Array.from({ length: 12 }, (_, i) => ({ kind: 'collapseRecursion', frame: i % 2 ? parse : render }));
  m.setSteps(many);
  m.setSteps(many.slice(0, 11));
  assert.deepEqual(m.tree, applyTransforms(profile.tree, profile.frames, many.slice(0, 11)).tree);
});

test('tree sources: children heaviest first, short names in rows and full names in titles, leaves do not expand', () => {
  const m = new PanelModel(profile, DEFAULT_TRANSFORMS);
  const src = callTreeSource(m.tree, m.index, m.frames, (f) => m.shortName(f));
  const [thread] = src.roots();
  const [main] = src.children(thread);
  const kids = src.children(main).map((id) => m.frames[m.tree.frame[id]].name);
  assert.deepEqual(kids, ['app::render', 'app::parse'], 'render (70) before parse (30)');
  assert.deepEqual(src.label(main), { text: 'app::main', title: 'app::main', kind: 'user' });
  const utf8 = m.hottestNodeOfFrame(frameId(profile, 'core::str::from_utf8'));
  assert.equal(src.hasChildren(utf8), false);
  assert.equal(src.label(utf8).text, 'str::from_utf8');
  assert.equal(src.label(utf8).title, 'core::str::from_utf8');
  // framePath names the path from the thread down, for "focus on this call path".
  assert.deepEqual(
    m.framePath(utf8).map((f) => m.frames[f].name),
    ['app', 'app::main', 'app::parse', 'core::str::from_utf8'],
  );
  const rows = m.functions();
  const fs = functionsSource(rows, (f) => m.shortName(f));
  assert.equal(fs.roots().length, rows.length);
  assert.equal(fs.hasChildren(0), false);
  assert.equal(fs.label(0).title, rows[0].name);
});
