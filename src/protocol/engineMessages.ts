// The IPC protocol between the extension host and the engine worker
// (dist/engine.js, a child Node process started with child_process.fork).
// The extension host never runs cargo, perf or the symbolizer itself: it sends
// one job, then `stop` or `cancel`; the worker answers with progress, log
// lines, program output and exactly one `result` or `error`, then exits.
// Pure types: no `vscode`, no Node APIs.

import type { Diagnostic } from '../model/diagnostics';
import type { CargoTarget, WorkspaceDirs, WorkspaceTargets } from '../model/targets';
import { isRecord } from '../model/guards';
import type { Failure } from './failure';
import type { RecordSettings } from './settings';

/** Read the runnable targets of a crate (cargo metadata), for the host's picker. */
export interface TargetsJob {
  type: 'targets';
  /** Absent: the crate cargo finds from `cwd` (the command line without --manifest-path). */
  manifestPath?: string;
  cwd?: string;
  /** The cargoPath setting ('' for $CARGO, else cargo on the PATH). */
  cargoPath: string;
}

/**
 * Build the chosen target (one of the `targets` job's answer) with debug info,
 * record it under perf, then write the outputs. Nothing chooses the target again.
 */
export interface RecordJob {
  type: 'record';
  workspace: WorkspaceDirs;
  /** `unitTests`: the target's unit-test harness instead of the program (always so for `lib`). */
  target: CargoTarget;
  /** Every recording setting (src/protocol/settings.ts), as the user set it. */
  settings: RecordSettings;
  /** Stop recording after this many seconds (the command line's --duration). */
  durationSeconds?: number;
  /** Where perf.data and the outputs go; exactly that folder (refused when it holds a perf.data); default a new `<target>/rust-flamegraph/profiles/<kind>-<name>/<UTC time>/`. */
  outputDir?: string;
  /** Stop recording when free space in outputDir falls under this many bytes. */
  minFreeBytes?: number;
  /** What to write besides profile.json; default 'all'. */
  outputs?: OutputSet;
}

/** Read a perf.data or saved `perf script` text (the `report` pipeline), then write the outputs. */
export interface ReportJob {
  type: 'report';
  file: string;
  /** The perf binary, as src/core/tools.ts found it. */
  perf: string;
  /** The symbolizer setting (src/core/symbols/symbolizerTool.ts); absent or '' for the default. */
  symbolizer?: string;
  outputDir: string;
  outputs?: OutputSet;
  /** Set when the file is opened in an untrusted workspace: its folders. Every program then runs under src/core/proc/spawnPolicy.ts. */
  untrustedFolders?: string[];
}

/** What a record or report job writes: everything (the CLI, the default), or only profile.json (VS Code: the rest through Export). */
export type OutputSet = 'all' | 'profileOnly';

/** Write one export of an existing profile.json. */
export interface ExportJob {
  type: 'export';
  profileJson: string;
  format: ExportFormat;
  destination: string;
  title: string;
}

export type ExportFormat = 'svg' | 'folded' | 'html' | 'json';

export type EngineJob = TargetsJob | RecordJob | ReportJob | ExportJob;

/** What each job answers with. */
export type ResultOf<J extends EngineJob> = J extends TargetsJob ? WorkspaceTargets : EngineResult;

// ---- host → worker ----

export type HostToEngineMessage =
  | { type: 'start'; job: EngineJob }
  /** End the program, keep and symbolize what was recorded. */
  | { type: 'stop' }
  /** Abandon the job: every process the worker started is ended. */
  | { type: 'cancel' };

// ---- worker → host ----

/** Where a job is, as the notification shows it. */
export type JobProgress =
  /** cargo builds: `crate` is the one it started last, `built` how many units are ready. */
  | { phase: 'build'; crate?: string; built?: number }
  /** perf records: seconds since it started (once a second). */
  | { phase: 'record'; seconds: number }
  | { phase: 'symbolize' }
  | { phase: 'write' };

export type EnginePhase = JobProgress['phase'];

/** One compiler message of a failed or warned build, with its primary span (lines and columns from 1). */
export interface BuildDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'note' | 'help';
  message: string;
  /** rustc's error code, e.g. E0308, or a lint name. */
  code?: string;
}

export interface EngineResult {
  /** The profile.json written (absent for exports). */
  profileJson: string | null;
  /** The kept perf.data, when recorded or opened. */
  perfData: string | null;
  /** Every file written, by name (profile, folded, svg, or the export). */
  outputs: Record<string, string>;
  /** The profile's warnings as the terminal words them (profile.json's `meta.warnings`). */
  warnings: string[];
  /** The same warnings as data, for the host to word them for VS Code. */
  diagnostics: Diagnostic[];
  /** Toolbar title, e.g. "bin seed-demo" (the webview shows samples, event and frequency beside it). */
  title: string;
  workspaceRoot: string | null;
  samples: number;
}

export type EngineToHostMessage =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'log'; level: 'info' | 'warn'; text: string }
  /** An external command the engine ran, with its arguments. */
  | { type: 'command'; file: string; args: string[] }
  /** The profiled program's stdout/stderr and perf's messages. */
  | { type: 'programOutput'; text: string }
  /** A compiler message of the build, for the Problems panel. */
  | { type: 'diagnostic'; diagnostic: BuildDiagnostic }
  | { type: 'result'; result: EngineResult | WorkspaceTargets }
  | { type: 'error'; error: Failure };

/** Checks the shape of a message from the worker (a crash can leave anything on the channel). */
export function parseEngineMessage(x: unknown): EngineToHostMessage | undefined {
  if (!isRecord(x) || typeof x.type !== 'string') return undefined;
  switch (x.type) {
    case 'progress':
      return isProgress(x.progress) ? { type: 'progress', progress: x.progress } : undefined;
    case 'log':
      return (x.level === 'info' || x.level === 'warn') && typeof x.text === 'string'
        ? { type: 'log', level: x.level, text: x.text }
        : undefined;
    case 'command':
      return typeof x.file === 'string' && Array.isArray(x.args) && x.args.every((a) => typeof a === 'string')
        ? { type: 'command', file: x.file, args: x.args as string[] }
        : undefined;
    case 'programOutput':
      return typeof x.text === 'string' ? { type: 'programOutput', text: x.text } : undefined;
    case 'diagnostic':
      return isRecord(x.diagnostic) &&
        typeof x.diagnostic.file === 'string' &&
        typeof x.diagnostic.line === 'number' &&
        typeof x.diagnostic.message === 'string'
        ? { type: 'diagnostic', diagnostic: x.diagnostic as unknown as BuildDiagnostic }
        : undefined;
    case 'result':
      return isRecord(x.result) ? { type: 'result', result: x.result as unknown as EngineResult | WorkspaceTargets } : undefined;
    case 'error':
      return isRecord(x.error) && typeof x.error.message === 'string' && isRecord(x.error.diagnostic)
        ? { type: 'error', error: x.error as unknown as Failure }
        : undefined;
    default:
      return undefined;
  }
}

function isProgress(p: unknown): p is JobProgress {
  if (!isRecord(p)) return false;
  if (p.phase === 'record') return typeof p.seconds === 'number';
  return p.phase === 'build' || p.phase === 'symbolize' || p.phase === 'write';
}
