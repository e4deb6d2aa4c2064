// `perf script` as a stream, addresses only: perf must not resolve source
// lines or inlined frames itself (525 s against 2 s on a profile of rustc,
// whose big libraries have no line tables); we do that once per distinct address.

import { Readable } from 'node:stream';
import { spawnChild, killTree } from '../proc/run';
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

export function startPerfScript(perf: string, perfData: string, reporter?: Reporter, opts: { mmapEvents?: boolean } = {}): PerfScriptRun {
  const args = [...perfGlobalArgs(), ...scriptArgs(perfData, opts)];
  reporter?.command?.(perf, args);
  const child = spawnChild(perf, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (t: string) => {
    stderr = (stderr + t).slice(-8000);
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => reject(perfNotFound(perf, e.code ?? 'UNKNOWN')));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
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
