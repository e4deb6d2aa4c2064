// `record`: cargo metadata → checks (perf there? folder free? disk room?) →
// cargo build with debug info → perf record → perf script → profile →
// outputs. The perf.data is written first and kept whatever happens after it.
// The bad days each have their check in ../checks.

import * as path from 'node:path';
import { readWorkspace, selectTarget, TargetSelector, CargoTarget, CargoWorkspace } from '../cargo/metadata';
import { buildTarget } from '../cargo/build';
import { chooseDefaultEvent, baseEventName } from '../perf/perfTool';
import { recordProgram, DEFAULT_CALL_GRAPH, DEFAULT_FREQUENCY, RecordResult } from '../perf/record';
import { reportPerfData } from './report';
import { Profile } from '../../model/profileTypes';
import { Reporter } from '../errors';
import { addProfileWarnings } from '../../model/diagnostics';
import { preflightPerf } from '../checks/perfInstall';
import { acquireRecordingLock } from '../checks/recordingLock';
import { checkDebugInfo } from '../checks/debugInfo';
import { planDiskSpace, watchFreeSpace } from '../checks/diskSpace';
import { readSysctl } from '../checks/systemFiles';
import { recordResultWarnings, profileWarnings } from '../checks/afterRecording';
import { CPU_CLOCK_FALLBACK, diskLowStopped } from '../checks/messages';

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
  /** Stop recording when free space in outputDir falls under this many bytes (default: 512 MB, or a quarter of the free space if less). */
  minFreeBytes?: number;
  /** Stands in for /proc (checks/systemFiles.ts); default /proc. Tests inject another machine's. */
  procDir?: string;
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
  // A binary's unit-test harness gets its own folder: it must not replace the program's profile.
  return path.join(ws.targetDirectory, 'rust-flamegraph', 'profiles', `${target.kind}-${target.name}${target.unitTests && target.kind === 'bin' ? '-tests' : ''}`);
}

export async function recordPipeline(o: RecordPipelineOptions): Promise<RecordPipelineResult> {
  const reporter = o.reporter;
  const sys = { procDir: o.procDir, env: o.env ?? process.env };
  const ws = await readWorkspace(o.cargo, o.manifestPath, o.cwd, reporter);
  const target = selectTarget(ws, o);
  const profileName = o.profile ?? 'release';
  const outputDir = path.resolve(o.outputDir ?? defaultOutputDir(ws, target));
  await preflightPerf(o.perf, sys);
  const frequency = o.frequency ?? DEFAULT_FREQUENCY;
  const callGraph = normalizeCallGraph(o.callGraph ?? DEFAULT_CALL_GRAPH);
  const lock = await acquireRecordingLock(outputDir);
  try {
    // Before the build: a recording that cannot fit is refused at once.
    const disk = await planDiskSpace(outputDir, { callGraph, frequency, durationSeconds: o.durationSeconds, minFreeBytes: o.minFreeBytes });
    o.onPhase?.('build');
    reporter.info(`Building ${target.kind} ${target.name} (${profileName} profile, with debug info)…`);
    const build = await buildTarget(ws, target, { cargo: o.cargo, profile: profileName, signal: o.signal, reporter, onProgress: (l) => reporter.info(l) });
    // cargo ran with our own environment (cargo/build.ts), so its RUSTFLAGS are ours.
    const debug = await checkDebugInfo(build.executable, process.env);
    const warnings = [...debug.warnings];

    const event = o.event ?? (await chooseDefaultEvent(o.perf, reporter));
    if (!o.event) reporter.info(event === 'cycles' ? 'Sampling the cycles event.' : CPU_CLOCK_FALLBACK);
    const perfData = path.join(outputDir, 'perf.data');
    if (disk?.warning) warnings.push(disk.warning);
    for (const w of warnings) reporter.warn(w);

    o.onPhase?.('record');
    const command = [build.executable, ...(o.args ?? [])];
    reporter.info(`Recording ${command.join(' ')} at ${frequency} Hz (${event}, call graph ${callGraph})…`);
    let stopWatching = () => {};
    let record: RecordResult;
    try {
      record = await recordProgram({
        perf: o.perf, program: build.executable, args: o.args ?? [], output: perfData, frequency, event, callGraph,
        cwd: ws.workspaceRoot, env: o.env ?? process.env, durationSeconds: o.durationSeconds, signal: o.signal, reporter,
        paranoid: await readSysctl('kernel.perf_event_paranoid', sys), onOutput: o.onProgramOutput,
        onStarted: (stop) => {
          if (disk) {
            stopWatching = watchFreeSpace(outputDir, disk.floor, (free) => {
              const w = diskLowStopped(free, disk.floor, outputDir);
              warnings.push(w);
              reporter.warn(w);
              stop();
            });
          }
          o.onRecordingStarted?.(stop);
        },
      });
    } finally {
      stopWatching();
    }
    const after = recordResultWarnings(record, target.name, await readSysctl('kernel.kptr_restrict', sys));
    for (const w of after) reporter.warn(w);
    warnings.push(...after);

    o.onPhase?.('symbolize');
    reporter.info('Symbolizing…');
    const askedEvent = baseEventName(event);
    const profile = await reportPerfData(perfData, {
      perf: o.perf, addr2line: o.addr2line, reporter, signal: o.signal, workspaceRoot: ws.workspaceRoot, mainBinary: build.executable,
      meta: { event: askedEvent, frequency, callGraph, command, diagnostics: warnings },
    });
    const quality = profileWarnings(profile, { perfData, askedEvent, frequency, callGraph, executable: build.executable, debug });
    for (const w of quality) reporter.warn(w);
    addProfileWarnings(profile.meta, quality);
    return { profile, perfData, outputDir, target, workspace: ws, record };
  } finally {
    await lock.release();
  }
}

/** `dwarf` alone gets our measured stack size; `fp` and `lbr` pass through. */
export function normalizeCallGraph(mode: string): string {
  return mode === 'dwarf' ? DEFAULT_CALL_GRAPH : mode;
}
