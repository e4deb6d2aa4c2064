// `record`: the target the `targets` job listed and the front end chose →
// checks (perf there? folder free? disk room?) → cargo build with debug info
// → perf record → perf script → profile. The perf.data is written first and
// kept whatever happens after it. The bad days each have their check in ../checks.

import * as path from 'node:path';
import * as os from 'node:os';
import { promises as fs } from 'node:fs';
import type { CargoTarget, WorkspaceDirs } from '../../model/targets';
import type { RecordJob } from '../../protocol/engineMessages';
import { buildTarget, withTargetDir } from '../cargo/build';
import { missingRequiredFeatures } from '../cargo/features';
import { readCrateList } from '../cargo/metadata';
import { chooseDefaultEvent, baseEventName, perfHasBuildIdMmap, perfHasZstd, checkPerfRuns } from '../perf/perfTool';
import { keepBuildIds } from '../perf/buildIds';
import {
  recordProgram,
  parseMemlockLimit,
  ringBufferPages,
  DEFAULT_CALL_GRAPH,
  PERF_DEFAULT_BUFFER_BYTES,
  RecordResult,
} from '../perf/record';
import { reportPerfData } from './report';
import { Profile } from '../../model/profileTypes';
import { addProfileWarnings, Diagnostic } from '../../model/diagnostics';
import { preflightPerf } from '../checks/perfInstall';
import { acquireRecordingLock } from '../checks/recordingLock';
import { checkDebugInfo } from '../checks/debugInfo';
import { planDiskSpace, watchFreeSpace } from '../checks/diskSpace';
import { isRoot, readSysctl } from '../checks/systemFiles';
import { recordResultWarnings, profileWarnings } from '../checks/afterRecording';
import { CPU_CLOCK_FALLBACK, PERF_WITHOUT_ZSTD, diskLowStopped, outputHasPerfData, targetNeedsFeatures } from '../checks/messages';
import { createHistoryFolder, pruneHistory } from '../history';
import type { Reporter } from '../errors';
import { JobHost, reporterOf } from '../jobs/host';
import { toolPath } from '../tools';

/** What only the engine's own callers set (the tests' stand-ins). */
export interface RecordEnvironment {
  /** Stands in for /proc (tests only, see checks/systemFiles.ts). */
  procDir?: string;
  addr2line?: string;
}

export interface RecordPipelineResult {
  profile: Profile;
  perfData: string;
  outputDir: string;
  /** The target's history folder, when the recording went into a new folder of it (no --output). */
  historyDir: string | null;
}

/** The target's history folder: each recording goes into a new `<UTC time>/` folder inside (src/core/history.ts). */
export function targetHistoryDir(ws: WorkspaceDirs, target: CargoTarget): string {
  // A binary's unit-test harness gets its own history: it must not push out the program's profiles.
  return path.join(
    ws.targetDirectory,
    'rust-flamegraph',
    'profiles',
    `${target.kind}-${target.name}${target.unitTests && target.kind === 'bin' ? '-tests' : ''}`,
  );
}

/** The program's environment: ours, minus what only a VS Code child needed, plus the user's setting. */
export function programEnv(extra: Record<string, string>, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...extra };
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

