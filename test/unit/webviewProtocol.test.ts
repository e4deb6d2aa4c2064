// Requests with replies between the host and the flamegraph webview: every
// request carries an id, every reply names it; anything else is refused.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseHostMessage, parseViewState, parseWebviewMessage } from '../../src/protocol/webviewMessages';

test('webview → host: openFrame needs its id; functionRevealed answers by id', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'openFrame', id: 7, node: 3 }), { type: 'openFrame', id: 7, node: 3 });
  assert.equal(parseWebviewMessage({ type: 'openFrame', node: 3 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'openFrame', id: -1, node: 3 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'openFrame', id: '7', node: 3 }), undefined);
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
  const base = { zoomNode: 3, search: '', orientation: 'flame', highlightFunction: null };
  assert.deepEqual(parseViewState(base), base);
  assert.deepEqual(parseViewState({ ...base, profile: '2026-12-02T10:00:00Z|509|30' }), {
    ...base,
    profile: '2026-12-02T10:00:00Z|509|30',
  });
  assert.equal(parseViewState({ ...base, profile: 7 }), undefined);
  assert.equal(parseViewState({ ...base, profile: 'x'.repeat(201) }), undefined);
});
