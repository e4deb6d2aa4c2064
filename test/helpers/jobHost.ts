// A JobHost for tests: runs an engine job in this process and keeps
// everything the job reports (progress, log, commands, program output,
// compiler diagnostics), with its own cancel and stop switches.

import type { JobHost } from '../../src/core/jobs/host';
import { terminalText } from '../../src/model/diagnostics';
import type { BuildDiagnostic, JobProgress } from '../../src/protocol/engineMessages';

export interface RecordingHost extends JobHost {
  readonly cancel: AbortController;
  readonly stop: AbortController;
  readonly progressSeen: JobProgress[];
  readonly logs: { level: 'info' | 'warn'; text: string }[];
  readonly commands: string[][];
  readonly diagnostics: BuildDiagnostic[];
  output: string;
  /** Resolves at the first progress that matches. */
  when(match: (p: JobProgress) => boolean): Promise<JobProgress>;
}

export function recordingHost(): RecordingHost {
  const cancel = new AbortController();
  const stop = new AbortController();
  const waiters: { match: (p: JobProgress) => boolean; resolve: (p: JobProgress) => void }[] = [];
  const host: RecordingHost = {
    cancel,
    stop,
    signal: cancel.signal,
    stopSignal: stop.signal,
    progressSeen: [],
    logs: [],
    commands: [],
    diagnostics: [],
    output: '',
    progress(p) {
      host.progressSeen.push(p);
      for (const w of waiters.splice(0))
        if (w.match(p)) w.resolve(p);
        else waiters.push(w);
    },
    log: (level, m) => host.logs.push({ level, text: typeof m === 'string' ? m : terminalText(m) }),
    command: (file, args) => host.commands.push([file, ...args]),
    programOutput: (t) => (host.output += t),
    diagnostic: (d) => host.diagnostics.push(d),
    when: (match) => new Promise((resolve) => waiters.push({ match, resolve })),
  };
  return host;
}
