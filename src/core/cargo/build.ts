// Building the chosen target with debug info, without touching the user's
// files or their own builds: the debug settings come from environment
// variables (CARGO_PROFILE_<NAME>_DEBUG), and the build goes to a target
// directory of its own so that it never overwrites, or thrashes with, the
// user's `target/release`. The executable's path comes from cargo's JSON
// `compiler-artifact` messages, never from guessing `target/release/NAME`.

import * as path from 'node:path';
import { run, SpawnError } from '../proc/run';
import { Reporter, userError } from '../errors';
import { cargoNotRunnable } from '../checks/messages';
import type { CargoTarget, WorkspaceDirs } from '../../model/targets';
import type { BuildDiagnostic } from '../../protocol/engineMessages';
import { CompilerMessage, compilingCrate, diagnosticOf } from './compilerMessages';
import { FeatureSettings, featureArgs } from './features';

export interface BuildOptions {
  cargo: string;
  profile: string;
  /** cargo's feature flags (none: the package's default features). */
  features?: FeatureSettings;
  signal?: AbortSignal;
  reporter?: Reporter;
  /** cargo started a crate (`crate`) or finished a unit (`built` so far). */
  onProgress?: (p: { crate?: string; built: number }) => void;
  /** Each line cargo writes on stderr ("Compiling seed-demo v0.1.0", …) and each compiler message, rendered. */
  onLog?: (text: string) => void;
  /** Each compiler message that points at source. */
  onDiagnostic?: (d: BuildDiagnostic) => void;
}

export interface BuildResult {
  executable: string;
  targetDir: string;
}

/**
 * Where our builds go: beside the user's, never in it. The user's target
 * directory (cargo's, or the one given with --target-dir / the targetDir
 * setting, see withTargetDir) is the base; our folder is inside it.
 */
export function profilingTargetDir(ws: WorkspaceDirs): string {
  return path.join(ws.targetDirectory, 'rust-flamegraph');
}

/** The workspace with the user's --target-dir (relative: to the workspace root, as the command line has already made it absolute). */
export function withTargetDir<W extends WorkspaceDirs>(ws: W, targetDir: string): W {
  return targetDir ? { ...ws, targetDirectory: path.resolve(ws.workspaceRoot, targetDir) } : ws;
}

export function profileEnvName(profile: string): string {
  return profile.toUpperCase().replace(/-/g, '_');
}

export function buildEnv(profile: string, targetDir: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, CARGO_TARGET_DIR: targetDir, CARGO_TERM_COLOR: 'never' };
  // `bench` builds inherit from release and `test` from dev: set both so the
  // override applies whichever profile cargo picks for the target.
  const names = new Set([profileEnvName(profile)]);
  if (profile === 'release') names.add('BENCH');
  if (profile === 'dev') names.add('TEST');
  for (const n of names) {
    env[`CARGO_PROFILE_${n}_DEBUG`] = 'true';
    env[`CARGO_PROFILE_${n}_STRIP`] = 'none';
    env[`CARGO_PROFILE_${n}_SPLIT_DEBUGINFO`] = 'off';
  }
  return env;
}

const NO_FEATURE_FLAGS: FeatureSettings = { features: [], allFeatures: false, noDefaultFeatures: false };

export function buildArgs(target: CargoTarget, profile: string, features: FeatureSettings = NO_FEATURE_FLAGS): string[] {
  if (target.unitTests) {
    // Unit tests live in the lib or bin itself: only `cargo test` builds their harness.
    return [
      'test',
      '--no-run',
      '--message-format=json',
      '--manifest-path',
      target.manifestPath,
      '--package',
      target.packageName,
      ...(target.kind === 'lib' ? ['--lib'] : [`--${target.kind}`, target.name]),
      ...featureArgs(features),
      '--profile',
      profile,
    ];
  }
  return [
    'build',
    '--message-format=json',
    '--manifest-path',
    target.manifestPath,
    '--package',
    target.packageName,
    `--${target.kind}`,
    target.name,
    ...featureArgs(features),
    '--profile',
    profile,
  ];
}

