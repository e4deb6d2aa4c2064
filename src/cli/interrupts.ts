// Ctrl-C and kill for the command line. While perf records, the first SIGINT
// (Ctrl-C) stops the recording and keeps the profile: perf writes its file,
// the program is ended, and the flamegraph is made as with --duration. A
// second SIGINT, a SIGINT in any other phase, or SIGTERM aborts: every
// process we started is ended and the command exits 130.
//
// perf and the program run in process groups of their own (proc/run.ts), so
// a terminal's Ctrl-C reaches only us, and we decide.

import { Reporter } from '../core/errors';
import type { EnginePhase } from '../protocol/engineMessages';

export class Interrupts {
  /** Aborts the job (exit 130). */
  readonly controller = new AbortController();
  /** Ends the recording and keeps the profile; a stop before perf runs applies once it does. */
  readonly stop = new AbortController();
  private phase: EnginePhase | undefined;
  private readonly onInt = () => this.interrupt();
  private readonly onTerm = () => this.controller.abort();

  constructor(private readonly reporter: Reporter) {}

  install(): void {
    process.on('SIGINT', this.onInt);
    process.on('SIGTERM', this.onTerm);
  }

  uninstall(): void {
    process.off('SIGINT', this.onInt);
    process.off('SIGTERM', this.onTerm);
  }

  readonly onPhase = (phase: EnginePhase) => {
    this.phase = phase;
  };

  private interrupt(): void {
    if (this.phase === 'record' && !this.stop.signal.aborted) {
      this.reporter.info('Stopping the recording; the profile is kept. Press Ctrl-C again to abort.');
      this.stop.abort();
      return;
    }
    this.controller.abort();
  }
}
