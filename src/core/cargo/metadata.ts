// Reading a workspace's targets with `cargo metadata`, and choosing the one
// to profile the way cargo itself chooses with --package/--bin/….
// The feature flags are not passed to cargo metadata: with --no-deps it lists
// every target, `required-features` or not, whatever the flags (and an unknown
// feature would make it fail with cargo's words, not ours); the record job
// checks the required features against the flags (./features.ts).

import { run, SpawnError } from '../proc/run';
import { Reporter, UserError, userError } from '../errors';
import { cargoNotRunnable, cargoNotWorking } from '../checks/messages';
import type { CargoTarget, TargetKind, WorkspaceTargets } from '../../model/targets';
import type { CrateList } from '../../model/profileTypes';

export type { TargetKind, CargoTarget } from '../../model/targets';

export interface CargoWorkspace extends WorkspaceTargets {
  /** Packages whose `default-run` names a binary. */
  defaultRun: Map<string, string>;
}

export interface TargetSelector {
  package?: string;
  bin?: string;
  example?: string;
  test?: string;
  bench?: string;
  /** The package's library, through its unit-test harness. */
  lib?: boolean;
  /** With `bin`: the binary's unit-test harness instead of the program. */
  unitTests?: boolean;
}

export interface MetadataJson {
  workspace_root: string;
  target_directory: string;
  workspace_members: string[];
  packages: {
    id: string;
    name: string;
    manifest_path: string;
    default_run?: string | null;
    features?: Record<string, string[]>;
    targets: { kind: string[]; name: string; src_path: string; 'required-features'?: string[] }[];
  }[];
}

export async function readWorkspace(
  cargo: string,
  manifestPath: string | undefined,
  cwd: string,
  reporter?: Reporter,
): Promise<CargoWorkspace> {
  const args = ['metadata', '--format-version', '1', '--no-deps'];
  if (manifestPath) args.push('--manifest-path', manifestPath);
  let result;
  try {
    result = await run(cargo, args, { cwd, reporter });
  } catch (e) {
    if (e instanceof SpawnError) {
      throw cargoNotRunnable(cargo, e.code);
    }
    throw e;
  }
  if (result.code !== 0) {
    // A CARGO that is not cargo (/bin/false) fails too, silently: not a crate's fault.
    await checkCargoRuns(cargo, cwd, reporter);
    throw userError(
      'cargo-metadata-failed',
      'cargo could not read the crate.',
      manifestPath
        ? `Check that ${manifestPath} is a valid Cargo.toml.`
        : 'Run it inside a cargo project or pass --manifest-path path/to/Cargo.toml.',
      result.stderr,
    );
  }
  const meta = JSON.parse(result.stdout) as MetadataJson;
  const members = new Set(meta.workspace_members);
  const targets: CargoTarget[] = [];
  const defaultRun = new Map<string, string>();
  for (const pkg of meta.packages) {
    if (!members.has(pkg.id)) continue;
    if (pkg.default_run) defaultRun.set(pkg.name, pkg.default_run);
    for (const t of pkg.targets) {
      const kind =
        t.kind.find((k): k is TargetKind => k === 'bin' || k === 'example' || k === 'test' || k === 'bench') ??
        (t.kind.some((k) => LIB_KINDS.has(k)) ? 'lib' : undefined);
      if (!kind) continue;
      const required = t['required-features'] ?? [];
      targets.push({
        kind,
        name: t.name,
        packageName: pkg.name,
        manifestPath: pkg.manifest_path,
        srcPath: t.src_path,
        ...(required.length ? { requiredFeatures: required, featureTable: pkg.features ?? {} } : {}),
      });
    }
  }
  return { workspaceRoot: meta.workspace_root, targetDirectory: meta.target_directory, targets, defaultRun };
}

/** Throws when `cargo --version` fails: the cargo given does not work, whatever the crate. */
async function checkCargoRuns(cargo: string, cwd: string, reporter?: Reporter): Promise<void> {
  const r = await run(cargo, ['--version'], { cwd, reporter }).catch((e: unknown) => {
    if (e instanceof SpawnError) throw cargoNotRunnable(cargo, e.code);
    throw e;
  });
  if (r.code === 0 && /^cargo /m.test(r.stdout)) return;
  const status = r.code !== 0 ? (r.signal ? `was killed by ${r.signal}` : `exited with ${r.code}`) : 'did not print its version';
  throw cargoNotWorking(cargo, status, r.stdout + r.stderr);
}

const LIB_KINDS = new Set(['lib', 'rlib', 'dylib', 'cdylib', 'staticlib', 'proc-macro']);

/**
 * The crates of the workspace (every target of its members) and of its
 * dependencies (their libraries), named as rustc mangles them, from
 * `cargo metadata` with the dependency graph. Run after the build, so it
 * needs no network (`--offline`); null when cargo cannot tell, and frames are
 * then classified by their files alone.
 */
export async function readCrateList(cargo: string, workspaceRoot: string, reporter?: Reporter): Promise<CrateList | null> {
  const args = ['metadata', '--format-version', '1', '--offline', '--manifest-path', `${workspaceRoot}/Cargo.toml`];
  try {
    const result = await run(cargo, args, { cwd: workspaceRoot, reporter });
    if (result.code !== 0) return null;
    return crateListOf(JSON.parse(result.stdout) as MetadataJson);
  } catch {
    return null;
  }
}

