// The IPC protocol between the extension host and the engine worker
// (dist/engine.js, a child Node process started with child_process.fork).
// The extension host never runs cargo, perf or the symbolizer itself: it sends
// one job, then `stop` or `cancel`; the worker answers with progress, log
// lines, program output and exactly one `result` or `error`, then exits.
// Pure types: no `vscode`, no Node APIs.

/** Same as the engine's TargetKind (src/core/cargo/metadata.ts); repeated because this folder is also
 * type-checked for the browser (webview/tsconfig.json), where the engine's Node imports do not resolve. */
export type TargetKind = 'bin' | 'example' | 'test' | 'bench' | 'lib';

/** Record a cargo target under perf (the `record` pipeline), then write the outputs. */
export interface RecordJob {
  type: 'record';
  manifestPath: string;
  cwd: string;
  /** `unitTests`: the binary's unit-test harness instead of the program (always so for `lib`). */
  target: { kind: TargetKind; name: string; package: string; unitTests?: boolean };
  cargo: string;
  perf: string;
  cargoProfile: string;
  frequency?: number;
  /** Empty/undefined: the engine picks cycles or cpu-clock. */
  event?: string;
  callGraph?: string;
  args: string[];
  /** Added to the worker's environment for the profiled program. */
  env: Record<string, string>;
  outputs?: OutputSet;
}

/** Read a perf.data or saved `perf script` text (the `report` pipeline), then write the outputs. */
export interface ReportJob {
  type: 'report';
  file: string;
  perf: string;
  outputDir: string;
  outputs?: OutputSet;
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

export type EngineJob = RecordJob | ReportJob | ExportJob;

// ---- host → worker ----

export type HostToEngineMessage =
  | { type: 'start'; job: EngineJob }
  /** End the program, keep and symbolize what was recorded. */
  | { type: 'stop' }
  /** Abandon the job: every process the worker started is ended. */
  | { type: 'cancel' };

// ---- worker → host ----

export type EnginePhase = 'build' | 'record' | 'symbolize' | 'write';

export interface EngineResult {
  /** The profile.json written (absent for exports). */
  profileJson: string | null;
  /** The kept perf.data, when recorded or opened. */
  perfData: string | null;
  /** Every file written, by name (profile, folded, svg, or the export). */
  outputs: Record<string, string>;
  warnings: string[];
  /** Toolbar title, e.g. "bin seed-demo" (the webview shows samples, event and frequency beside it). */
  title: string;
  workspaceRoot: string | null;
  samples: number;
}

export interface EngineFailure {
  /** True when the failure is the engine's UserError (plain words + fix), false for a bug. */
  userError: boolean;
  message: string;
  fix?: string;
  details?: string;
  /** True when the job ended because of a cancel (no message needed). */
  cancelled: boolean;
}

/**
 * Any error as the failure the host shows: a UserError keeps its plain words
 * and fix; anything else is a bug of ours. Used by the worker for the engine's
 * errors and by the host for its own (cargo metadata, …), so both read alike.
 */
export function engineFailureOf(e: unknown, cancelled: boolean): EngineFailure {
  const err = e as { name?: string; message?: string; fix?: string; details?: string };
  if (err && err.name === 'UserError') return { userError: true, message: err.message ?? '', fix: err.fix, details: err.details, cancelled };
  const message = e instanceof Error ? e.message : String(e);
  return { userError: false, message: `Internal error: ${message}`, fix: 'This is a bug in Rust Flamegraph; the log has the details.', details: e instanceof Error ? e.stack : undefined, cancelled };
}

export type EngineToHostMessage =
  | { type: 'phase'; phase: EnginePhase }
  /** One line of cargo's progress ("Compiling seed-demo v0.1.0 (…)"). */
  | { type: 'buildProgress'; line: string }
  /** Seconds since perf started, once a second while recording. */
  | { type: 'recording'; elapsedSeconds: number }
  | { type: 'log'; level: 'info' | 'warn'; text: string }
  /** An external command the engine ran, with its arguments. */
  | { type: 'command'; file: string; args: string[] }
  /** The profiled program's stdout/stderr and perf's messages. */
  | { type: 'programOutput'; text: string }
  | { type: 'result'; result: EngineResult }
  | { type: 'error'; error: EngineFailure };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Checks the shape of a message from the worker (a crash can leave anything on the channel). */
export function parseEngineMessage(x: unknown): EngineToHostMessage | undefined {
  if (!isRecord(x) || typeof x.type !== 'string') return undefined;
  switch (x.type) {
    case 'phase':
      return x.phase === 'build' || x.phase === 'record' || x.phase === 'symbolize' || x.phase === 'write' ? { type: 'phase', phase: x.phase } : undefined;
    case 'buildProgress':
      return typeof x.line === 'string' ? { type: 'buildProgress', line: x.line } : undefined;
    case 'recording':
      return typeof x.elapsedSeconds === 'number' ? { type: 'recording', elapsedSeconds: x.elapsedSeconds } : undefined;
    case 'log':
      return (x.level === 'info' || x.level === 'warn') && typeof x.text === 'string' ? { type: 'log', level: x.level, text: x.text } : undefined;
    case 'command':
      return typeof x.file === 'string' && Array.isArray(x.args) && x.args.every((a) => typeof a === 'string')
        ? { type: 'command', file: x.file, args: x.args as string[] }
        : undefined;
    case 'programOutput':
      return typeof x.text === 'string' ? { type: 'programOutput', text: x.text } : undefined;
    case 'result':
      return isRecord(x.result) ? { type: 'result', result: x.result as unknown as EngineResult } : undefined;
    case 'error':
      return isRecord(x.error) && typeof x.error.message === 'string' ? { type: 'error', error: x.error as unknown as EngineFailure } : undefined;
    default:
      return undefined;
  }
}
