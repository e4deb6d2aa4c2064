// `perf script` as a stream, addresses only: perf must not resolve source
// lines or inlined frames itself (525 s against 2 s on a profile of rustc,
// whose big libraries have no line tables); we do that once per distinct address.

import { Readable } from 'node:stream';
import { existsSync } from 'node:fs';
import { spawnChild, killTree } from '../proc/run';
import { applySpawnPolicy } from '../proc/spawnPolicy';
import { Reporter, userError } from '../errors';
import { perfNotFound } from '../checks/messages';
import { perfGlobalArgs } from './buildIds';

/** perf script cuts call chains at 127 frames unless told otherwise. */
export const SCRIPT_MAX_STACK = 1024;

/**
 * `mmapEvents` adds the mapping events, which carry each binary's build-id in a recording made with
 * `--buildid-mmap`: read from the same pass instead of `perf buildid-list`, which reads a compressed perf.data
 * a second time (1.7 s of a 6 s report on a 59k-sample ripgrep recording).
 */
export function scriptArgs(perfData: string, opts: { mmapEvents?: boolean } = {}): string[] {
  return [
    'script',
    '--no-inline',
    '--max-stack',
    String(SCRIPT_MAX_STACK),
    ...(opts.mmapEvents ? ['--show-mmap-events'] : []),
    '-i',
    perfData,
  ];
}

export interface PerfScriptRun {
  stdout: Readable;
  /** Resolves when perf exits successfully; rejects with perf's message otherwise. */
  done: Promise<void>;
  /** perf's last lines on stderr (its "lost N chunks" warnings come last). */
  stderrTail(): string;
  kill(): void;
}

/**
 * perf writes its text through stdio, whose buffer for a pipe is 4 KB: a write, and a wakeup of Node, per 4 KB
 * (2,300 of them for an 8.5k-sample recording), which on two cores cost Node ~45 ms of a 0.7 s report, and perf
 * some too. GNU coreutils' stdbuf gives perf's stdout a 256 KB buffer instead (through LD_PRELOAD, so for any
 * dynamically linked perf); the text is the same byte for byte. 1 MB measured slower (Node waits for longer
 * bursts), 64 KB in between. Where there is no stdbuf, perf runs as it is.
 */
const STDBUF_PATHS = ['/usr/bin/stdbuf', '/bin/stdbuf'];
const STDOUT_BUFFER_BYTES = 256 * 1024;
let stdbufPath: string | null | undefined;

function findStdbuf(): string | null {
  stdbufPath ??= STDBUF_PATHS.find((p) => existsSync(p)) ?? null;
  return stdbufPath;
}

/** stdbuf's own exit statuses when it cannot run the command (126 found but not runnable, 127 not found), said after its name. */
const STDBUF_CANNOT_RUN: Record<number, string> = { 126: 'EACCES', 127: 'ENOENT' };

export function startPerfScript(perf: string, perfData: string, reporter?: Reporter, opts: { mmapEvents?: boolean } = {}): PerfScriptRun {
  const perfArgs = [...perfGlobalArgs(), ...scriptArgs(perfData, opts)];
  const stdbuf = findStdbuf();
  // stdbuf is the program spawned: perf must pass the spawn rule of an untrusted workspace itself (this throws
  // the same refusal as spawning it would); the rule's PATH, passed on, is where stdbuf looks perf up.
  if (stdbuf) applySpawnPolicy(perf, {});
  const program = stdbuf ?? perf;
  const args = stdbuf ? ['-o', String(STDOUT_BUFFER_BYTES), perf, ...perfArgs] : perfArgs;
  reporter?.command?.(program, args);
  const child = spawnChild(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (t: string) => {
    stderr = (stderr + t).slice(-8000);
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => reject(perfNotFound(perf, e.code ?? 'UNKNOWN')));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else if (stdbuf && code !== null && STDBUF_CANNOT_RUN[code] && stderr.startsWith(`${stdbuf}:`))
        reject(perfNotFound(perf, STDBUF_CANNOT_RUN[code]));
      else
        reject(
          userError(
            'perf-script-failed',
            `perf script could not read ${perfData} (exit ${code ?? signal}).`,
            'Check that the file is a complete perf.data; a recording that was cut off can be repaired by recording again.',
            stderr.trim(),
          ),
        );
    });
  });
  return { stdout: child.stdout!, done, stderrTail: () => stderr, kill: () => killTree(child, 0) };
}
