// The one message protocol between the extension host and the flamegraph
// webview (and the standalone flamegraph.html, which plays the host's part
// itself). Pure types and validators: no `vscode`, no DOM.
//
// The webview is untrusted input: the host validates every message with
// parseWebviewMessage and only ever receives frame ids and line numbers, never
// paths. It looks the frame up in its own copy of the profile and opens only
// files it finds. (Frame ids, not call-tree nodes: the webview's views show the
// tree after its transforms, whose node ids the host does not know; frames are
// the profile's in every transformed tree.)
//
// Requests carry an `id` (a counter of the side that asks); the answer names
// it in `inReplyTo`, so either side can await the outcome of what it asked:
//   webview → host  openFrame {id, frame, line}   host → webview  frameOpened {inReplyTo, opened, reason?}
//   host → webview  revealFunction {id, name}     webview → host  functionRevealed {inReplyTo, found}

import type { Profile } from '../model/profileTypes';
import { isProfile } from '../model/parseProfile';
import { isRecord } from '../model/guards';
import { DEFAULT_TRANSFORMS, TransformStep, parseTransformSteps } from '../model/transforms';

export type Orientation = 'flame' | 'icicle';

/** The panel's views (tabs), as the Firefox Profiler and speedscope name theirs. */
export const VIEW_KINDS = ['flame', 'calltree', 'bottomup', 'callers', 'functions'] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

/**
 * What survives hiding the panel and reloading the window. The webview
 * stores exactly this object with vscode.setState(viewState), so the state a
 * WebviewPanelSerializer receives is a ViewState (check it with
 * parseViewState); the host may send it back in showProfile.state.
 */
export interface ViewState {
  /** Node id, in the tree after `transforms`, the flame graph is zoomed to (0 = the root). */
  zoomNode: number;
  /** Plain substring search, '' when none. */
  search: string;
  orientation: Orientation;
  /** Function name whose frames are all highlighted (from a CodeLens click), or null. */
  highlightFunction: string | null;
  /**
   * The profile the zoom, search and highlight belong to (src/model/profileKey.ts); a state of another profile
   * restores only the orientation. Absent in states saved before, and in the standalone page's address.
   */
  profile?: string;
  /** The view shown; states saved before views existed read as 'flame'. */
  view: ViewKind;
  /** The transforms applied, in order (the breadcrumb); every view shows the tree after them. */
  transforms: TransformStep[];
  /** The selected function (a frame id of the profile), shared by every view, or null. */
  selectedFrame: number | null;
}

export const DEFAULT_VIEW_STATE: ViewState = {
  zoomNode: 0,
  search: '',
  orientation: 'flame',
  highlightFunction: null,
  view: 'flame',
  transforms: [...DEFAULT_TRANSFORMS],
  selectedFrame: null,
};

// ---- host → webview ----

/** The profile to draw, sent in answer to `ready` (never pasted into the HTML). */
export interface ShowProfileMessage {
  type: 'showProfile';
  /** Shown in the toolbar, e.g. "bin seed-demo" (the webview shows samples, event and frequency beside it). */
  title: string;
  profile: Profile;
  /** Restored view state (after a reload), or null for a fresh view. */
  state: ViewState | null;
}

/** Highlight every frame of one function and zoom to its hottest one (CodeLens → flamegraph); answered by functionRevealed. */
export interface RevealFunctionMessage {
  type: 'revealFunction';
  id: number;
  name: string;
}

/** The answer to openFrame: its source was opened, or why not (the webview shows the reason). */
export interface FrameOpenedMessage {
  type: 'frameOpened';
  inReplyTo: number;
  opened: boolean;
  /** Why nothing was opened (plain words), when `opened` is false. */
  reason?: string;
}

export type HostToWebviewMessage = ShowProfileMessage | RevealFunctionMessage | FrameOpenedMessage;

// ---- webview → host ----

/** Sent once the webview's script runs; the host answers with showProfile. */
export interface ReadyMessage {
  type: 'ready';
}

/** Open a frame's source beside the panel (double-click, Enter, "Go to source"); answered by frameOpened. */
export interface OpenFrameMessage {
  type: 'openFrame';
  id: number;
  /** Index into the profile's frames. */
  frame: number;
  /** 1-based line to open at (the row's or frame's hottest line), or 0 for the function's own line. */
  line: number;
}

/** The answer to revealFunction: whether the profile has frames of that function. */
export interface FunctionRevealedMessage {
  type: 'functionRevealed';
  inReplyTo: number;
  found: boolean;
}

