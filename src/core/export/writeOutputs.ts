// Writes the outputs of a profile into one folder: profile.json (the model,
// read by the extension and the language server), stacks.folded,
// flamegraph.svg and flamegraph.html (the interactive page, offline). VS Code
// asks for profile.json alone ('profileOnly'): the others come from Export.
// Each file is replaced, never written through a link planted at its name.

import * as path from 'node:path';
import { Profile } from '../../model/profileTypes';
import { profileToFolded } from './folded';
import { renderFlamegraphSvg } from './flamegraphSvg';
import { renderStandalonePage } from './flamegraphHtml';
import { loadWebviewAssets } from './webviewAssets';
import type { OutputSet } from '../../protocol/engineMessages';
import { replaceFiles } from '../io/replaceFile';
import { asOutputError, makeOutputDir } from '../io/fileErrors';

/** Path of every file written, by name: always `profile`; with 'all' also `folded`, `svg` and `html`. */
export type WrittenOutputs = { profile: string } & Record<string, string>;

export async function writeOutputs(profile: Profile, dir: string, title: string, which: OutputSet = 'all'): Promise<WrittenOutputs> {
  await makeOutputDir(dir);
  const profileJson = path.join(dir, 'profile.json');
  if (which === 'profileOnly') {
    await write([{ file: profileJson, text: JSON.stringify(profile) }]);
    return { profile: profileJson };
  }
  const out = {
    profile: profileJson,
    folded: path.join(dir, 'stacks.folded'),
    svg: path.join(dir, 'flamegraph.svg'),
    html: path.join(dir, 'flamegraph.html'),
  };
  // All four or none: a full disk must not leave a new profile.json beside an old flamegraph.html.
  await write([
    { file: out.profile, text: JSON.stringify(profile) },
    { file: out.folded, text: profileToFolded(profile) },
    { file: out.svg, text: renderFlamegraphSvg(profile, { title }) },
    { file: out.html, text: await renderHtml(profile, title) },
  ]);
  return out;
}

/** Replaces the files together; a full disk or a read-only folder is the user's to fix, said plainly. */
async function write(entries: { file: string; text: string }[]): Promise<void> {
  try {
    await replaceFiles(entries);
  } catch (e) {
    const failed = (e as { path?: unknown }).path;
    throw asOutputError(typeof failed === 'string' ? path.dirname(failed) : path.dirname(entries[0].file), e);
  }
}

/** The interactive page of one profile, offline in one file (also what Export writes for 'html'). */
export async function renderHtml(profile: Profile, title: string): Promise<string> {
  const assets = await loadWebviewAssets();
  return renderStandalonePage({ profile, title, js: assets.js, css: assets.css });
}
