// The one reader of profile.json: the host, the engine worker, the language
// server, the CLI and the webview all take a profile through parseProfile, so
// they agree on what a usable profile is and say the same thing when it is
// not. It checks everything a consumer indexes with (columns, parent before
// child, frame indexes, the fields of frames, functions, lines and meta) in
// one pass per array, without recursion: profiles reach 200k nodes.

import { FrameKind, Profile, PROFILE_SCHEMA_VERSION } from './profileTypes';
import { isRecord } from './guards';

/** Bounds far above real profiles (200k nodes, 20k functions) that keep typed-array indexes and memory sane. */
export const MAX_NODES = 2 ** 24;
export const MAX_FRAMES = 2 ** 22;
/** A title is one line of a tab or a toolbar. */
const MAX_TITLE = 1000;

export type ProfileErrorCode = 'not-json' | 'not-a-profile' | 'wrong-version' | 'damaged';

export interface ProfileError {
  code: ProfileErrorCode;
  /** What is wrong, a sentence without its subject, e.g. "is not valid JSON (cut short while being written?)". */
  problem: string;
  /** What to do about it. */
  fix: string;
  /** The whole sentence: `<source> <problem>. <fix>` */
  message: string;
}

export type ParsedProfile = { ok: true; profile: Profile } | { ok: false; error: ProfileError };

/** Every FrameKind once (a Record, so the compiler tells when a kind is added). */
const FRAME_KINDS: Record<FrameKind, true> = {
  root: true,
  process: true,
  user: true,
  dependency: true,
  std: true,
  system: true,
  kernel: true,
  unknown: true,
};

function isFrameKind(x: unknown): boolean {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(FRAME_KINDS, x);
}
const FIX_AGAIN = 'Record a profile again, or open its perf.data.';

/**
 * Parses and validates a profile: `input` is profile.json's text, or a value
 * already parsed (a webview message). `source` names it in the message
 * ("/…/profile.json", "The profile").
 */
export function parseProfile(input: unknown, source = 'The profile'): ParsedProfile {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return fail(source, 'not-json', 'is not valid JSON (cut short while being written?)', FIX_AGAIN);
    }
  }
  const problem = shapeProblem(value);
  if (problem === null) return { ok: true, profile: value as Profile };
  const fix = problem.code === 'wrong-version' ? 'Record it again with this version, or open its perf.data.' : FIX_AGAIN;
  return fail(source, problem.code, problem.text, fix);
}

/** True when `x` is a whole, usable profile (the same checks as parseProfile). */
export function isProfile(x: unknown): x is Profile {
  return shapeProblem(x) === null;
}

function fail(source: string, code: ProfileErrorCode, problem: string, fix: string): ParsedProfile {
  return { ok: false, error: { code, problem, fix, message: `${source} ${problem}. ${fix}` } };
}

interface Problem {
  code: ProfileErrorCode;
  text: string;
}

const NOT_OURS = `is not a rust-flamegraph profile of schema version ${PROFILE_SCHEMA_VERSION}`;

function damaged(what: string): Problem {
  return { code: 'damaged', text: `is a damaged rust-flamegraph profile (${what})` };
}

function shapeProblem(x: unknown): Problem | null {
  if (!isRecord(x) || !('schemaVersion' in x)) return { code: 'not-a-profile', text: `${NOT_OURS} (it has no schemaVersion)` };
  if (x.schemaVersion !== PROFILE_SCHEMA_VERSION) {
    return { code: 'wrong-version', text: `${NOT_OURS} (it has schemaVersion ${short(x.schemaVersion)})` };
  }
  if (!isCount(x.samples)) return damaged(`samples is ${short(x.samples)}, not a count`);
  return (
    metaProblem(x.meta) ??
    framesProblem(x.frames) ??
    treeProblem(x.tree, (x.frames as unknown[]).length) ??
    statsProblem('functions', x.functions, true) ??
    statsProblem('lines', x.lines, false)
  );
}

function metaProblem(meta: unknown): Problem | null {
  if (!isRecord(meta)) return damaged('meta is missing');
  if (typeof meta.event !== 'string') return damaged('meta.event is not text');
  if (meta.frequency != null && !isFiniteNumber(meta.frequency)) return damaged('meta.frequency is not a number');
  if (!isNullableString(meta.callGraph)) return damaged('meta.callGraph is not text');
  if (!isNullableString(meta.workspaceRoot)) return damaged('meta.workspaceRoot is not text');
  if (meta.command != null && !isStringArray(meta.command)) return damaged('meta.command is not a list of text');
  if (meta.warnings !== undefined && !isStringArray(meta.warnings)) return damaged('meta.warnings is not a list of text');
  if (meta.title !== undefined && (typeof meta.title !== 'string' || meta.title.length > MAX_TITLE))
    return damaged('meta.title is not a short text');
  const digests = meta.sourceDigests;
  if (digests !== undefined) {
    if (!isRecord(digests)) return damaged('meta.sourceDigests is not a map');
    for (const k in digests) if (typeof digests[k] !== 'string') return damaged('meta.sourceDigests holds a value that is not text');
  }
  const crates = meta.crates;
  if (crates !== undefined) {
    if (!isRecord(crates) || !isStringArray(crates.workspace) || !isStringArray(crates.dependencies))
      return damaged('meta.crates is not two lists of crate names');
  }
  return null;
}

