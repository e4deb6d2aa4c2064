// The standalone page keeps its view in location.hash
// (#zoom=12&q=process&o=icicle&fn=seed_demo::main&v=bottomup&t=[…]&sel=4), so
// a reload or a shared link shows the same view. Pure: no DOM.

import { DEFAULT_VIEW_STATE, ViewState, parseViewState } from '../../src/protocol/webviewMessages';
import { DEFAULT_TRANSFORMS } from '../../src/model/transforms';

export function viewStateToHash(s: ViewState): string {
  const p = new URLSearchParams();
  if (s.zoomNode !== 0) p.set('zoom', String(s.zoomNode));
  if (s.search) p.set('q', s.search);
  if (s.orientation !== 'flame') p.set('o', s.orientation);
  if (s.highlightFunction !== null) p.set('fn', s.highlightFunction);
  if (s.view !== DEFAULT_VIEW_STATE.view) p.set('v', s.view);
  const t = JSON.stringify(s.transforms);
  if (t !== JSON.stringify(DEFAULT_TRANSFORMS)) p.set('t', t);
  if (s.selectedFrame !== null) p.set('sel', String(s.selectedFrame));
  const text = p.toString();
  return text ? `#${text}` : '';
}

/** The view state in a hash, or null when the hash holds none (or a malformed one). */
export function viewStateFromHash(hash: string): ViewState | null {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text === '') return null;
  const p = new URLSearchParams(text);
  const zoom = p.get('zoom');
  const sel = p.get('sel');
  let transforms: unknown = undefined;
  try {
    const t = p.get('t');
    if (t !== null) transforms = JSON.parse(t);
  } catch {
    return null;
  }
  const state = parseViewState({
    view: p.get('v') ?? undefined,
    transforms,
    selectedFrame: sel === null ? null : Number(sel),
    zoomNode: zoom === null ? DEFAULT_VIEW_STATE.zoomNode : Number(zoom),
    search: p.get('q') ?? '',
    orientation: p.get('o') ?? 'flame',
    highlightFunction: p.get('fn'),
  });
  return state ?? null;
}
