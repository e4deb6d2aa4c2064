// The engine's jobs: list a crate's targets, record one, report a perf.data
// or saved `perf script` text, export a profile. Each takes its job as the
// protocol defines it (src/protocol/engineMessages.ts) and a JobHost; the
// command line, the engine worker and the tests only adapt these.

import * as path from 'node:path';
import type { EngineJob, EngineResult, ExportJob, RecordJob, ReportJob, ResultOf, TargetsJob } from '../../protocol/engineMessages';
import type { WorkspaceTargets } from '../../model/targets';
import { readWorkspace, CargoWorkspace } from '../cargo/metadata';
import { recordPipeline, pruneTargetHistory, RecordEnvironment } from '../pipeline/record';
import { reportFile, Report } from '../pipeline/report';
import { renderHtml, writeOutputs, WrittenOutputs } from '../export/writeOutputs';
import { profileToFolded } from '../export/folded';
import { renderFlamegraphSvg } from '../export/flamegraphSvg';
import { userError } from '../errors';
import { readProfileFile } from '../export/readProfile';
import { replaceFile } from '../io/replaceFile';
import { profileDiagnostics } from '../../model/diagnostics';
import { Profile } from '../../model/profileTypes';
import { JobHost, reporterOf } from './host';
import { toolPath } from '../tools';
import { abortable } from './abort';
import { restrictSpawns } from '../proc/spawnPolicy';

/** A profile made by a record or report job, with every file written. */
export interface ProfileJobResult {
  profile: Profile;
  written: WrittenOutputs;
  /** The kept perf.data, when recorded or read. */
  perfData: string | null;
  title: string;
  workspaceRoot: string | null;
}

/** `targets`: cargo metadata of the crate. The CLI also gets cargo's default-run (to choose like cargo does). */
export function targetsJob(job: TargetsJob, host: JobHost): Promise<CargoWorkspace> {
  const cwd = job.cwd ?? (job.manifestPath ? path.dirname(job.manifestPath) : process.cwd());
  return abortable(host.signal, () => readWorkspace(toolPath('cargo', job.cargoPath), job.manifestPath, cwd, reporterOf(host)));
}

export function recordJob(job: RecordJob, host: JobHost, env: RecordEnvironment = {}): Promise<ProfileJobResult> {
  return abortable(host.signal, async () => {
    const r = await recordPipeline(job, host, env);
    host.progress({ phase: 'write' });
    // The title names what was profiled; the page shows samples, event and frequency beside it.
    const title = `${job.target.kind} ${job.target.name}`;
    r.profile.meta.title = title; // so a profile.json opened later has the same title
    const written = await writeOutputs(r.profile, r.outputDir, title, job.outputs);
    if (r.historyDir) await pruneTargetHistory(r.historyDir, job.settings.historySize, r.outputDir, reporterOf(host));
    return { profile: r.profile, written, perfData: r.perfData, title, workspaceRoot: job.workspace.workspaceRoot };
  });
}

export function reportJob(job: ReportJob, host: JobHost): Promise<ProfileJobResult> {
  return abortable(host.signal, async () => {
    host.progress({ phase: 'symbolize' });
    // An untrusted workspace's file: perf and addr2line run under the spawn rule, never in or from the workspace.
    const lift = job.untrustedFolders ? restrictSpawns(job.untrustedFolders) : undefined;
    let report: Report;
    try {
      report = await reportFile(job.file, { perf: job.perf, addr2line: job.symbolizer, reporter: reporterOf(host), signal: host.signal });
    } finally {
      lift?.();
    }
    const profile = report.profile;
    if (profile.samples === 0) {
      throw userError('report-no-samples', `${job.file} holds no samples.`, 'Record a longer run, or open another perf.data.');
    }
    host.progress({ phase: 'write' });
    const title = path.basename(job.file);
    profile.meta.title = title;
    const written = await writeOutputs(profile, job.outputDir, title, job.outputs);
    return { profile, written, perfData: report.perfData ? job.file : null, title, workspaceRoot: profile.meta.workspaceRoot };
  });
}

export async function exportJob(job: ExportJob): Promise<EngineResult> {
  const { profile } = await readProfileFile(job.profileJson);
  const text =
    job.format === 'svg'
      ? renderFlamegraphSvg(profile, { title: job.title })
      : job.format === 'folded'
        ? profileToFolded(profile)
        : job.format === 'html'
          ? await renderHtml(profile, job.title)
          : JSON.stringify(profile);
  try {
    await replaceFile(job.destination, text);
  } catch (e) {
    throw userError(
      'export-write-failed',
      `Could not write ${job.destination} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`,
      'Choose a folder you can write to.',
    );
  }
  return {
    profileJson: null,
    perfData: null,
    outputs: { [job.format]: job.destination },
    warnings: [],
    diagnostics: [],
    title: job.title,
    workspaceRoot: profile.meta.workspaceRoot,
    samples: profile.samples,
  };
}

/** What the host is sent for a profile: paths, not the profile itself (it reads profile.json). */
export function engineResultOf(r: ProfileJobResult, recorded: boolean): EngineResult {
  return {
    profileJson: r.written.profile,
    perfData: r.perfData,
    outputs: { ...r.written, ...(recorded && r.perfData ? { perfData: r.perfData } : {}) },
    warnings: r.profile.meta.warnings,
    diagnostics: profileDiagnostics(r.profile.meta),
    title: r.title,
    workspaceRoot: r.workspaceRoot,
    samples: r.profile.samples,
  };
}

/** Any job, answered as the protocol says (the worker's one call). */
export async function runEngineJob<J extends EngineJob>(job: J, host: JobHost): Promise<ResultOf<J>> {
  const j: EngineJob = job;
  switch (j.type) {
    case 'targets': {
      const ws = await targetsJob(j, host);
      const answer: WorkspaceTargets = { workspaceRoot: ws.workspaceRoot, targetDirectory: ws.targetDirectory, targets: ws.targets };
      return answer as ResultOf<J>;
    }
    case 'record':
      return engineResultOf(await recordJob(j, host), true) as ResultOf<J>;
    case 'report':
      return engineResultOf(await reportJob(j, host), false) as ResultOf<J>;
    case 'export':
      return (await exportJob(j)) as ResultOf<J>;
  }
}
