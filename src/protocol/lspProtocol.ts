// The custom part of the LSP conversation between the profile language
// server (src/server) and its clients (the extension's language client, or
// any editor running `rust-flamegraph lsp --stdio`). Plain data only: both
// sides import this file, and neither side's library types leak into it.

/**
 * The extension's command ids (package.json contributes them), written once: the server's lenses name revealFunction
 * and profileTarget, the extension registers them all (the profiling side unless noted).
 */
export const COMMANDS = {
  profile: 'rustFlamegraph.profile',
  profileAgain: 'rustFlamegraph.profileAgain',
  stop: 'rustFlamegraph.stop',
  openPerfData: 'rustFlamegraph.openPerfData',
  exportFlamegraph: 'rustFlamegraph.export',
  /** Argument: a function name. Shows the flamegraph with all that function's frames highlighted. */
  revealFunction: 'rustFlamegraph.revealFunction',
  /** Argument: ProfileTargetRequest. Profiles one target (the `▶ Profile` lens). */
  profileTarget: 'rustFlamegraph.profileTarget',
  /** Registered by the lens side: clears every profile lens and line heat. */
  clearLenses: 'rustFlamegraph.clearLenses',
} as const;

/** Client → server notification: a profile was recorded or opened; load it (it replaces older ones of its workspace). */
export const ProfileChangedNotification = 'rustFlamegraph/profileChanged';
export interface ProfileChangedParams {
  /** Absolute path of the engine's profile.json. */
  profileJson: string;
}

/** Client → server notification: forget every profile (no lenses, no heat) until the next profileChanged. */
export const ClearProfilesNotification = 'rustFlamegraph/clearProfiles';

/**
 * Client → server notification: the workspace became trusted. Until then (initializationOptions
 * `trusted: false`) the server runs no cargo: `cargo metadata` reads the workspace's
 * rust-toolchain.toml and .cargo/config.toml, which can name any binary to run.
 */
export const WorkspaceTrustedNotification = 'rustFlamegraph/workspaceTrusted';

/** Server → client notification: the profiles changed; line heat of open editors must be fetched again. */
export const HeatChangedNotification = 'rustFlamegraph/heatChanged';

/** Client → server request: the per-line heat of one document. */
export const LineHeatRequest = 'rustFlamegraph/lineHeat';
export interface LineHeatParams {
  uri: string;
}
export interface LineHeat {
  /** 0-based line, as everywhere in LSP. */
  line: number;
  /** Samples whose innermost frame is on this line. */
  self: number;
  /** Samples with this line anywhere on the stack (once per sample). */
  total: number;
  /**
   * "Self with libraries": samples in this line's own code and in the std/dependency code it runs (inlined
   * or called), until that code calls back into your code (LineStat.ownSelfSamples).
   */
  ownSelf: number;
  /** ownSelf / all samples of the profile: what the heat level is bucketed from. */
  fraction: number;
}
/** Empty when the file has no samples, or changed since the profile (the lines would be wrong). */
export type LineHeatResult = LineHeat[];

/** Settings, from initializationOptions or `workspace/didChangeConfiguration` `{ settings: { rustFlamegraph: { lens: … } } }`. */
export interface LensSettings {
  /** Minimum share of all samples, in percent, for a 🔥 lens. */
  threshold: number;
  /** What a file changed since the profile shows: lenses marked as stale, or none. */
  staleCode: 'mark' | 'hide';
  /** Inlay hints at the end of lines whose self+libs share is at least `threshold`: the per-line figures without hovering. */
  lineHints: boolean;
}
export const DEFAULT_LENS_SETTINGS: LensSettings = { threshold: 1, staleCode: 'mark', lineHints: true };

export function readLensSettings(raw: unknown, base: LensSettings = DEFAULT_LENS_SETTINGS): LensSettings {
  const o = (raw ?? {}) as Partial<Record<keyof LensSettings, unknown>>;
  const threshold = typeof o.threshold === 'number' && Number.isFinite(o.threshold) && o.threshold >= 0 ? o.threshold : base.threshold;
  const staleCode = o.staleCode === 'hide' || o.staleCode === 'mark' ? o.staleCode : base.staleCode;
  const lineHints = typeof o.lineHints === 'boolean' ? o.lineHints : base.lineHints;
  return { threshold, staleCode, lineHints };
}

/**
 * Heat levels shared by the server's hover (which prints the scale) and the
 * client's decorations (one decoration type per level). Level i (1-based)
 * holds lines whose fraction is at least HEAT_LEVELS[i-1].
 */
export const HEAT_LEVELS: readonly number[] = [0.005, 0.02, 0.05, 0.15, 0.4];

/** 0 = not shown, 1..HEAT_LEVELS.length = hotter and hotter. */
export function heatLevel(fraction: number): number {
  let level = 0;
  for (let i = 0; i < HEAT_LEVELS.length; i++) if (fraction >= HEAT_LEVELS[i]) level = i + 1;
  return level;
}

/**
 * What a `▶ Profile` lens asks for (the argument of `rustFlamegraph.profileTarget`):
 * one target of one crate, optionally one test by its exact name.
 * `kind: 'lib'`, or `kind: 'bin'` with `exactTest`, means the unit-test harness
 * of that library or binary (`cargo test --no-run --lib|--bin NAME`).
 */
export interface ProfileTargetRequest {
  manifestPath: string;
  kind: 'bin' | 'example' | 'test' | 'bench' | 'lib';
  /** Cargo target name. For a unit test inside a binary or library, the target that holds it. */
  name: string;
  package?: string;
  /** Exact test or bench function path (e.g. `tests::adds`): passed as `NAME --exact` to the harness. */
  exactTest?: string;
  /** A `#[bench]`: the harness also gets `--bench`, or it runs the benchmark once as a test. */
  bench?: boolean;
}

/** What `rustFlamegraph.revealFunction` gets from a 🔥 lens: the profile's names of that source function, hottest first. */
export type RevealFunctionArgs = [name: string, allNames: string[]];
