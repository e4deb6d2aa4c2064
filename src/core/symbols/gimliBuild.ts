// The gimli-based addr2line (the `addr2line` crate's binary), built once on
// the user's machine with `cargo install` of a pinned crates.io version into a
// cache shared by the command line and the extension:
//   ${XDG_CACHE_HOME:-~/.cache}/rust-flamegraph/tools/addr2line-<version>/bin/addr2line
// Our users have cargo; a pinned crate from crates.io builds no code of the
// workspace, and cargo runs in the cache folder, so no workspace's
// .cargo/config.toml applies (an untrusted workspace's spawn rule is kept too).
//
// When it runs: `rust-flamegraph setup` builds it in the foreground. Otherwise
// the first report that lacks it starts the build in the background (detached,
// so it outlives the command or the engine worker, output in a log file beside
// it) and is itself symbolized with the next tool: the first profile is not
// delayed by the 1-2 minute build, and the command never waits for it.
// cargo installs into a fresh temporary root that is renamed into place, so
// two builds at once never leave a half-made tool. A failed build (offline,
// no cargo) is one warning on the next report and is not retried for a day.

import { spawn } from 'node:child_process';
import { closeSync, constants as fsConstants, existsSync, mkdirSync, openSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Reporter } from '../errors';
import { toolPath } from '../tools';
import { applySpawnPolicy, spawnsRestricted } from '../proc/spawnPolicy';
import { spawnChild, onExitDrained } from '../proc/run';

import {
  GIMLI_CRATE,
  GIMLI_VERSION,
  buildRunning,
  failedFile,
  gimliBinary,
  gimliRoot,
  gimliStem as stem,
  installedGimli,
  lockFile,
  logFile,
  seenFailureFile,
  toolsCacheDir,
  youngerThan,
} from '../toolsCache';
export { GIMLI_CRATE, GIMLI_VERSION, buildRunning, gimliBinary, gimliRoot, installedGimli, toolsCacheDir };

const RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
/**
 * `RUST_FLAMEGRAPH_BUILD_SYMBOLIZER=0`: never start the background build (a CI job, an offline machine, the
 * test suite, which must not leave a cargo build running in the user's cache); `setup` still builds.
 */
export const NO_BUILD_ENV = 'RUST_FLAMEGRAPH_BUILD_SYMBOLIZER';
/** Create or truncate for writing, refusing a symlink in the file's place (O_NOFOLLOW fails with ELOOP). */
const NO_FOLLOW_WRITE = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC | fsConstants.O_NOFOLLOW;

export interface BuildOptions {
  env?: NodeJS.ProcessEnv;
  /** Where cargo's output goes: a file descriptor, or 'inherit' (the caller's stderr). */
  output?: number | 'inherit';
  reporter?: Reporter;
}

