// `report`: a perf.data (read through `perf script`) or saved `perf script`
// text → profile model.

import { analyzePerfScript, AnalyzeOptions } from './analyze';
import { startPerfScript } from '../perf/script';
import { Profile } from '../../model/profileTypes';
import { userError } from '../errors';
import { asInputError } from '../io/fileErrors';
import { addSourceDigests } from './sourceDigests';
import { RecordedBuildIds, readBuildIdSidecar, readRecordedBuildIds } from '../perf/buildIds';
import { PerfDataHeader, readPerfDataHeader } from '../perf/perfDataHeader';
import { lostCounts } from '../checks/perfRecordFailure';
import { LOST_DATA, inputNotRegularFile, lostData } from '../checks/messages';
import { NotRegularFile, openRegularFile } from '../io/regularFile';
import type { FileHandle } from 'node:fs/promises';
import { addProfileWarnings } from '../../model/diagnostics';

/** The input of `report` and `collapse`: a regular file only (a FIFO or /dev/zero would wait or read forever). */
export async function openInputFile(file: string): Promise<FileHandle> {
  try {
    return await openRegularFile(file);
  } catch (e) {
    if (e instanceof NotRegularFile) throw inputNotRegularFile(file, e.kind);
    // Missing, or a file of root's: said as such.
    const plain = asInputError(file, e);
    if (plain !== e) throw plain;
    throw userError(
      'file-unreadable',
      `${file} does not exist or cannot be read.`,
      'Give the path of a perf.data or of saved `perf script` output.',
    );
  }
}

export interface ReportOptions extends AnalyzeOptions {
  perf: string;
}

/** A report's profile, and whether its input was a perf.data (else saved `perf script` text). */
export interface Report {
  profile: Profile;
  perfData: boolean;
}

export async function reportFile(file: string, opts: ReportOptions): Promise<Report> {
  const handle = await openInputFile(file);
  let streaming = false;
  try {
    const header = await readPerfDataHeader(handle);
    if (header) return { profile: await reportPerfData(file, opts, header), perfData: true };
    streaming = true;
    // The stream closes the file once read (or destroyed on a cancel).
    return { profile: await addSourceDigests(await analyzePerfScript(handle.createReadStream({ start: 0 }), opts)), perfData: false };
  } finally {
    if (!streaming) await handle.close();
  }
}

/** `header`: the perf.data's, when the caller has read it already. */
export async function reportPerfData(perfData: string, opts: ReportOptions, header?: PerfDataHeader): Promise<Profile> {
  // Which build of each binary was recorded. An uncompressed perf.data has them in its header (perf buildid-list
  // answers in milliseconds). A compressed one has none there: recorded with --buildid-mmap, they are in the
  // mapping events, which perf script prints in the same pass, each before the samples of its binary;
  // otherwise record wrote them beside it (perf.data.buildids).
  let buildIds: RecordedBuildIds | Promise<RecordedBuildIds> | undefined = opts.buildIds;
  let mmapBuildIds: Map<string, string> | undefined;
  if (!buildIds) {
    header ??= await withHandle(perfData, readPerfDataHeader);
    if (header?.hasBuildIds) buildIds = readRecordedBuildIds(opts.perf, perfData, opts.reporter);
    else buildIds = mmapBuildIds = (await readBuildIdSidecar(perfData)) ?? new Map<string, string>();
  }
  const script = startPerfScript(opts.perf, perfData, opts.reporter, { mmapEvents: mmapBuildIds !== undefined });
  const onAbort = () => script.kill();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const [profile] = await Promise.all([analyzePerfScript(script.stdout, { ...opts, buildIds, mmapBuildIds }), script.done]);
    // perf script repeats record's "Processed N events and lost M chunks!": a report warns as record did, once.
    const lost = lostCounts(script.stderrTail());
    const said = (opts.meta?.diagnostics ?? []).some((d) => d.code === LOST_DATA);
    if (!said && (lost.lostChunks > 0 || (lost.lostSamplesPercent ?? 0) > 0)) {
      const w = lostData(lost.lostChunks, lost.lostSamplesPercent);
      opts.reporter?.warn(w);
      addProfileWarnings(profile.meta, [w]);
    }
    // Digests of the sources as they are now, for editors to tell when lines moved since.
    return addSourceDigests(profile);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    script.kill();
  }
}

async function withHandle<T>(file: string, read: (handle: FileHandle) => Promise<T>): Promise<T> {
  const handle = await openRegularFile(file);
  try {
    return await read(handle);
  } finally {
    await handle.close();
  }
}
