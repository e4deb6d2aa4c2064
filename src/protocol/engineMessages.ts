// The IPC protocol between the extension host and the engine worker
// (dist/engine.js, a child Node process started with child_process.fork).
// The extension host never runs cargo, perf or the symbolizer itself: it sends
// one job, then `stop` or `cancel`; the worker answers with progress, log
// lines, program output and exactly one `result` or `error`, then exits.
// Pure types: no `vscode`, no Node APIs.

import type { Diagnostic } from '../model/diagnostics';
import type { TargetKind } from '../model/targets';
import { isRecord } from '../model/guards';
import type { Failure } from './failure';

export type { TargetKind };

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
}

/** Read a perf.data or saved `perf script` text (the `report` pipeline), then write the outputs. */
export interface ReportJob {
  type: 'report';
  file: string;
  perf: string;
  outputDir: string;
}

/** Write one export of an existing profile.json. */
export interface ExportJob {
  type: 'export';
  profileJson: string;
  format: ExportFormat;
  destination: string;
  title: string;
}

export type ExportFormat = 'svg' | 'folded' | 'json';

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
  /** The profile's warnings as the terminal words them (profile.json's `meta.warnings`). */
  warnings: string[];
  /** The same warnings as data, for the host to word them for VS Code. */
  diagnostics: Diagnostic[];
  /** Toolbar title, e.g. "bin seed-demo" (the webview shows samples, event and frequency beside it). */
  title: string;
  workspaceRoot: string | null;
  samples: number;
}

/** A job's failure as the worker sends it (made by `failureOf`, src/protocol/failure.ts). */
export type EngineFailure = Failure;

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
      return isRecord(x.error) && typeof x.error.message === 'string' && isRecord(x.error.diagnostic) ? { type: 'error', error: x.error as unknown as EngineFailure } : undefined;
    default:
      return undefined;
  }
}
