// The in-VS-Code half of extensionHostBench.ts: runs inside the real extension
// host (code-server 1.100.3) with the extension under development. It profiles
// the workspace's two-thread crate through the real Profile command, lets it
// record for RF_BENCH_SECONDS, presses Stop (the real command), and times Stop
// until the profile editor shows the new profile.json.
// Throughout, it samples how long the extension host's event loop was blocked:
// perf_hooks.monitorEventLoopDelay, and the longest gap of a 10 ms interval
// timer. The figures go to the JSON file named by RF_BENCH_RESULT.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { RustFlamegraphApi } from '../src/extension/extension';
import type { SessionOutcome } from '../src/extension/engineSession';

export interface ExtensionHostFigures {
  recordSeconds: number;
  samples: number;
  perfData: string;
  /** Stop command → the job's result reached the extension. */
  stopToResultMs: number;
  /** Stop command → the profile editor of the new profile.json is the active editor. */
  stopToFlamegraphMs: number;
  /** Longest event-loop delay seen by monitorEventLoopDelay (10 ms resolution), in ms. */
  loopDelayMaxMs: number;
  /** The same, only between Stop and the flamegraph. */
  loopDelayMaxAfterStopMs: number;
  /** Longest gap between two ticks of a 10 ms interval timer, minus the 10 ms, in ms. */
  timerGapMaxMs: number;
  timerGapMaxAfterStopMs: number;
  /** The profile editor holds the stopped profile. */
  editorOpen: boolean;
  /** When each phase after Stop began, in ms after Stop (symbolize: perf has stopped; write: outputs). */
  phasesAfterStopMs: Record<string, number>;
  /** Every timer gap over 30 ms: when (ms after the Profile command), how long, in which phase. */
  longGaps: { atMs: number; gapMs: number; phase: string }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The longest gap (beyond its period) between ticks of an interval timer, since the last reset. */
class GapTimer {
  private last = performance.now();
  max = 0;
  readonly long: { at: number; gapMs: number; phase: string }[] = [];
  phase = 'start';
  private readonly timer = setInterval(() => {
    const now = performance.now();
    const gap = now - this.last - 10;
    this.max = Math.max(this.max, gap);
    if (gap > 30) this.long.push({ at: now, gapMs: gap, phase: this.phase });
    this.last = now;
  }, 10);
  reset(): void {
    this.max = 0;
  }
  dispose(): void {
    clearInterval(this.timer);
  }
}

export async function run(): Promise<void> {
  const resultFile = process.env.RF_BENCH_RESULT;
  const seconds = Number(process.env.RF_BENCH_SECONDS || '60');
  if (!resultFile) throw new Error('RF_BENCH_RESULT is not set');
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const api = await vscode.extensions.getExtension<RustFlamegraphApi>('rust-flamegraph.rust-flamegraph')!.activate();
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(path.join(folder, 'src', 'main.rs')));

  const whole = monitorEventLoopDelay({ resolution: 10 });
  const afterStop = monitorEventLoopDelay({ resolution: 10 });
  const gaps = new GapTimer();
  whole.enable();
  try {
    const recording = new Promise<void>((resolve) => {
      const sub = api.jobs.onDidChangePhase((p) => {
        if (p !== 'record') return;
        sub.dispose();
        resolve();
      });
    });
    const phaseNames = api.jobs.onDidChangePhase((p) => (gaps.phase = p));
    const commandAt = performance.now();
    gaps.phase = 'command';
    // The job commands resolve with the job's outcome, once its profile is shown.
    const finished = Promise.resolve(vscode.commands.executeCommand<SessionOutcome>('rustFlamegraph.profile')).then((o) => o!);
    await Promise.race([
      recording,
      finished.then((o) => Promise.reject(new Error(`the job ended before recording: ${o.failure?.message}`))),
    ]);
    console.log(`recording; stopping in ${seconds} s`);
    await sleep(seconds * 1000);
    const gapWhileRecording = gaps.max;
    gaps.reset();
    afterStop.enable();

    const stoppedAt = performance.now();
    gaps.phase = 'stopping';
    const phasesAfterStopMs: Record<string, number> = {};
    const phaseSub = api.jobs.onDidChangePhase((p) => (phasesAfterStopMs[p] = performance.now() - stoppedAt));
    let resultAt = 0;
    void finished.then(() => (resultAt = performance.now()));
    await vscode.commands.executeCommand('rustFlamegraph.stop');
    // Polled every 2 ms: the poll itself costs microseconds, the resolution matters more.
    let shownAt = 0;
    const deadline = stoppedAt + 600_000;
    while (!shownAt) {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      if (tab instanceof vscode.TabInputCustom && tab.viewType === 'rustFlamegraph.profile') shownAt = performance.now();
      else if (performance.now() > deadline) throw new Error('no flamegraph 10 minutes after Stop');
      else await sleep(2);
    }
    gaps.phase = 'flamegraph shown';
    afterStop.disable();
    phaseSub.dispose();
    const outcome = await finished;
    if (!outcome.result?.perfData)
      throw new Error(`the stopped job failed: ${outcome.failure?.message} ${outcome.failure?.failure.details ?? ''}`);
    // A little more time after the panel: the webview's own rendering must not block the extension host either.
    await sleep(1000);
    whole.disable();
    phaseNames.dispose();

    const figures: ExtensionHostFigures = {
      recordSeconds: seconds,
      samples: outcome.result.samples,
      perfData: outcome.result.perfData,
      stopToResultMs: resultAt - stoppedAt,
      stopToFlamegraphMs: shownAt - stoppedAt,
      loopDelayMaxMs: whole.max / 1e6,
      loopDelayMaxAfterStopMs: afterStop.max / 1e6,
      timerGapMaxMs: Math.max(gapWhileRecording, gaps.max),
      timerGapMaxAfterStopMs: gaps.max,
      editorOpen: vscode.window.tabGroups.all.some((g) =>
        g.tabs.some((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'rustFlamegraph.profile'),
      ),
      phasesAfterStopMs,
      longGaps: gaps.long.map((g) => ({ atMs: Math.round(g.at - commandAt), gapMs: Math.round(g.gapMs), phase: g.phase })),
    };
    fs.writeFileSync(resultFile, JSON.stringify(figures, null, 2));
    console.log(`figures: ${JSON.stringify(figures)}`);
  } finally {
    gaps.dispose();
    whole.disable();
    afterStop.disable();
  }
}
