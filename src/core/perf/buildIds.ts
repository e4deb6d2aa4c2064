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

/** The build-ids recorded in a perf.data; empty when perf cannot say (then nothing is checked). */
export async function readRecordedBuildIds(perf: string, perfData: string, reporter?: Reporter): Promise<Map<string, string>> {
  try {
    const r = await run(perf, [...perfGlobalArgs(), 'buildid-list', '-i', perfData], { reporter });
    return r.code === 0 ? parseBuildIdList(r.stdout) : new Map();
  } catch {
    return new Map();
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
