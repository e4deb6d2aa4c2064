// One engine job at a time, shown as a user sees it: a cancellable progress
// notification (building with cargo's progress, recording with the elapsed
// seconds, symbolizing), a status bar "Stop" button while recording, every
// command in the log, the program's output in its own channel, the build's
// compiler messages in the Problems panel. Never two perf runs: a second job
// while one runs is refused.

import * as vscode from 'vscode';
import { EngineJob, EnginePhase, EngineResult, EngineToHostMessage, RecordJob, ReportJob, ResultOf } from '../protocol/engineMessages';
import { EngineJobError, EngineRun, startEngine } from './engineClient';
import { BuildProblems } from './buildProblems';
import { progressText } from './progressText';
import { COMMANDS } from '../protocol/lspProtocol';
import { shellQuote } from '../model/format';

export interface SessionOutcome {
  result?: EngineResult;
  failure?: EngineJobError;
}

export class EngineSession implements vscode.Disposable {
  private current: { run: EngineRun<EngineResult>; label: string; phase?: EnginePhase } | undefined;
  private readonly problems = new BuildProblems();
  private readonly stopItem = vscode.window.createStatusBarItem('rustFlamegraph.stop', vscode.StatusBarAlignment.Left, 1000);
  private readonly phaseEmitter = new vscode.EventEmitter<EnginePhase>();
  /** Fired when the running job enters a phase (build, record, symbolize, write). */
  readonly onDidChangePhase = this.phaseEmitter.event;
  private readonly startEmitter = new vscode.EventEmitter<{ pid: number | undefined; label: string }>();
  /** Fired when a job starts (never while another runs). */
  readonly onDidStartJob = this.startEmitter.event;

  constructor(
    private readonly enginePath: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly programOutput: vscode.OutputChannel,
  ) {
    this.stopItem.name = 'Rust Flamegraph: Stop Profiling';
    this.stopItem.command = COMMANDS.stop;
    this.stopItem.tooltip = 'End the program and keep the profile recorded so far';
    this.stopItem.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** The running job's label, e.g. "bin seed-demo". */
  get runningLabel(): string | undefined {
    return this.current?.label;
  }

  stop(): boolean {
    if (!this.current) return false;
    if (this.current.phase === 'build') {
      // Nothing is recorded yet, so there is no profile to keep: Stop then means abandon.
      this.log.info('Stop requested while building: nothing was recorded yet, so the job is cancelled.');
      void this.current.run.cancel();
      return true;
    }
    this.log.info('Stop requested: ending the program, keeping the profile.');
    this.current.run.stop();
    return true;
  }

  async cancel(): Promise<void> {
    await this.current?.run.cancel();
  }

  /**
   * Runs `job` with a progress notification; resolves with the result or the
   * failure (already logged, not yet shown). Refuses when a job runs.
   */
  async run(job: RecordJob | ReportJob, label: string): Promise<SessionOutcome | 'busy'> {
    if (this.current) return 'busy';
    // The Problems panel shows the last build's messages: a new build starts it afresh.
    if (job.type === 'record') this.problems.clear();
    let reportRef: ((phase: EnginePhase | undefined, text: string, seconds?: number) => void) | undefined;
    const run = startEngine(this.enginePath, job, (m) => this.onMessage(m, reportRef));
    this.current = { run, label };
    this.startEmitter.fire({ pid: run.pid, label });
    this.log.info(`Started ${job.type} of ${label} (engine pid ${run.pid}).`);
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Rust Flamegraph: ${label}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => {
            this.log.info('Cancel requested: ending every process of the job.');
            void run.cancel();
          });
          let phase: EnginePhase | undefined;
          reportRef = (p, text, seconds) => {
            if (p) phase = p;
            this.stopItem.text = `$(debug-stop) Stop profiling${seconds !== undefined ? ` · ${seconds} s` : ''}`;
            if (phase === 'record') this.stopItem.show();
            else this.stopItem.hide();
            progress.report({ message: text });
          };
          reportRef(undefined, 'starting…');
          try {
            return { result: await run.done };
          } catch (e) {
            if (e instanceof EngineJobError) return { failure: e };
            throw e;
          }
        },
      );
    } finally {
      this.stopItem.hide();
      this.current = undefined;
    }
  }

  /**
   * A short job without notification (the `targets` job): its log and
   * commands go to the log; rejects with an EngineJobError. Runs beside a
   * profile job, as it starts no perf.
   */
  async ask<J extends EngineJob>(job: J): Promise<ResultOf<J>> {
    return startEngine(this.enginePath, job, (m) => this.onMessage(m, undefined)).done;
  }

  private onMessage(
    m: EngineToHostMessage,
    report: ((phase: EnginePhase | undefined, text: string, seconds?: number) => void) | undefined,
  ): void {
    switch (m.type) {
      case 'progress': {
        const p = m.progress;
        const changed = this.current !== undefined && this.current.phase !== p.phase;
        if (this.current) this.current.phase = p.phase;
        report?.(p.phase, progressText(p), p.phase === 'record' ? p.seconds : undefined);
        if (changed) this.phaseEmitter.fire(p.phase);
        break;
      }
      case 'log':
        if (m.level === 'warn') this.log.warn(m.text);
        else this.log.info(m.text);
        break;
      case 'diagnostic':
        this.problems.add(m.diagnostic);
        break;
      case 'command':
        this.log.info(`$ ${[m.file, ...m.args].map(shellQuote).join(' ')}`);
        break;
      case 'programOutput':
        this.programOutput.append(m.text);
        break;
    }
  }

  dispose(): void {
    void this.current?.run.cancel();
    this.stopItem.dispose();
    this.problems.dispose();
    this.phaseEmitter.dispose();
    this.startEmitter.dispose();
  }
}
