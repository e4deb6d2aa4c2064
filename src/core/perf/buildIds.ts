// Which build of each binary a perf.data was recorded with. perf writes the
// GNU build-id of every binary with samples into the perf.data header;
// `perf buildid-list -i` prints them ("<hex> <path>" per line) from the header
// alone, in milliseconds. A binary rebuilt since has another build-id, and its
// addresses mean other code: perf's build-id cache keeps the recorded copy
// (`~/.debug/.build-id/e0/56cf…/elf`, or under $PERF_BUILDID_DIR).

import * as os from 'node:os';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { run } from '../proc/run';
import { Reporter } from '../errors';
import { readElfInfo } from '../elf/elfFile';
import { replaceFile } from '../io/replaceFile';
import { openRegularFile } from '../io/regularFile';

/** Recorded build-id (lowercase hex) per binary path; kernel and `[vdso]` entries left out. */
export type RecordedBuildIds = ReadonlyMap<string, string>;

/**
 * perf reads $HOME/.debug unless told `--buildid-dir`; it does not read
 * PERF_BUILDID_DIR itself (perf 6.1 only sets it for its scripts). So that perf
 * and the symbolizer read the same cache, every perf command is given it.
 */
export function perfGlobalArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dir = env.PERF_BUILDID_DIR;
  return dir ? ['--buildid-dir', dir] : [];
}

/** perf's build-id cache: $PERF_BUILDID_DIR, else ~/.debug. */
export function buildIdCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PERF_BUILDID_DIR || path.join(env.HOME || os.homedir(), '.debug');
}

/** `perf buildid-list` output → build-id per path. */
export function parseBuildIdList(text: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{8,128}) (.+)$/.exec(line.trimEnd());
    if (!m || !m[2].startsWith('/')) continue;
    ids.set(m[2], m[1]);
  }
  return ids;
}

/**
 * perf 6.1 leaves the build-ids out of a compressed perf.data (`perf record -z`: the header lacks its
 * BUILD_ID feature, `perf buildid-list` prints the paths with blank ids) and does not copy the binaries into
 * its cache. With `--buildid-mmap` (kernel 5.12+) the ids are in the mmap events, and perf script then reads
 * a rebuilt binary from the cache; without it (older kernels and perfs) we write them beside the perf.data
 * ourselves, in buildid-list's format, so that report can at least tell a rebuilt binary. Either way we add
 * the binaries to perf's cache while the files on disk are still the ones recorded.
 */
export const BUILD_IDS_SIDECAR = '.buildids';

/** A sidecar larger than this is not ours: it is not read. */
const MAX_SIDECAR_BYTES = 1 << 20;

async function buildIdList(perf: string, perfData: string, reporter?: Reporter): Promise<string | null> {
  try {
    const r = await run(perf, [...perfGlobalArgs(), 'buildid-list', '-i', perfData], { reporter });
    return r.code === 0 ? r.stdout : null;
  } catch {
    return null;
  }
}

/**
 * After a compressed recording: add the sampled binaries (still the recorded builds) to perf's build-id cache,
 * and, when perf kept no build-ids (no --buildid-mmap), write them to `perf.data.buildids`. Returns how many.
 */
export async function keepBuildIds(
  perf: string,
  perfData: string,
  binaries: readonly string[],
  writeSidecar: boolean,
  reporter?: Reporter,
): Promise<number> {
  const lines: string[] = [];
  for (const binary of binaries) {
    const st = await fs.stat(binary).catch(() => null);
    if (!st?.isFile()) continue;
    const id = (await readElfInfo(binary))?.buildId;
    if (!id) continue;
    lines.push(`${id} ${binary}`);
    // As perf record does for an uncompressed file: the recorded build stays readable after a rebuild.
    await run(perf, [...perfGlobalArgs(), 'buildid-cache', '--add', binary], { reporter }).catch(() => undefined);
  }
  if (writeSidecar && lines.length > 0) await replaceFile(perfData + BUILD_IDS_SIDECAR, lines.join('\n') + '\n');
  return lines.length;
}

/**
 * The build-ids recorded in a perf.data: perf's, else those of the sidecar written at recording time; empty
 * when neither says (then nothing is checked).
 */
export async function readRecordedBuildIds(perf: string, perfData: string, reporter?: Reporter): Promise<Map<string, string>> {
  const text = await buildIdList(perf, perfData, reporter);
  const ids = text === null ? new Map<string, string>() : parseBuildIdList(text);
  if (ids.size > 0) return ids;
  return (await readBuildIdSidecar(perfData)) ?? ids;
}

/** The build-ids written beside a compressed recording made without --buildid-mmap; undefined when none. */
export async function readBuildIdSidecar(perfData: string): Promise<Map<string, string> | undefined> {
  try {
    // Opened as a regular file (a FIFO put there between a check and the read would hang the report).
    const handle = await openRegularFile(perfData + BUILD_IDS_SIDECAR);
    try {
      if ((await handle.stat()).size > MAX_SIDECAR_BYTES) return undefined;
      return parseBuildIdList(await handle.readFile('utf8'));
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

/**
 * Where perf's cache keeps the binary of this build-id. perf 6.1 lays it out as
 * `.build-id/<2 hex>/<rest>` → a symlink to `<path>/<id>/`, a folder holding `elf`;
 * older perfs linked the file itself.
 */
export async function cachedBinaryPath(buildId: string, cacheDir: string): Promise<string | undefined> {
  if (!/^[0-9a-f]{4,}$/.test(buildId)) return undefined;
  const entry = path.join(cacheDir, '.build-id', buildId.slice(0, 2), buildId.slice(2));
  try {
    const st = await fs.stat(entry);
    if (st.isFile()) return entry;
    if (st.isDirectory()) {
      const elf = path.join(entry, 'elf');
      if ((await fs.stat(elf)).isFile()) return elf;
    }
  } catch {
    /* not cached */
  }
  return undefined;
}
