// `record`: cargo metadata → cargo build with debug info → perf record →
// perf script → profile → outputs. The perf.data is written first and kept
// whatever happens after it.

import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { readWorkspace, selectTarget, TargetSelector, CargoTarget, CargoWorkspace } from '../cargo/metadata';
import { buildTarget } from '../cargo/build';
import { chooseDefaultEvent, baseEventName } from '../perf/perfTool';
import { recordProgram, DEFAULT_CALL_GRAPH, DEFAULT_FREQUENCY, RecordResult } from '../perf/record';
import { reportPerfData } from './report';
import { Profile } from '../model/profileTypes';
import { Reporter, UserError } from '../errors';

export interface RecordPipelineOptions extends TargetSelector {
  manifestPath?: string;
  cwd: string;
  cargo: string;
  perf: string;
  addr2line?: string;
  profile?: string;
  frequency?: number;
  event?: string;
  callGraph?: string;
  durationSeconds?: number;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Where perf.data and the outputs go; default `<target>/rust-flamegraph/profiles/<target name>`. */
  outputDir?: string;
  reporter: Reporter;
  signal?: AbortSignal;
  onPhase?: (phase: 'build' | 'record' | 'symbolize') => void;
  onProgramOutput?: (text: string) => void;
  onRecordingStarted?: (stop: () => void) => void;
}

export interface RecordPipelineResult {
  profile: Profile;
  perfData: string;
  outputDir: string;
  target: CargoTarget;
  workspace: CargoWorkspace;
  record: RecordResult;
}

export function defaultOutputDir(ws: CargoWorkspace, target: CargoTarget): string {
  return path.join(ws.targetDirectory, 'rust-flamegraph', 'profiles', `${target.kind}-${target.name}`);
}

export async function recordPipeline(o: RecordPipelineOptions): Promise<RecordPipelineResult> {
  const reporter = o.reporter;
  const ws = await readWorkspace(o.cargo, o.manifestPath, o.cwd, reporter);
  const target = selectTarget(ws, o);
  const profileName = o.profile ?? 'release';

  o.onPhase?.('build');
  reporter.info(`Building ${target.kind} ${target.name} (${profileName} profile, with debug info)…`);
  const build = await buildTarget(ws, target, { cargo: o.cargo, profile: profileName, signal: o.signal, reporter, onProgress: (l) => reporter.info(l) });

  const event = o.event ?? (await chooseDefaultEvent(o.perf, reporter));
  if (!o.event) reporter.info(event === 'cycles' ? 'Sampling the cycles event.' : 'Sampling cpu-clock: this machine has no hardware cycle counter (usual in VMs and containers).');
  const frequency = o.frequency ?? DEFAULT_FREQUENCY;
  const callGraph = o.callGraph ?? DEFAULT_CALL_GRAPH;
  const outputDir = path.resolve(o.outputDir ?? defaultOutputDir(ws, target));
  await fs.mkdir(outputDir, { recursive: true });
  const perfData = path.join(outputDir, 'perf.data');

  o.onPhase?.('record');
  const command = [build.executable, ...(o.args ?? [])];
  reporter.info(`Recording ${command.join(' ')} at ${frequency} Hz (${event}, call graph ${callGraph})…`);
  const record = await recordProgram({
    perf: o.perf, program: build.executable, args: o.args ?? [], output: perfData, frequency, event,
    callGraph: normalizeCallGraph(callGraph), cwd: ws.workspaceRoot, env: o.env ?? process.env,
    durationSeconds: o.durationSeconds, signal: o.signal, reporter, onOutput: o.onProgramOutput, onStarted: o.onRecordingStarted,
  });
  const warnings = recordWarnings(record, target);
  for (const w of warnings) reporter.warn(w);

  o.onPhase?.('symbolize');
  reporter.info('Symbolizing…');
  const profile = await reportPerfData(perfData, {
    perf: o.perf, addr2line: o.addr2line, reporter, signal: o.signal, workspaceRoot: ws.workspaceRoot, mainBinary: build.executable,
    meta: { event: baseEventName(event), frequency, callGraph: normalizeCallGraph(callGraph), command, warnings },
  });
  if (profile.samples === 0) {
    throw new UserError(`The recording holds no samples (kept in ${perfData}).`, 'The program ended too quickly to be sampled: give it a longer input, or raise --freq.');
  }
  return { profile, perfData, outputDir, target, workspace: ws, record };
}

/** `dwarf` alone gets our measured stack size; `fp` and `lbr` pass through. */
export function normalizeCallGraph(mode: string): string {
  return mode === 'dwarf' ? DEFAULT_CALL_GRAPH : mode;
}

export function recordWarnings(r: RecordResult, target: CargoTarget): string[] {
  const w: string[] = [];
  if (!r.stoppedByUs) {
    if (r.exitSignal) w.push(`${target.name} was ended by signal ${r.exitSignal}; the profile up to that point is kept.`);
    else if (r.exitCode !== null && r.exitCode !== 0) {
      // "thread 'main' (32021) panicked at src/main.rs:17:5:\ndeliberate failure"
      const panic = /thread '[^'\n]*'(?: \(\d+\))? panicked at [^\n]*\n[^\n]*/.exec(r.stderrTail);
      const status = r.exitCode > 128 ? `signal ${r.exitCode - 128} (exit status ${r.exitCode})` : `exit status ${r.exitCode}`;
      w.push(`${target.name} exited with ${status}${panic ? ` after a panic: ${panic[0].replace(/\n/g, ' ')}` : ''}; the profile up to that point is kept.`);
    }
  }
  if (r.lostChunks > 0) w.push(`perf lost ${r.lostChunks} chunks of samples (it could not write them in time); the flamegraph undercounts. A lower --freq or --call-graph fp helps.`);
  return w;
}
