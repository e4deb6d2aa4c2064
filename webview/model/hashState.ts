// The standalone page keeps its view in location.hash
// (#zoom=12&q=process&o=icicle&fn=seed_demo::main), so a reload or a shared
// link shows the same view. Pure: no DOM.

import { DEFAULT_VIEW_STATE, ViewState, parseViewState } from '../../src/protocol/webviewMessages';

export function viewStateToHash(s: ViewState): string {
  const p = new URLSearchParams();
  if (s.zoomNode !== 0) p.set('zoom', String(s.zoomNode));
  if (s.search) p.set('q', s.search);
  if (s.orientation !== 'flame') p.set('o', s.orientation);
  if (s.highlightFunction !== null) p.set('fn', s.highlightFunction);
  const text = p.toString();
  return text ? `#${text}` : '';
}

/** The view state in a hash, or null when the hash holds none (or a malformed one). */
export function viewStateFromHash(hash: string): ViewState | null {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text === '') return null;
  const p = new URLSearchParams(text);
  const zoom = p.get('zoom');
  const state = parseViewState({
    zoomNode: zoom === null ? DEFAULT_VIEW_STATE.zoomNode : Number(zoom),
    search: p.get('q') ?? '',
    orientation: p.get('o') ?? 'flame',
    highlightFunction: p.get('fn'),
  });
  return state ?? null;
}
