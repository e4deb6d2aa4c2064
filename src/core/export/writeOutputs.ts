// Writes the outputs of a profile into one folder: profile.json (the model,
// read by the extension and the language server), stacks.folded,
// flamegraph.svg and flamegraph.html (the interactive page, offline).

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Profile } from '../../model/profileTypes';
import { profileToFolded } from './folded';
import { renderFlamegraphSvg } from './flamegraphSvg';
import { renderStandalonePage } from './flamegraphHtml';
import { loadWebviewAssets } from './webviewAssets';

export interface WrittenOutputs {
  profile: string;
  folded: string;
  svg: string;
  html: string;
  [name: string]: string;
}

export async function writeOutputs(profile: Profile, dir: string, title: string): Promise<WrittenOutputs> {
  await fs.mkdir(dir, { recursive: true });
  const out: WrittenOutputs = {
    profile: path.join(dir, 'profile.json'),
    folded: path.join(dir, 'stacks.folded'),
    svg: path.join(dir, 'flamegraph.svg'),
    html: path.join(dir, 'flamegraph.html'),
  };
  await fs.writeFile(out.profile, JSON.stringify(profile));
  await fs.writeFile(out.folded, profileToFolded(profile));
  await fs.writeFile(out.svg, renderFlamegraphSvg(profile, { title }));
  const assets = await loadWebviewAssets();
  await fs.writeFile(out.html, renderStandalonePage({ profile, title, js: assets.js, css: assets.css }));
  return out;
}