function framesProblem(frames: unknown): Problem | null {
  if (!Array.isArray(frames)) return damaged('frames is not a list');
  if (frames.length === 0) return damaged('frames is empty');
  if (frames.length > MAX_FRAMES) return damaged(`${frames.length} frames, more than ${MAX_FRAMES}`);
  for (let i = 0; i < frames.length; i++) {
    const f: unknown = frames[i];
    if (!isRecord(f)) return damaged(`frames[${i}] is not a frame`);
    if (typeof f.name !== 'string') return damaged(`frames[${i}].name is not text`);
    if (!isFrameKind(f.kind)) return damaged(`frames[${i}].kind is ${short(f.kind)}`);
    if (!isNullableString(f.file)) return damaged(`frames[${i}].file is not text`);
    if (f.line !== null && f.line !== undefined && !isCount(f.line)) return damaged(`frames[${i}].line is ${short(f.line)}`);
    if (f.inlined !== undefined && typeof f.inlined !== 'boolean') return damaged(`frames[${i}].inlined is not true or false`);
    if (!isNullableString(f.dso)) return damaged(`frames[${i}].dso is not text`);
  }
  return null;
}

const COLUMNS = ['parent', 'frame', 'self', 'total', 'line'] as const;

function treeProblem(tree: unknown, frameCount: number): Problem | null {
  if (!isRecord(tree)) return damaged('tree is missing');
  const parent = tree.parent;
  if (!Array.isArray(parent) || parent.length === 0) return damaged('tree.parent is not a list of nodes');
  const n = parent.length;
  if (n > MAX_NODES) return damaged(`${n} call-tree nodes, more than ${MAX_NODES}`);
  for (const c of COLUMNS) {
    const col = tree[c];
    if (!Array.isArray(col)) return damaged(`tree.${c} is not a list`);
    if (col.length !== n) return damaged(`tree.${c} has ${col.length} entries, tree.parent ${n}`);
  }
  const { frame, self, total, line } = tree as Record<(typeof COLUMNS)[number], unknown[]>;
  if (parent[0] !== -1) return damaged(`tree.parent[0] is ${short(parent[0])}, not -1 (the root)`);
  for (let i = 0; i < n; i++) {
    const p: unknown = parent[i];
    // Children follow their parents: every walk over the columns relies on it.
    if (i > 0 && !(isCount(p) && p < i)) return damaged(`tree.parent[${i}] is ${short(p)}, not a node before ${i}`);
    const f: unknown = frame[i];
    if (!(isCount(f) && f < frameCount)) return damaged(`tree.frame[${i}] is ${short(f)}, not one of the ${frameCount} frames`);
    if (!isCount(self[i])) return damaged(`tree.self[${i}] is ${short(self[i])}, not a count`);
    if (!isCount(total[i])) return damaged(`tree.total[${i}] is ${short(total[i])}, not a count`);
    if (!isCount(line[i])) return damaged(`tree.line[${i}] is ${short(line[i])}, not a line number`);
  }
  return null;
}

function statsProblem(name: 'functions' | 'lines', rows: unknown, isFunction: boolean): Problem | null {
  if (!Array.isArray(rows)) return damaged(`${name} is not a list`);
  for (let i = 0; i < rows.length; i++) {
    const r: unknown = rows[i];
    if (!isRecord(r)) return damaged(`${name}[${i}] is not a row`);
    if (!isCount(r.selfSamples) || !isCount(r.totalSamples)) return damaged(`${name}[${i}] has no sample counts`);
    if (r.ownSelfSamples !== undefined && !isCount(r.ownSelfSamples))
      return damaged(`${name}[${i}].ownSelfSamples is ${short(r.ownSelfSamples)}`);
    if (isFunction) {
      if (typeof r.name !== 'string' || !isNullableString(r.file)) return damaged(`${name}[${i}] has no name`);
      if (r.line !== null && !isCount(r.line)) return damaged(`${name}[${i}].line is ${short(r.line)}`);
      if (!isFrameKind(r.kind)) return damaged(`${name}[${i}].kind is ${short(r.kind)}`);
    } else if (typeof r.file !== 'string' || !isCount(r.line)) {
      return damaged(`${name}[${i}] has no file and line`);
    }
  }
  return null;
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** A non-negative integer (NaN, strings, fractions and negatives are not). */
function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}

function isNullableString(x: unknown): boolean {
  return x === null || x === undefined || typeof x === 'string';
}

function isStringArray(x: unknown): boolean {
  return Array.isArray(x) && x.every((s) => typeof s === 'string');
}

/** A value as it may appear in a message: short, one line. */
function short(x: unknown): string {
  if (x === undefined) return 'missing';
  if (typeof x === 'string') return JSON.stringify(x.length > 20 ? `${x.slice(0, 20)}…` : x);
  if (typeof x === 'number' || typeof x === 'boolean' || x === null) return String(x);
  return Array.isArray(x) ? 'a list' : 'an object';
}
