// What an engine job may tell, and be told by, whoever runs it: the command
// line (src/cli/main.ts), the engine worker (src/worker/engineWorker.ts, which
// forwards everything over IPC to VS Code) and the tests. A job reports
// through this and nothing else.

import type { Reporter } from '../errors';
import type { Diagnostic } from '../../model/diagnostics';
import type { BuildDiagnostic, JobProgress } from '../../protocol/engineMessages';

export interface JobHost {
  /** Aborts the job: every process it started is ended, and it rejects with an AbortError. */
  readonly signal: AbortSignal;
  /** Ends the recording and keeps the profile (Stop, the first Ctrl-C); a stop before perf runs applies once it does. */
  readonly stopSignal?: AbortSignal;
  progress(p: JobProgress): void;
  /** A warning may be a Diagnostic: each front end words it for its reader (flags or settings). */
  log(level: 'info' | 'warn', message: string | Diagnostic): void;
  /** Every external command the job runs, with its arguments. */
  command?(file: string, args: readonly string[]): void;
  /** The profiled program's stdout and stderr, and perf's messages. */
  programOutput(text: string): void;
  /** A compiler message of the build with a source span (for VS Code's Problems panel). */
  diagnostic?(d: BuildDiagnostic): void;
}

/** The host as the pipelines' Reporter (warnings, info, commands). */
export function reporterOf(host: JobHost): Reporter {
  return {
    info: (m) => host.log('info', m),
    warn: (m) => host.log('warn', m),
    command: host.command && ((f, a) => host.command!(f, a)),
  };
}
