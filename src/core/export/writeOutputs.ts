// Writes the outputs of a profile into one folder: profile.json (the model,
// read by the extension and the language server), stacks.folded,
// flamegraph.svg and flamegraph.html (the interactive page, offline). VS Code
// asks for profile.json alone ('profileOnly'): the others come from Export.
// Each file is replaced, never written through a link planted at its name.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Profile } from '../../model/profileTypes';
import { profileToFolded } from './folded';
import { renderFlamegraphSvg } from './flamegraphSvg';
import { renderStandalonePage } from './flamegraphHtml';
import { loadWebviewAssets } from './webviewAssets';
import type { OutputSet } from '../../protocol/engineMessages';
import { replaceFile } from '../io/replaceFile';

/** Path of every file written, by name: always `profile`; with 'all' also `folded`, `svg` and `html`. */
export type WrittenOutputs = { profile: string } & Record<string, string>;

export async function writeOutputs(profile: Profile, dir: string, title: string, which: OutputSet = 'all'): Promise<WrittenOutputs> {
  await fs.mkdir(dir, { recursive: true });
  const profileJson = path.join(dir, 'profile.json');
  await replaceFile(profileJson, JSON.stringify(profile));
  if (which === 'profileOnly') return { profile: profileJson };
  const out = {
    profile: profileJson,
    folded: path.join(dir, 'stacks.folded'),
    svg: path.join(dir, 'flamegraph.svg'),
    html: path.join(dir, 'flamegraph.html'),
  };
  await replaceFile(out.folded, profileToFolded(profile));
  await replaceFile(out.svg, renderFlamegraphSvg(profile, { title }));
  await replaceFile(out.html, await renderHtml(profile, title));
  return out;
}

/** The interactive page of one profile, offline in one file (also what Export writes for 'html'). */
export async function renderHtml(profile: Profile, title: string): Promise<string> {
  const assets = await loadWebviewAssets();
  return renderStandalonePage({ profile, title, js: assets.js, css: assets.css });
}