/** `cargo metadata` → crate names: `-` becomes `_` as in symbols. */
export function crateListOf(meta: Pick<MetadataJson, 'workspace_members' | 'packages'>): CrateList {
  const members = new Set(meta.workspace_members);
  const workspace = new Set<string>();
  const dependencies = new Set<string>();
  for (const pkg of meta.packages) {
    for (const t of pkg.targets) {
      const crate = t.name.replace(/-/g, '_');
      if (members.has(pkg.id)) workspace.add(crate);
      else if (t.kind.some((k) => LIB_KINDS.has(k))) dependencies.add(crate);
    }
  }
  for (const c of workspace) dependencies.delete(c);
  return { workspace: [...workspace].sort(), dependencies: [...dependencies].sort() };
}

export function describeTarget(t: CargoTarget): string {
  if (t.kind === 'lib') return `--package ${t.packageName} --lib`;
  return `--package ${t.packageName} --${t.kind} ${t.name}${t.unitTests ? ' --unit-tests' : ''}`;
}

/**
 * Picks the target like `cargo run` does: an explicit --bin/--example/…
 * wins; else the only binary (of --package, or of the workspace), or the
 * package's default-run. Anything ambiguous is an error listing the choices.
 */
export function selectTarget(ws: CargoWorkspace, sel: TargetSelector): CargoTarget {
  const chosen = selectRunnable(ws, sel);
  if (sel.unitTests && chosen.kind !== 'bin' && chosen.kind !== 'lib') {
    throw userError(
      'unit-tests-target',
      `--unit-tests applies to a binary or the library, not to ${chosen.kind} ${chosen.name}.`,
      'Use it with --bin NAME or --lib.',
    );
  }
  return chosen.kind === 'lib' || sel.unitTests ? { ...chosen, unitTests: true } : chosen;
}

function selectRunnable(ws: CargoWorkspace, sel: TargetSelector): CargoTarget {
  let pool = ws.targets;
  if (sel.package) {
    pool = pool.filter((t) => t.packageName === sel.package);
    if (pool.length === 0) {
      const names = [...new Set(ws.targets.map((t) => t.packageName))].sort();
      throw userError(
        'no-such-package',
        `There is no package named ${sel.package} in this workspace.`,
        `Choose one of: ${names.join(', ') || '(none)'}.`,
      );
    }
  }
  const wanted = (['bin', 'example', 'test', 'bench', 'lib'] as const).filter((k) => sel[k] !== undefined && sel[k] !== false);
  if (wanted.length > 1) {
    throw userError(
      'several-target-kinds',
      'Choose one target: --bin, --example, --test, --bench and --lib exclude each other.',
      `You gave: ${wanted.map((k) => `--${k}`).join(', ')}.`,
    );
  }
  if (wanted[0] === 'lib') {
    const libs = pool.filter((t) => t.kind === 'lib');
    if (libs.length === 1) return libs[0];
    if (libs.length > 1) throw ambiguous('Several packages have a library.', libs);
    throw userError(
      'no-library',
      `There is no library${sel.package ? ` in package ${sel.package}` : ' in this workspace'}.`,
      'Add a src/lib.rs, or choose a --bin with --unit-tests.',
    );
  }
  // A library runs only through its tests: never a default choice.
  pool = pool.filter((t) => t.kind !== 'lib');
  if (wanted.length === 1) {
    const kind = wanted[0] as Exclude<TargetKind, 'lib'>;
    const name = sel[kind]!;
    const found = pool.filter((t) => t.kind === kind && t.name === name);
    if (found.length === 1) return found[0];
    if (found.length > 1) throw ambiguous(`Several packages have a ${kind} named ${name}.`, found);
    const sameKind = pool.filter((t) => t.kind === kind);
    throw userError(
      'no-such-target',
      `There is no ${kind} named ${name}${sel.package ? ` in package ${sel.package}` : ''}.`,
      sameKind.length
        ? `Choose one of: ${sameKind.map(describeTarget).join('; ')}.`
        : `This ${sel.package ? 'package' : 'workspace'} has no ${kind} targets.`,
    );
  }
  const bins = pool.filter((t) => t.kind === 'bin');
  if (bins.length === 1) return bins[0];
  if (bins.length > 1) {
    const packages = new Set(bins.map((b) => b.packageName));
    if (packages.size === 1) {
      const def = ws.defaultRun.get(bins[0].packageName);
      const chosen = def && bins.find((b) => b.name === def);
      if (chosen) return chosen;
    }
    throw ambiguous('This workspace has several binaries, so rust-flamegraph cannot tell which one to profile.', bins);
  }
  if (pool.length === 0) {
    throw userError(
      'nothing-to-run',
      'This crate has nothing to run: no binary, example, test or bench target.',
      'Add a src/main.rs or an example, or point --manifest-path at the crate to profile.',
    );
  }
  throw ambiguous('This crate has no binary; choose which target to profile.', pool);
}

function ambiguous(message: string, candidates: CargoTarget[]): UserError {
  return userError(
    'ambiguous-target',
    message,
    [
      {
        text: 'Choose one with a flag: --bin NAME (and --package NAME in a workspace), or --example, --test or --bench NAME:',
        only: 'terminal',
      },
      { text: 'Choose one in the list of targets that Profile… shows.', only: 'vscode' },
    ],
    candidates
      .map((t) => `  ${describeTarget(t)}${t.requiredFeatures?.length ? ` --features ${t.requiredFeatures.join(',')}` : ''}`)
      .join('\n'),
  );
}
