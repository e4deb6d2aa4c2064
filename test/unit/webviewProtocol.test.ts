// Requests with replies between the host and the flamegraph webview: every
// request carries an id, every reply names it; anything else is refused.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseHostMessage, parseViewState, parseWebviewMessage } from '../../src/protocol/webviewMessages';

test('webview → host: openFrame needs its id, a frame id and a line; functionRevealed answers by id', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'openFrame', id: 7, frame: 3, line: 12 }), { type: 'openFrame', id: 7, frame: 3, line: 12 });
  assert.equal(parseWebviewMessage({ type: 'openFrame', frame: 3, line: 1 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'openFrame', id: -1, frame: 3, line: 1 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'openFrame', id: '7', frame: 3, line: 1 }), undefined);
  // The node ids of the old message mean other things in a transformed tree: refused, not guessed.
  assert.equal(parseWebviewMessage({ type: 'openFrame', id: 7, node: 3 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'openFrame', id: 7, frame: 3, line: -1 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'openFrame', id: 7, frame: '../etc/passwd', line: 1 }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'functionRevealed', inReplyTo: 2, found: true }), {
    type: 'functionRevealed',
    inReplyTo: 2,
    found: true,
  });
  assert.equal(parseWebviewMessage({ type: 'functionRevealed', inReplyTo: 2, found: 'yes' }), undefined);
  assert.equal(parseWebviewMessage({ type: 'functionRevealed', found: true }), undefined);
  // Only the fields of the protocol come through.
  assert.deepEqual(parseWebviewMessage({ type: 'ready', extra: '/etc/passwd' }), { type: 'ready' });
});

test('host → webview: frameOpened answers openFrame by id, with the reason when nothing opened', () => {
  assert.deepEqual(parseHostMessage({ type: 'frameOpened', inReplyTo: 0, opened: true }), {
    type: 'frameOpened',
    inReplyTo: 0,
    opened: true,
  });
  assert.deepEqual(parseHostMessage({ type: 'frameOpened', inReplyTo: 1, opened: false, reason: 'No source for libc' }), {
    type: 'frameOpened',
    inReplyTo: 1,
    opened: false,
    reason: 'No source for libc',
  });
  assert.equal(parseHostMessage({ type: 'frameOpened', opened: true }), undefined);
  assert.equal(parseHostMessage({ type: 'frameOpened', inReplyTo: 1, opened: false, reason: 5 }), undefined);
  assert.equal(parseHostMessage({ type: 'frameOpened', inReplyTo: 1, file: '/etc/passwd' }), undefined);
});

test('a view state may name its profile (a short string); anything else there makes it no state', () => {
  const base = {
    zoomNode: 3,
    search: '',
    orientation: 'flame',
    highlightFunction: null,
    view: 'flame',
    transforms: [{ kind: 'dropStartup' }],
    selectedFrame: null,
  };
  assert.deepEqual(parseViewState(base), base);
  assert.deepEqual(parseViewState({ ...base, profile: '2026-12-02T10:00:00Z|509|30' }), {
    ...base,
    profile: '2026-12-02T10:00:00Z|509|30',
  });
  assert.equal(parseViewState({ ...base, profile: 7 }), undefined);
  assert.equal(parseViewState({ ...base, profile: 'x'.repeat(201) }), undefined);
});

test('a state saved before the views existed reads as the flame graph with the default transforms', () => {
  const old = { zoomNode: 3, search: 'x', orientation: 'icicle', highlightFunction: null };
  assert.deepEqual(parseViewState(old), { ...old, view: 'flame', transforms: [{ kind: 'dropStartup' }], selectedFrame: null });
});

test('views, transforms and the selection are checked field by field', () => {
  const base = { zoomNode: 0, search: '', orientation: 'flame', highlightFunction: null, view: 'bottomup', selectedFrame: 4 };
  const steps = [
    { kind: 'merge', frame: 2 },
    { kind: 'focusPath', path: [1, 2, 3] },
    { kind: 'collapseCrate', crate: 'std' },
    { kind: 'threads', frames: [5] },
    { kind: 'collapseRecursion', frame: 9 },
    { kind: 'focusFunction', frame: 7 },
  ];
  assert.deepEqual(parseViewState({ ...base, transforms: steps })?.transforms, steps);
  // Extra fields of a step do not come through.
  assert.deepEqual(parseViewState({ ...base, transforms: [{ kind: 'merge', frame: 2, evil: '<img>' }] })?.transforms, [
    { kind: 'merge', frame: 2 },
  ]);
  for (const bad of [
    [{ kind: 'merge', frame: -1 }],
    [{ kind: 'merge', frame: 1.5 }],
    [{ kind: 'rm -rf', frame: 1 }],
    [{ kind: 'focusPath', path: 'a' }],
    [{ kind: 'collapseCrate', crate: '' }],
    [null],
    Array(65).fill({ kind: 'dropStartup' }),
    'dropStartup',
  ])
    assert.equal(parseViewState({ ...base, transforms: bad }), undefined, JSON.stringify(bad).slice(0, 80));
  assert.equal(parseViewState({ ...base, transforms: [], view: 'sideways' }), undefined);
  assert.equal(parseViewState({ ...base, transforms: [], selectedFrame: -2 }), undefined);
  assert.equal(parseViewState({ ...base, transforms: [], selectedFrame: '3' }), undefined);
});