interface ArtifactMessage {
  reason: string;
  target?: { name: string; kind: string[] };
  profile?: { test?: boolean };
  executable?: string | null;
  success?: boolean;
}

export async function buildTarget(ws: WorkspaceDirs, target: CargoTarget, opts: BuildOptions): Promise<BuildResult> {
  const targetDir = profilingTargetDir(ws);
  let executable: string | undefined;
  let built = 0;
  // The compiler's errors, as rustc renders them: the failure's details.
  const errors: string[] = [];
  let result;
  try {
    result = await run(opts.cargo, buildArgs(target, opts.profile, opts.features), {
      cwd: ws.workspaceRoot,
      env: buildEnv(opts.profile, targetDir),
      reporter: opts.reporter,
      signal: opts.signal,
      // A build script may run for minutes: cargo's group must not outlive us.
      endWithUs: true,
      // Whole lines: a pipe cuts "Compiling demo v0.1.0" anywhere.
      onStderrLine: (line) => {
        if (!line.trim()) return;
        opts.onLog?.(line.trimEnd());
        const crate = compilingCrate(line);
        if (crate) opts.onProgress?.({ crate, built });
      },
      onStdoutLine: (line) => {
        if (!line.startsWith('{')) return;
        let msg: ArtifactMessage | CompilerMessage;
        try {
          msg = JSON.parse(line) as ArtifactMessage | CompilerMessage;
        } catch {
          return;
        }
        if (msg.reason === 'compiler-message') {
          const m = (msg as CompilerMessage).message;
          // As rustc renders it ("warning: …", "error[E0308]: …"), as cargo would have printed it.
          if (m.rendered) opts.onLog?.(m.rendered.trimEnd());
          if (m.level.startsWith('error') && m.rendered) errors.push(m.rendered.trimEnd());
          const d = diagnosticOf(msg as CompilerMessage, ws.workspaceRoot);
          if (d) opts.onDiagnostic?.(d);
          return;
        }
        const a = msg as ArtifactMessage;
        if (a.reason !== 'compiler-artifact') return;
        opts.onProgress?.({ built: ++built });
        if (a.executable && isWantedArtifact(a, target)) executable = a.executable;
      },
    });
  } catch (e) {
    if (e instanceof SpawnError) {
      throw cargoNotRunnable(opts.cargo, e.code);
    }
    throw e;
  }
  opts.signal?.throwIfAborted();
  if (result.code !== 0) {
    const details = [...errors, lastLines(result.stderr, errors.length ? 5 : 40)].join('\n');
    throw userError(
      'build-failed',
      `The build failed: cargo build exited with ${result.code ?? result.signal}, so nothing was profiled.`,
      'Fix the errors below, then profile again.',
      details,
    );
  }
  if (!executable) {
    throw userError(
      'no-executable',
      `cargo built ${target.name} but reported no executable for it.`,
      'Check that the target is a binary, example, test or bench (or a library or binary with unit tests).',
    );
  }
  return { executable, targetDir };
}

/** The artifact of the target itself, or of its test harness (`profile.test`) when unit tests are wanted. */
function isWantedArtifact(msg: ArtifactMessage, target: CargoTarget): boolean {
  if (msg.target?.name !== target.name) return false;
  if (target.unitTests)
    return (
      msg.profile?.test === true &&
      (target.kind === 'lib' ? msg.target.kind.some((k) => LIB_KINDS.has(k)) : msg.target.kind.includes(target.kind))
    );
  return msg.target.kind.includes(target.kind);
}

const LIB_KINDS = new Set(['lib', 'rlib', 'dylib', 'cdylib', 'staticlib', 'proc-macro']);

export function lastLines(text: string, n: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.slice(Math.max(0, lines.length - n)).join('\n');
}
