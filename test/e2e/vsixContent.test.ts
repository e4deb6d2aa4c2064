// The .vsix holds only what runs (dist bundles without source maps, the icon,
// README, LICENSE, package.json) and nothing of the sources, tests, fixtures
// or node_modules.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ensureVsix, vsixEntries } from './packageVsix';

test('the vsix holds the bundles, icon, README, LICENSE and package.json, and nothing else', { timeout: 700_000 }, () => {
  const entries = vsixEntries(ensureVsix((s) => console.log(s)));
  console.log(entries.join('\n'));
  for (const needed of [
    'extension/package.json',
    'extension/readme.md',
    'extension/LICENSE.txt',
    'extension/media/icon.png',
    'extension/dist/extension.js',
    'extension/dist/engine.js',
    'extension/dist/webview.js',
    'extension/dist/webview.css',
    // The engine's demangler (rustc-demangle in WebAssembly), loaded from beside dist/engine.js.
    'extension/dist/gecko-profiler-demangle.wasm',
  ]) {
    assert.ok(entries.includes(needed), `${needed} is missing from the vsix`);
  }
  const allowed =
    /^(\[Content_Types\]\.xml|extension\.vsixmanifest|extension\/(package\.json|readme\.md|LICENSE\.txt|media\/[^/]+|dist\/[^/]+\.(js|css|wasm)))$/;
  const unexpected = entries.filter((e) => !allowed.test(e));
  assert.deepEqual(unexpected, [], 'files that do not belong in the vsix');
  assert.ok(!entries.some((e) => e.endsWith('.map')), 'source maps in the vsix');
});
