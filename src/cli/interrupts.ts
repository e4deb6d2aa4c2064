// Ctrl-C and kill for the command line. While perf records, the first SIGINT
// (Ctrl-C) stops the recording and keeps the profile: perf writes its file,
// the program is ended, and the flamegraph is made as with --duration. A
// second SIGINT, a SIGINT in any other phase, or SIGTERM aborts: every
// process we started is ended and the command exits 130.
//
// perf and the program run in process groups of their own (proc/run.ts), so
// a terminal's Ctrl-C reaches only us, and we decide.

import { Reporter } from '../core/errors';

export class Interrupts {
  readonly controller = new AbortController();
  private phase: string | undefined;
  private stopRecording: (() => void) | undefined;
  private stopping = false;
  /** Ctrl-C came in the record phase before perf was running: stop as soon as it is. */
  private stopPending = false;
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

  readonly onPhase = (phase: string) => {
    this.phase = phase;
    if (phase !== 'record') this.stopRecording = undefined;
  };

  readonly onRecordingStarted = (stop: () => void) => {
    this.stopRecording = stop;
    if (this.stopPending) stop();
  };

  private interrupt(): void {
    if (this.phase === 'record' && !this.stopping) {
      this.stopping = true;
      this.reporter.info('Stopping the recording; the profile is kept. Press Ctrl-C again to abort.');
      if (this.stopRecording) this.stopRecording();
      else this.stopPending = true;
      return;
    }
    this.controller.abort();
  }
}
