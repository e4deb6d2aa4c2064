// The engine worker (bundled to dist/engine.js): a child Node process the
// extension forks for each job, so that cargo, perf, `perf script` parsing and
// symbolizing never block the extension host. It takes one job over IPC,
// reports progress, and ends with exactly one `result` or `error` message.
//
// Stop ends the program and keeps the profile; cancel aborts the pipeline and
// ends every process this worker started, then exits.

import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { recordPipeline } from '../core/pipeline/record';
import { reportFile, isPerfData } from '../core/pipeline/report';
import { renderHtml, writeOutputs } from '../core/export/writeOutputs';
import { profileToFolded } from '../core/export/folded';
import { renderFlamegraphSvg } from '../core/export/flamegraphSvg';
import { Reporter, UserError } from '../core/errors';
import type { TargetSelector } from '../core/cargo/metadata';
import { Profile } from '../model/profileTypes';
import { EngineJob, EngineResult, EngineToHostMessage, ExportJob, HostToEngineMessage, RecordJob, ReportJob, engineFailureOf } from '../protocol/engineMessages';
import { descendants, killAll } from './processTree';

function send(msg: EngineToHostMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(msg, undefined, {}, () => resolve());
  });
}

const controller = new AbortController();
let stopRecording: (() => void) | undefined;
let stopRequested = false;
let started = false;

const reporter: Reporter = {
  info: (text) => void send({ type: 'log', level: 'info', text }),
  warn: (text) => void send({ type: 'log', level: 'warn', text }),
  command: (file, args) => void send({ type: 'command', file, args: [...args] }),
};

process.on('message', (raw: unknown) => {
  const msg = raw as HostToEngineMessage;
  if (msg?.type === 'start' && !started) {
    started = true;
    void runJob(msg.job);
  } else if (msg?.type === 'stop') {
    stopRequested = true;
    stopRecording?.();
  } else if (msg?.type === 'cancel') {
    controller.abort();
    // Whatever the pipeline's own clean-up misses (programs that ignore SIGTERM) goes now.
    setTimeout(() => killAll(descendants(process.pid)), 1000).unref();
  }
});
// The extension host went away: nothing may outlive it.
process.on('disconnect', () => {
  controller.abort();
  killAll(descendants(process.pid));
  process.exit(1);
});

async function runJob(job: EngineJob): Promise<void> {
  let code = 0;
  try {
    const result = job.type === 'record' ? await runRecord(job) : job.type === 'report' ? await runReport(job) : await runExport(job);
    await send({ type: 'result', result });
  } catch (e) {
    code = 1;
    await send({ type: 'error', error: engineFailureOf(e, controller.signal.aborted) });
  }
  killAll(descendants(process.pid));
  process.exit(code);
}

function targetSelector(t: RecordJob['target']): TargetSelector {
  if (t.kind === 'lib') return { package: t.package, lib: true };
  return { package: t.package, [t.kind]: t.name, unitTests: t.unitTests };
}

/** The program's environment: ours (VS Code's), minus what only the worker needed, plus the user's setting. */
function programEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

async function runRecord(job: RecordJob): Promise<EngineResult> {
  let ticker: NodeJS.Timeout | undefined;
  try {
    const r = await recordPipeline({
      manifestPath: job.manifestPath,
      cwd: job.cwd,
      ...targetSelector(job.target),
      cargo: job.cargo,
      perf: job.perf,
      profile: job.cargoProfile,
      frequency: job.frequency,
      event: job.event || undefined,
      callGraph: job.callGraph,
      args: job.args,
      env: programEnv(job.env),
      reporter,
      signal: controller.signal,
      onPhase: (phase) => void send({ type: 'phase', phase }),
      onProgramOutput: (text) => void send({ type: 'programOutput', text }),
      onRecordingStarted: (stop) => {
        stopRecording = stop;
        const t0 = Date.now();
        ticker = setInterval(() => void send({ type: 'recording', elapsedSeconds: Math.round((Date.now() - t0) / 1000) }), 1000);
        if (stopRequested) stop();
      },
    });
    clearInterval(ticker);
    await send({ type: 'phase', phase: 'write' });
    // The title names what was profiled; the webview shows samples, event and frequency beside it.
    const title = `${r.target.kind} ${r.target.name}`;
    const outputs = await writeOutputs(r.profile, r.outputDir, title, job.outputs);
    return { profileJson: outputs.profile, perfData: r.perfData, outputs: { ...outputs, perfData: r.perfData }, warnings: r.profile.meta.warnings, title, workspaceRoot: r.workspace.workspaceRoot, samples: r.profile.samples };
  } finally {
    clearInterval(ticker);
  }
}

async function runReport(job: ReportJob): Promise<EngineResult> {
  await send({ type: 'phase', phase: 'symbolize' });
  const profile = await reportFile(job.file, { perf: job.perf, reporter, signal: controller.signal });
  if (profile.samples === 0) {
    throw new UserError(`${job.file} holds no samples.`, 'Record a longer run, or open another perf.data.');
  }
  await send({ type: 'phase', phase: 'write' });
  const title = path.basename(job.file);
  const outputs = await writeOutputs(profile, job.outputDir, title, job.outputs);
  const kept = await isPerfData(job.file).catch(() => false);
  return {
    profileJson: outputs.profile, perfData: kept ? job.file : null, outputs: { ...outputs }, warnings: profile.meta.warnings,
    title, workspaceRoot: profile.meta.workspaceRoot, samples: profile.samples,
  };
}

async function runExport(job: ExportJob): Promise<EngineResult> {
  let profile: Profile;
  try {
    profile = JSON.parse(await fs.readFile(job.profileJson, 'utf8')) as Profile;
  } catch {
    throw new UserError(`The profile ${job.profileJson} can no longer be read.`, 'Profile again, or open its perf.data.');
  }
  const text =
    job.format === 'svg' ? renderFlamegraphSvg(profile, { title: job.title })
    : job.format === 'folded' ? profileToFolded(profile)
    : job.format === 'html' ? await renderHtml(profile, job.title)
    : JSON.stringify(profile);
  try {
    await fs.writeFile(job.destination, text);
  } catch (e) {
    throw new UserError(`Could not write ${job.destination} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, 'Choose a folder you can write to.');
  }
  return { profileJson: null, perfData: null, outputs: { [job.format]: job.destination }, warnings: [], title: job.title, workspaceRoot: profile.meta.workspaceRoot, samples: profile.samples };
}