/** Builds and installs the binary (whatever is cached), resolving to its path; throws when cargo fails. */
export async function buildGimli(o: BuildOptions = {}): Promise<string> {
  const env = o.env ?? process.env;
  const cache = toolsCacheDir(env);
  await fs.mkdir(cache, { recursive: true });
  const tmp = await fs.mkdtemp(path.join(cache, `.${stem()}-`));
  try {
    const cargo = toolPath('cargo', undefined, env);
    const args = ['install', '--locked', '--root', tmp, `${GIMLI_CRATE}@${GIMLI_VERSION}`, '--features', 'bin'];
    o.reporter?.command?.(cargo, args);
    // cargo's output, stdout too, goes to our stderr (stdout stays clean) or to the given file.
    const out = o.output === undefined || o.output === 'inherit' ? 2 : o.output;
    const code = await new Promise<number | string>((resolve) => {
      // In the temporary root: no workspace's cargo configuration is read from the folder cargo runs in.
      const child = spawnChild(cargo, args, { cwd: tmp, env, stdio: ['ignore', out, out] });
      child.on('error', (e) => resolve(e.message));
      onExitDrained(child, (c, s) => resolve(c ?? `killed by ${s}`));
    });
    // cargo's own output (in the log, or on the terminal) says why; the message names the command.
    if (code !== 0)
      throw new Error(
        `${cargo} install ${GIMLI_CRATE}@${GIMLI_VERSION} failed (${typeof code === 'number' ? `exit code ${code}` : code}).`,
      );
    try {
      await fs.rename(tmp, gimliRoot(env));
    } catch (e) {
      // Another build finished first (rename onto its non-empty folder fails): that one is as good.
      if (!(await installedGimli(env))) throw e;
    }
    const bin = await installedGimli(env);
    if (!bin) throw new Error(`cargo install left no ${gimliBinary(env)}.`);
    await fs.rm(failedFile(env), { force: true });
    await fs.rm(seenFailureFile(env), { force: true });
    return bin;
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/**
 * The background build's own process (`rust-flamegraph setup --background`): one at a time (a lock file
 * with its pid), output to the log, a failure remembered for the next report.
 */
export async function buildGimliInBackground(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const lock = lockFile(env);
  try {
    await fs.mkdir(toolsCacheDir(env), { recursive: true });
    // A lock left by a build that was killed is no build.
    if (!buildRunning(env)) await fs.rm(lock, { force: true });
    await fs.writeFile(lock, String(process.pid), { flag: 'wx' });
  } catch {
    return 0; // another build runs
  }
  try {
    await buildGimli({ env, output: 'inherit' });
    return 0;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    await fs.writeFile(failedFile(env), `${(e as Error).message}\n`, { flag: NO_FOLLOW_WRITE }).catch(() => undefined);
    return 1;
  } finally {
    await fs.rm(lock, { force: true });
  }
}

/**
 * Starts the background build unless one runs, one failed within a day, or there is no command line to run
 * it with (the engine's tests run from out/, without the bundle). Returns whether it started. Never throws:
 * the profile goes on with the next tool whatever happens here.
 */
export function startGimliBuild(
  env: NodeJS.ProcessEnv = process.env,
  // The bundles (dist/cli.js, dist/engine.js) sit together; `setup` is the command line's.
  cli = path.join(__dirname, 'cli.js'),
): boolean {
  // An untrusted job (a perf.data opened from an untrusted folder) does not start a download and build that
  // outlives it; a trusted profile or `rust-flamegraph setup` will.
  if (spawnsRestricted() || env[NO_BUILD_ENV] === '0' || !existsSync(cli) || buildRunning(env) || recentlyFailed(env)) return false;
  try {
    // An untrusted workspace's rule: a cargo inside the workspace is refused here, and the PATH the build
    // finds cargo on is the rule's.
    const options = applySpawnPolicy(toolPath('cargo', undefined, env), { env, cwd: toolsCacheDir(env) });
    const nodeOptions = applySpawnPolicy(process.execPath, options);
    const cache = toolsCacheDir(env);
    mkdirSync(cache, { recursive: true });
    // Never written through a link put in the cache.
    const log = openSync(logFile(env), NO_FOLLOW_WRITE, 0o644);
    try {
      // Two steps, so that the build is no child of ours: `--detach` starts `--background` in a process
      // group of its own and exits at once, and the engine worker's end (which ends every process under
      // it) leaves the build running.
      const child = spawn(process.execPath, [cli, 'setup', '--detach'], {
        ...nodeOptions,
        detached: true,
        stdio: ['ignore', log, log],
        shell: false,
      });
      child.on('error', () => undefined);
      child.unref();
    } finally {
      closeSync(log);
    }
    return true;
  } catch {
    return false;
  }
}

/** `setup --detach`: starts the background build as an orphan and returns. */
export function detachBackgroundBuild(cli: string): void {
  const child = spawn(process.execPath, [cli, 'setup', '--background'], { detached: true, stdio: 'inherit', shell: false });
  child.on('error', () => undefined);
  child.unref();
}

/** The failure of the last background build, told once (as one warning, never an error). */
export async function reportBuildFailure(reporter: Reporter | undefined, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const failed = failedFile(env);
  let why: string;
  try {
    why = (await fs.readFile(failed, 'utf8')).trim().split('\n')[0] ?? '';
    await fs.rename(failed, seenFailureFile(env));
  } catch {
    return;
  }
  reporter?.warn(
    `Building the fast symbolizer failed: ${why} See ${logFile(env)}. Tried again in a day; \`rust-flamegraph setup\` tries now.`,
  );
}

function recentlyFailed(env: NodeJS.ProcessEnv): boolean {
  return [failedFile(env), seenFailureFile(env)].some((f) => youngerThan(f, RETRY_AFTER_MS));
}
