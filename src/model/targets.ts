// The runnable targets of a cargo workspace, as the engine's `targets` job
// reads them (cargo metadata) and the host shows them in its picker. The
// host sends the chosen one back in a record job, so nothing chooses twice.
// Pure types, in the model: the engine, the protocol and the extension's picker share them.

/** `lib` is only profiled through its unit-test harness (`cargo test --lib`). */
export type TargetKind = 'bin' | 'example' | 'test' | 'bench' | 'lib';

export interface CargoTarget {
  kind: TargetKind;
  name: string;
  packageName: string;
  /** The package's manifest, for `--manifest-path` of the build. */
  manifestPath: string;
  srcPath: string;
  /** Build and run the target's unit-test harness (`cargo test --no-run --lib|--bin X`) instead of the target itself. */
  unitTests?: boolean;
  /** cargo's `required-features` of the target, when it has some. */
  requiredFeatures?: string[];
  /** With requiredFeatures: the package's `[features]` table (cargo metadata's `features`), to tell whether they are on. */
  featureTable?: Record<string, string[]>;
}

/** What a build needs to know of the workspace besides the target. */
export interface WorkspaceDirs {
  workspaceRoot: string;
  targetDirectory: string;
}

/** The answer of the `targets` job. */
export interface WorkspaceTargets extends WorkspaceDirs {
  /** Workspace members' targets that produce something runnable. */
  targets: CargoTarget[];
}
