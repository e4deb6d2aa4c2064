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
import { CargoTarget, CargoWorkspace } from './metadata';

export interface BuildOptions {
  cargo: string;
  profile: string;
  signal?: AbortSignal;
  reporter?: Reporter;
  /** Each line of cargo's progress ("Compiling seed-demo v0.1.0"). */
  onProgress?: (line: string) => void;
}

export interface BuildResult {
  executable: string;
  targetDir: string;
}

/** Where our builds go: beside the user's, never in it. */
export function profilingTargetDir(ws: CargoWorkspace): string {
  return path.join(ws.targetDirectory, 'rust-flamegraph');
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

export function buildArgs(target: CargoTarget, profile: string): string[] {
  if (target.unitTests) {
    // Unit tests live in the lib or bin itself: only `cargo test` builds their harness.
    return [
      'test', '--no-run', '--message-format=json-render-diagnostics',
      '--manifest-path', target.manifestPath,
      '--package', target.packageName,
      ...(target.kind === 'lib' ? ['--lib'] : [`--${target.kind}`, target.name]),
      '--profile', profile,
    ];
  }
  return [
    'build', '--message-format=json-render-diagnostics',
    '--manifest-path', target.manifestPath,
    '--package', target.packageName,
    `--${target.kind}`, target.name,
    '--profile', profile,
  ];
}

interface ArtifactMessage {
  reason: string;
  target?: { name: string; kind: string[] };
  profile?: { test?: boolean };
  executable?: string | null;
  message?: { rendered?: string };
  success?: boolean;
}

export async function buildTarget(ws: CargoWorkspace, target: CargoTarget, opts: BuildOptions): Promise<BuildResult> {
  const targetDir = profilingTargetDir(ws);
  let executable: string | undefined;
  let result;
  try {
    result = await run(opts.cargo, buildArgs(target, opts.profile), {
      cwd: ws.workspaceRoot,
      env: buildEnv(opts.profile, targetDir),
      reporter: opts.reporter,
      signal: opts.signal,
      // Whole lines: a pipe cuts "Compiling demo v0.1.0" anywhere.
      onStderrLine: (line) => {
        if (line.trim()) opts.onProgress?.(line.trimEnd());
      },
      onStdoutLine: (line) => {
        if (!line.startsWith('{')) return;
        let msg: ArtifactMessage;
        try {
          msg = JSON.parse(line) as ArtifactMessage;
        } catch {
          return;
        }
        if (msg.reason === 'compiler-artifact' && msg.executable && isWantedArtifact(msg, target)) executable = msg.executable;
      },
    });
  } catch (e) {
    if (e instanceof SpawnError) {
      throw cargoNotRunnable(opts.cargo, e.code);
    }
    throw e;
  }
  if (opts.signal?.aborted) throw userError('cancelled', 'Cancelled while building.');
  if (result.code !== 0) {
    throw userError('build-failed', `The build failed: cargo build exited with ${result.code ?? result.signal}, so nothing was profiled.`, 'Fix the errors below, then profile again.', lastLines(result.stderr, 40));
  }
  if (!executable) {
    throw userError('no-executable', `cargo built ${target.name} but reported no executable for it.`, 'Check that the target is a binary, example, test or bench (or a library or binary with unit tests).');
  }
  return { executable, targetDir };
}

/** The artifact of the target itself, or of its test harness (`profile.test`) when unit tests are wanted. */
function isWantedArtifact(msg: ArtifactMessage, target: CargoTarget): boolean {
  if (msg.target?.name !== target.name) return false;
  if (target.unitTests) return msg.profile?.test === true && (target.kind === 'lib' ? msg.target.kind.some((k) => LIB_KINDS.has(k)) : msg.target.kind.includes(target.kind));
  return msg.target.kind.includes(target.kind);
}

const LIB_KINDS = new Set(['lib', 'rlib', 'dylib', 'cdylib', 'staticlib', 'proc-macro']);

export function lastLines(text: string, n: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.slice(Math.max(0, lines.length - n)).join('\n');
}