export async function recordPipeline(job: RecordJob, host: JobHost, o: RecordEnvironment = {}): Promise<RecordPipelineResult> {
  const reporter = reporterOf(host);
  const { target, settings } = job;
  // --target-dir / the targetDir setting: the user's target directory, ours inside it.
  const ws = withTargetDir(job.workspace, settings.targetDir);
  // Before anything runs: cargo would refuse a target whose required features are off.
  const missing = missingRequiredFeatures(target, settings);
  if (missing.length) throw targetNeedsFeatures(target.kind, target.name, target.packageName, missing);
  const signal = host.signal;
  const cargo = toolPath('cargo', settings.cargoPath);
  const perf = toolPath('perf', settings.perfPath);
  const env = programEnv(settings.environment);
  const args = settings.programArguments;
  const sys = { procDir: o.procDir, env };
  const historyDir = job.outputDir === undefined ? path.resolve(targetHistoryDir(ws, target)) : null;
  await preflightPerf(perf, sys);
  await checkPerfRuns(perf, reporter);
  const frequency = settings.frequency;
  const callGraph = normalizeCallGraph(settings.callGraph);
  // perf's zstd (`-z`): 57-86x smaller perf.data and no lost chunks under load, where this perf has it.
  const compressed = settings.compression === 'zstd' && (await perfHasZstd(perf, reporter));
  if (settings.compression === 'zstd' && !compressed) reporter.info(PERF_WITHOUT_ZSTD);
  // One recording at a time per target (its history) or per --output folder.
  const lock = await acquireRecordingLock(historyDir ?? path.resolve(job.outputDir!));
  let outputDir = path.resolve(job.outputDir ?? '.');
  try {
    // A new folder of the history, never reused; --output DIR is exactly that folder, and a perf.data
    // already there is refused rather than left for perf to rename to perf.data.old.
    if (historyDir) outputDir = await createHistoryFolder(historyDir);
    const perfData = path.join(outputDir, 'perf.data');
    await refuseExistingPerfData(perfData);
    const cpus = os.cpus().length || 1;
    const mmapPages = ringBufferPages({
      root: isRoot(),
      mlockKb: await readSysctl('kernel.perf_event_mlock_kb', sys),
      memlockBytes: parseMemlockLimit(await fs.readFile('/proc/self/limits', 'utf8').catch(() => '')),
      cpus,
    });
    // Before the build: a recording that cannot fit is refused at once.
    const disk = await planDiskSpace(outputDir, {
      callGraph,
      compressed,
      frequency,
      ringBufferBytes: mmapPages === null ? PERF_DEFAULT_BUFFER_BYTES : mmapPages * 4096,
      cpus,
      durationSeconds: job.durationSeconds,
      minFreeBytes: job.minFreeBytes,
    });
    host.progress({ phase: 'build' });
    reporter.info(`Building ${target.kind} ${target.name} (${settings.cargoProfile} profile, with debug info)…`);
    const build = await buildTarget(ws, target, {
      cargo,
      profile: settings.cargoProfile,
      features: settings,
      signal,
      reporter,
      onProgress: (p) => host.progress({ phase: 'build', ...p }),
      onLog: (text) => host.log('info', text),
      onDiagnostic: host.diagnostic && ((d) => host.diagnostic!(d)),
    });
    // cargo ran with our own environment (cargo/build.ts), so its RUSTFLAGS are ours.
    const debug = await checkDebugInfo(build.executable, process.env);
    // Which crates are the workspace's and which its dependencies': decides the frames' colours.
    const crates = await readCrateList(cargo, ws.workspaceRoot, reporter);
    const warnings = [...debug.warnings];

    const event = settings.event || (await chooseDefaultEvent(perf, reporter));
    if (!settings.event) reporter.info(event === 'cycles' ? 'Sampling the cycles event.' : CPU_CLOCK_FALLBACK);
    if (disk?.warning) warnings.push(disk.warning);
    for (const w of warnings) reporter.warn(w);

    signal.throwIfAborted();
    // perf renames an existing output to `.old` (perf 6.1 has no flag against it): none may be there.
    await refuseExistingPerfData(perfData);
    host.progress({ phase: 'record', seconds: 0 });
    const command = [build.executable, ...args];
    const buffer = mmapPages === null ? '' : `, ${(mmapPages * 4) / 1024} MB buffer per CPU`;
    reporter.info(
      `Recording ${command.join(' ')} at ${frequency} Hz (${event}, call graph ${callGraph}${compressed ? ', zstd-compressed' : ''}${buffer})…`,
    );
    let stopWatching = () => {};
    let diskLow: Diagnostic | undefined;
    let ticker: NodeJS.Timeout | undefined;
    let record: RecordResult;
    const buildIdMmap = compressed && (await perfHasBuildIdMmap(perf, os.release(), reporter));
    try {
      record = await recordProgram({
        perf,
        program: build.executable,
        args,
        output: perfData,
        frequency,
        event,
        callGraph,
        compress: compressed,
        mmapPages,
        buildIdMmap,
        cwd: ws.workspaceRoot,
        env,
        durationSeconds: job.durationSeconds,
        signal,
        reporter,
        paranoid: await readSysctl('kernel.perf_event_paranoid', sys),
        onOutput: (t) => host.programOutput(t),
        onStarted: (stop, perfPid) => {
          // perf holds the folder too: a recorder killed with kill -9 leaves it running for a moment (its watchdog ends it).
          lock.addHolder(perfPid).catch((e: Error) => reporter.warn(`Could not name perf in the recording lock: ${e.message}`));
          if (disk) {
            stopWatching = watchFreeSpace(outputDir, disk.floor, (free) => {
              // Said once perf has finished: if it could not, its error is the news, not this.
              diskLow = diskLowStopped(free, disk.floor, outputDir, compressed);
              stop();
            });
          }
          const t0 = Date.now();
          ticker = setInterval(() => host.progress({ phase: 'record', seconds: Math.round((Date.now() - t0) / 1000) }), 1000);
          if (host.stopSignal?.aborted) stop();
          else host.stopSignal?.addEventListener('abort', stop, { once: true });
        },
      });
    } finally {
      clearInterval(ticker);
      stopWatching();
    }
    const after = recordResultWarnings(record, target.name, await readSysctl('kernel.kptr_restrict', sys));
    if (diskLow) after.unshift(diskLow);
    for (const w of after) reporter.warn(w);
    warnings.push(...after);

    host.progress({ phase: 'symbolize' });
    reporter.info('Symbolizing…');
    const askedEvent = baseEventName(event);
    const profile = await reportPerfData(perfData, {
      perf,
      addr2line: o.addr2line ?? settings.symbolizer,
      reporter,
      signal,
      workspaceRoot: ws.workspaceRoot,
      mainBinary: build.executable,
      crates,
      meta: { event: askedEvent, frequency, callGraph, command, diagnostics: warnings },
      // Just recorded: the binaries on disk are the recorded builds (and perf buildid-list of a compressed
      // perf.data would read all of it again).
      buildIds: new Map(),
    });
    // perf caches no binary of a compressed recording (and without --buildid-mmap keeps no build-id): we do,
    // for the binaries with samples, while they are still the recorded builds.
    if (compressed) await keepBuildIds(perf, perfData, sampledBinaries(profile), !buildIdMmap, reporter);
    const quality = profileWarnings(profile, { perfData, askedEvent, frequency, callGraph, executable: build.executable, debug });
    for (const w of quality) reporter.warn(w);
    addProfileWarnings(profile.meta, quality);
    return { profile, perfData, outputDir, historyDir };
  } catch (e) {
    // A history folder left empty (the build failed, perf never started) goes; one with a perf.data stays.
    if (historyDir) await fs.rmdir(outputDir).catch(() => {});
    throw e;
  } finally {
    await lock.release();
  }
}