/** The view state changed (zoom, search, orientation, highlight). */
export interface ViewStateMessage {
  type: 'viewState';
  state: ViewState;
}

export type WebviewToHostMessage = ReadyMessage | OpenFrameMessage | ViewStateMessage | FunctionRevealedMessage;

const MAX_SEARCH = 1000;
const MAX_NAME = 10_000;
const MAX_PROFILE_KEY = 200;

function isNodeId(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 2 ** 31;
}

/** Request ids are counters, like node ids: small non-negative integers. */
const isMessageId = isNodeId;

/** A view state from an untrusted source (webview message, saved state), or undefined when malformed. */
export function parseViewState(x: unknown): ViewState | undefined {
  if (!isRecord(x)) return undefined;
  const { zoomNode, search, orientation, highlightFunction, profile } = x;
  if (!isNodeId(zoomNode)) return undefined;
  if (typeof search !== 'string' || search.length > MAX_SEARCH) return undefined;
  if (orientation !== 'flame' && orientation !== 'icicle') return undefined;
  if (highlightFunction !== null && (typeof highlightFunction !== 'string' || highlightFunction.length > MAX_NAME)) return undefined;
  if (profile !== undefined && (typeof profile !== 'string' || profile.length > MAX_PROFILE_KEY)) return undefined;
  // Fields added with the views: absent in states saved before, which read as the defaults.
  const view = x.view === undefined ? DEFAULT_VIEW_STATE.view : x.view;
  if (!(VIEW_KINDS as readonly unknown[]).includes(view)) return undefined;
  const transforms = x.transforms === undefined ? [...DEFAULT_TRANSFORMS] : parseTransformSteps(x.transforms);
  if (transforms === undefined) return undefined;
  const selectedFrame = x.selectedFrame === undefined ? null : x.selectedFrame;
  if (selectedFrame !== null && !isNodeId(selectedFrame)) return undefined;
  const rest = { view: view as ViewKind, transforms, selectedFrame };
  return profile === undefined
    ? { zoomNode, search, orientation, highlightFunction, ...rest }
    : { zoomNode, search, orientation, highlightFunction, profile, ...rest };
}

/** Validates a message from the webview; undefined for anything that is not exactly one of ours. */
export function parseWebviewMessage(x: unknown): WebviewToHostMessage | undefined {
  if (!isRecord(x)) return undefined;
  switch (x.type) {
    case 'ready':
      return { type: 'ready' };
    case 'openFrame':
      return isMessageId(x.id) && isNodeId(x.frame) && isNodeId(x.line)
        ? { type: 'openFrame', id: x.id, frame: x.frame, line: x.line }
        : undefined;
    case 'viewState': {
      const state = parseViewState(x.state);
      return state ? { type: 'viewState', state } : undefined;
    }
    case 'functionRevealed':
      if (!isMessageId(x.inReplyTo) || typeof x.found !== 'boolean') return undefined;
      return { type: 'functionRevealed', inReplyTo: x.inReplyTo, found: x.found };
    default:
      return undefined;
  }
}

// ---- validating host → webview messages (in the webview) ----
//
// The webview checks what it receives too: a message of another extension
// or a stale format must never reach the drawing code half-formed.

/** Validates a message from the host (in the webview); undefined for anything that is not exactly one of ours. */
export function parseHostMessage(x: unknown): HostToWebviewMessage | undefined {
  if (!isRecord(x)) return undefined;
  switch (x.type) {
    case 'showProfile': {
      // isProfile: the model's parseProfile checks, the same as the host's.
      if (typeof x.title !== 'string' || !isProfile(x.profile)) return undefined;
      const state = x.state === null || x.state === undefined ? null : parseViewState(x.state);
      if (state === undefined) return undefined;
      return { type: 'showProfile', title: x.title.slice(0, MAX_NAME), profile: x.profile, state };
    }
    case 'revealFunction':
      if (!isMessageId(x.id) || typeof x.name !== 'string' || x.name.length > MAX_NAME) return undefined;
      return { type: 'revealFunction', id: x.id, name: x.name };
    case 'frameOpened': {
      if (!isMessageId(x.inReplyTo) || typeof x.opened !== 'boolean') return undefined;
      if (x.reason !== undefined && typeof x.reason !== 'string') return undefined;
      const reason = typeof x.reason === 'string' ? { reason: x.reason.slice(0, MAX_NAME) } : {};
      return { type: 'frameOpened', inReplyTo: x.inReplyTo, opened: x.opened, ...reason };
    }
    default:
      return undefined;
  }
}
