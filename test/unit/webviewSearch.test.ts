// Search and highlight logic of the flamegraph page: plain substrings
// (regex characters are literal), the share of samples matched (each sample
// once), the hottest frame of a function, the standalone page's hash state.
import { DEFAULT_VIEW_STATE } from '../../src/protocol/webviewMessages';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileFromFolded } from './helpers/profileFromFolded';
import { framesMatching, framesNamed, hottestNodeOf, matchedSamples } from '../../webview/model/search';
import { percent as percentText, samplesText } from '../../src/model/format';
import { viewStateFromHash, viewStateToHash } from '../../webview/model/hashState';
import { nodeDetails } from '../../webview/model/details';
import { frameColor } from '../../src/model/palette';

const profile = profileFromFolded(
  [
    'app;main;<alloc::vec::Vec<T> as core::ops::Drop>::drop 5',
    'app;main;rec;rec;rec 20',
    'app;main;rec;leaf 10',
    'app;main;work 60',
    'app;other;rec 5',
  ],
  { files: { work: { file: '/ws/src/main.rs', line: 10 } }, workspaceRoot: '/ws' },
);

test('search is a case-insensitive plain substring; regex characters match themselves', () => {
  const marks = framesMatching(profile, 'VEC<T>');
  const names = profile.frames.filter((_, i) => marks[i]).map((f) => f.name);
  assert.deepEqual(names, ['<alloc::vec::Vec<T> as core::ops::Drop>::drop']);
  assert.equal(
    framesMatching(profile, '.*').reduce((s, m) => s + m, 0),
    0,
    '".*" is no wildcard',
  );
  assert.equal(
    framesMatching(profile, '').reduce((s, m) => s + m, 0),
    0,
  );
});

test('matched samples count each sample once, even under recursion', () => {
  assert.equal(matchedSamples(profile, framesMatching(profile, 'rec')), 35); // 20 + 10 + 5, not 20*3
  assert.equal(matchedSamples(profile, framesMatching(profile, 'main')), 95);
  assert.equal(matchedSamples(profile, framesMatching(profile, 'A')), 100, 'everything under the matching root frame');
  assert.equal(percentText(35, 100), '35.00%');
  assert.equal(percentText(1, 0), '0%');
});

test('the hottest frame of a function is its node with the most samples', () => {
  const node = hottestNodeOf(profile, 'rec');
  assert.equal(profile.tree.total[node], 30);
  assert.equal(profile.frames[profile.tree.frame[node]].name, 'rec');
  assert.equal(hottestNodeOf(profile, 'nope'), -1);
  assert.equal(
    framesNamed(profile, 'rec').reduce((s, m) => s + m, 0),
    1,
  );
});

test('details: name, workspace-relative file:line, self and total with their share', () => {
  const work = profile.tree.frame.findIndex((f) => profile.frames[f].name === 'work');
  const d = nodeDetails(profile, profile.meta.workspaceRoot ?? null, work);
  assert.equal(d.name, 'work');
  assert.equal(d.location, 'src/main.rs:10');
  assert.equal(d.total, 'total 60 samples (60.00%)');
  assert.equal(d.self, 'self 60 samples (60.00%)');
  assert.equal(nodeDetails(profile, null, 0).location, null);
  assert.equal(d.kind, 'user');
  assert.equal(d.hasSource, true);
  assert.equal(samplesText(1234567), '1,234,567 samples');
  assert.equal(samplesText(1), '1 sample');
});

test('the view state round-trips through the page hash; junk gives no state', () => {
  const s = {
    zoomNode: 42,
    search: 'a&b=c #x',
    orientation: 'icicle' as const,
    highlightFunction: '<T as Foo>::bar',
    view: 'callers' as const,
    transforms: [
      { kind: 'merge' as const, frame: 3 },
      { kind: 'collapseCrate' as const, crate: 'regex_lite' },
    ],
    selectedFrame: 7,
  };
  assert.deepEqual(viewStateFromHash(viewStateToHash(s)), s);
  assert.equal(viewStateToHash(DEFAULT_VIEW_STATE), '');
  assert.equal(viewStateFromHash('#t=%5B%7B%22kind%22'), null, 'a cut JSON is no state');
  assert.equal(viewStateFromHash(''), null);
  assert.equal(viewStateFromHash('#zoom=-3'), null);
  assert.equal(viewStateFromHash('#o=sideways'), null);
});

test('colours: one hue family per kind, stable per name, darker in the dark theme', () => {
  const hue = (c: string) => Number(/hsl\(([-\d.]+)/.exec(c)![1]);
  const light = (c: string) => Number(/,([\d.]+)%\)$/.exec(c)![1]);
  assert.equal(frameColor('user', 'x', 'light'), frameColor('user', 'x', 'light'));
  assert.notEqual(hue(frameColor('user', 'x', 'light')), hue(frameColor('std', 'x', 'light')));
  assert.ok(Math.abs(hue(frameColor('kernel', 'x', 'light')) - hue(frameColor('dependency', 'x', 'light'))) > 30);
  assert.ok(light(frameColor('user', 'x', 'dark')) < light(frameColor('user', 'x', 'light')));
});