/** The binaries (absolute paths) that frames of the profile came from. */
function sampledBinaries(profile: Profile): string[] {
  return [...new Set(profile.frames.map((f) => f.dso).filter((d): d is string => !!d && d.startsWith('/')))];
}

async function refuseExistingPerfData(perfData: string): Promise<void> {
  const there = await fs.lstat(perfData).then(
    () => true,
    () => false,
  );
  if (there) throw outputHasPerfData(perfData);
}

/** After a successful recording into the history: the oldest beyond `keep` go, never the one just written. */
export async function pruneTargetHistory(historyDir: string, keep: number, justWritten: string, reporter: Reporter): Promise<void> {
  let pruned: Awaited<ReturnType<typeof pruneHistory>>;
  try {
    pruned = await pruneHistory(historyDir, keep, justWritten);
  } catch (e) {
    // The recording is made: a folder that cannot be removed only costs room.
    reporter.warn(`Could not remove old recordings of ${historyDir}: ${(e as Error).message}`);
    return;
  }
  const { removed, freedBytes } = pruned;
  if (removed.length === 0) return;
  const names = removed.map((r) => r.name).join(', ');
  reporter.info(
    `Removed ${removed.length} old recording${removed.length === 1 ? '' : 's'} of ${historyDir} (keeping the newest ${keep}): ${names}; freed ${formatBytes(freedBytes)}.`,
  );
}

function formatBytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} kB`;
}

/** `dwarf` alone gets our measured stack size; `fp` and `lbr` pass through. */
export function normalizeCallGraph(mode: string): string {
  return mode === 'dwarf' ? DEFAULT_CALL_GRAPH : mode;
}
