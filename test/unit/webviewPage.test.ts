// The HTML around the flamegraph UI: the offline flamegraph.html (profile
// as inert JSON with `<` escaped, script and style allowed by nonce only)
// and the VS Code webview shell (CSP, no data inside); the host messages the
// webview accepts; the asset loader's message when the build is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { profileFromFolded } from './helpers/profileFromFolded';
import { renderStandalonePage, renderWebviewShell, profileJson } from '../../src/core/export/flamegraphHtml';
import { findWebviewAssetDir, loadWebviewAssets } from '../../src/core/export/webviewAssets';
import { UserError, describeError } from '../../src/core/errors';
import { parseHostMessage } from '../../src/protocol/webviewMessages';
import { isProfile } from '../../src/model/parseProfile';

const evil = '</script><img src=x onerror=alert(1)><!--';
const profile = profileFromFolded([`app;main;${evil} 3`, 'app;main;<T as core::ops::Drop>::drop 2'], { event: 'cpu-clock' });
const NONCE = 'AAAAAAAAAAAAAAAAAAAAAA==';

test('the standalone page embeds the profile as inert JSON: no name can close the element', () => {
  const html = renderStandalonePage({
    profile,
    title: `bin <b>x</b> & ${evil}`,
    js: 'console.log("</script>")',
    css: 'a{}</style>',
    nonce: NONCE,
  });
  const m = /<script type="application\/json" id="rf-profile">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'profile block present');
  assert.ok(!m[1].includes('<'), 'no `<` inside the JSON block');
  const back = JSON.parse(m[1]);
  assert.deepEqual(back.tree, profile.tree);
  assert.ok(back.frames.some((f: { name: string }) => f.name === evil));
  assert.ok(!html.includes('<img'), 'the name never appears as markup');
  assert.ok(!html.includes('<b>x</b>'), 'the title is escaped');
  assert.match(html, /<title>bin &lt;b&gt;x&lt;\/b&gt; &amp; /);
  // The bundles cannot end their own elements early either.
  assert.equal(html.match(/<\/script>/g)!.length, 2, 'only the two real </script> tags');
  assert.equal(html.match(/<\/style>/g)!.length, 1);
});

test('the standalone page CSP allows only its own nonce: no unsafe-inline, no unsafe-eval, nothing remote', () => {
  const html = renderStandalonePage({ profile, title: 't', js: 'x', css: 'y', nonce: NONCE });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, new RegExp(`script-src 'nonce-${NONCE.replace(/[+/=]/g, '\\$&')}'`));
  assert.doesNotMatch(csp, /unsafe|http|\*/);
  const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((x) => x[1]);
  assert.deepEqual(scripts, [' type="application/json" id="rf-profile"', ` nonce="${NONCE}"`]);
  assert.match(html, new RegExp(`<style nonce="${NONCE.replace(/[+/=]/g, '\\$&')}">`));
  const a = renderStandalonePage({ profile, title: 't', js: 'x', css: 'y' });
  const b = renderStandalonePage({ profile, title: 't', js: 'x', css: 'y' });
  assert.notEqual(/nonce-([^']+)/.exec(a)![1], /nonce-([^']+)/.exec(b)![1], 'a fresh nonce per page');
  assert.throws(() => renderStandalonePage({ profile, title: 't', js: 'x', css: 'y', nonce: "x' 'unsafe-inline" }));
});

test('profileJson leaves out the language-server tables the page does not read', () => {
  const slim = JSON.parse(profileJson(profile));
  assert.deepEqual(slim.functions, []);
  assert.deepEqual(slim.lines, []);
  assert.ok(isProfile(slim));
});

test('the webview shell: the CSP VS Code needs, script by nonce, style from the extension, no data', () => {
  const html = renderWebviewShell({
    cspSource: 'https://*.vscode-cdn.net',
    nonce: NONCE,
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js?a=1&b=2',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css',
    title: 'Flamegraph <x>',
  });
  const csp = /content="([^"]+)"/.exec(html)![1];
  assert.equal(
    csp,
    `default-src 'none'; script-src 'nonce-${NONCE}'; style-src https://*.vscode-cdn.net 'nonce-${NONCE}'; img-src https://*.vscode-cdn.net data:; font-src https://*.vscode-cdn.net`,
  );
  assert.match(
    html,
    /<script nonce="[^"]+" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js\?a=1&amp;b=2"><\/script>/,
  );
  assert.match(html, /<link rel="stylesheet" href="[^"]+webview\.css">/);
  assert.match(html, /<title>Flamegraph &lt;x&gt;<\/title>/);
  assert.doesNotMatch(html, /rf-profile|unsafe/);
});

test('host messages are shape-checked in the webview; unknown and malformed ones are dropped', () => {
  const ok = parseHostMessage({ type: 'showProfile', title: 't', profile, state: null });
  assert.equal(ok?.type, 'showProfile');
  const withState = parseHostMessage({
    type: 'showProfile',
    title: 't',
    profile,
    state: { zoomNode: 3, search: 'x', orientation: 'icicle', highlightFunction: null },
  });
  assert.deepEqual(withState?.type === 'showProfile' && withState.state, {
    zoomNode: 3,
    search: 'x',
    orientation: 'icicle',
    highlightFunction: null,
    // A state saved before the views existed: the flame graph, the default transforms, nothing selected.
    view: 'flame',
    transforms: [{ kind: 'dropStartup' }],
    selectedFrame: null,
  });
  assert.equal(parseHostMessage({ type: 'showProfile', title: 't', profile, state: { zoomNode: -1 } }), undefined);
  assert.equal(
    parseHostMessage({ type: 'showProfile', title: 't', profile: { ...profile, tree: { ...profile.tree, total: [1] } }, state: null }),
    undefined,
  );
  const badParent = { ...profile, tree: { ...profile.tree, parent: profile.tree.parent.map((p, i) => (i === 2 ? 5 : p)) } };
  assert.equal(
    parseHostMessage({ type: 'showProfile', title: 't', profile: badParent, state: null }),
    undefined,
    'a parent after its child',
  );
  const badFrame = { ...profile, frames: profile.frames.map((f, i) => (i === 1 ? { ...f, name: 7 } : f)) };
  assert.equal(parseHostMessage({ type: 'showProfile', title: 't', profile: badFrame, state: null }), undefined);
  assert.deepEqual(parseHostMessage({ type: 'revealFunction', id: 4, name: 'a::b' }), { type: 'revealFunction', id: 4, name: 'a::b' });
  assert.equal(parseHostMessage({ type: 'revealFunction', id: 4, name: 3 }), undefined);
  assert.equal(parseHostMessage({ type: 'revealFunction', name: 'a::b' }), undefined, 'a request without its id');
  for (const junk of [null, 'ready', [], { type: 'eval', code: 'x' }, { type: 'notice' }]) assert.equal(parseHostMessage(junk), undefined);
});

test('the flamegraph UI is found in dist/ from compiled code; a missing build names `npm run build`', async () => {
  const assets = await loadWebviewAssets();
  assert.ok(assets.js.length > 10_000 && assets.css.includes('.rf-chart'));
  const empty = mkdtempSync(path.join(tmpdir(), 'rf-noassets-'));
  assert.throws(
    () => findWebviewAssetDir([empty]),
    (e: unknown) => e instanceof UserError && /npm run build/.test(describeError(e)) && describeError(e).includes(empty),
  );
});
