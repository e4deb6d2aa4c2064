// The HTML around the flamegraph UI (dist/webview.js + dist/webview.css):
//  - renderStandalonePage: flamegraph.html, one file that works offline
//    (script, style and profile inline, all allowed by nonce only);
//  - renderWebviewShell: what the VS Code extension sets as webview.html
//    (no data inside; the page asks for the profile with `ready`).
// Profile strings never become markup: the profile travels as JSON in a
// non-executed <script type="application/json">, with every `<` escaped so
// no name can close the element, and the UI renders names as text.

import { randomBytes } from 'node:crypto';
import type { Profile } from '../../model/profileTypes';

export interface StandalonePageInput {
  profile: Profile;
  title: string;
  /** dist/webview.js */
  js: string;
  /** dist/webview.css */
  css: string;
  /** Fixed nonce for reproducible output (tests); random by default. */
  nonce?: string;
}

export interface WebviewShellInput {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  /** webview.asWebviewUri(dist/webview.js).toString() */
  scriptUri: string;
  /** webview.asWebviewUri(dist/webview.css).toString() */
  styleUri: string;
  title: string;
}

export function renderStandalonePage(input: StandalonePageInput): string {
  const nonce = input.nonce ?? newNonce();
  checkNonce(nonce);
  return page({
    csp: `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:`,
    title: input.title,
    meta: ['<meta name="color-scheme" content="light dark">'],
    head: [`<style nonce="${nonce}">${rawText(input.css, 'style')}</style>`],
    body: [
      `<script type="application/json" id="rf-profile">${profileJson(input.profile)}</script>`,
      `<script nonce="${nonce}">${rawText(input.js, 'script')}</script>`,
    ],
  });
}

export function renderWebviewShell(input: WebviewShellInput): string {
  const { cspSource, nonce } = input;
  checkNonce(nonce);
  return page({
    csp: `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource} 'nonce-${nonce}'; img-src ${cspSource} data:; font-src ${cspSource}`,
    title: input.title,
    meta: [],
    head: [`<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">`],
    body: [`<script nonce="${nonce}" src="${escapeHtml(input.scriptUri)}"></script>`],
  });
}

/** The page both flamegraphs share: CSP first in <head>, the title as text, the #rf-root the script fills. */
function page(p: { csp: string; title: string; meta: string[]; head: string[]; body: string[] }): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(p.csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ...p.meta,
    `<title>${escapeHtml(p.title)}</title>`,
    ...p.head,
    '</head>',
    '<body>',
    '<div id="rf-root"></div>',
    ...p.body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A fresh nonce: 128 random bits, base64 (the CSP's nonce-source syntax). */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The profile as JSON safe inside <script type="application/json">: `<`
 * becomes \u003c (so neither `</script>` nor `<!--` can appear), and the
 * page reads it back with JSON.parse. The page does not use `functions` and
 * `lines` (the language server's tables), so they are left out.
 */
export function profileJson(profile: Profile): string {
  const slim: Profile = { ...profile, functions: [], lines: [] };
  return JSON.stringify(slim).replace(/</g, '\\u003c');
}

/** Keeps a bundle from ending its own <script>/<style> element early (`<\/` means the same in JS strings, regexes and CSS). */
function rawText(text: string, tag: 'script' | 'style'): string {
  return text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1').replace(/<!--/g, '<\\!--');
}

function checkNonce(nonce: string): void {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error('a CSP nonce must be at least 16 base64 characters');
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes text and double-quoted attribute values (every attribute here is double-quoted). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => HTML_ENTITIES[c]);
}
