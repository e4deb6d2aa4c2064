// Spawning external programs: always an argument array, never a shell, so
// paths with spaces, quotes or `$` reach the program unchanged.

import { spawn, SpawnOptions, ChildProcess } from 'node:child_process';
import { Reporter } from '../errors';
import { lineSplitter } from '../io/lineSplitter';
import { applySpawnPolicy } from './spawnPolicy';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  reporter?: Reporter;
  /** Called with each stderr chunk as it arrives (cargo's progress, perf's messages). */
  onStderr?: (text: string) => void;
  /** Called with each whole stderr line (a line split across two chunks arrives once, whole). */
  onStderrLine?: (line: string) => void;
  /** Called with each stdout line as it arrives. */
  onStdoutLine?: (line: string) => void;
  signal?: AbortSignal;
}

/** Thrown by `run` when the program cannot be started at all (ENOENT, EACCES). */
export class SpawnError extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Runs a program to completion and collects its output. */
export function run(file: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  opts.reporter?.command?.(file, args);
  return new Promise((resolve, reject) => {
    const child = spawnChild(file, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: string[] = [];
    const err: string[] = [];
    const outLines = opts.onStdoutLine && lineSplitter(opts.onStdoutLine);
    const errLines = opts.onStderrLine && lineSplitter(opts.onStderrLine);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out.push(chunk);
      outLines?.write(chunk);
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      err.push(chunk);
      opts.onStderr?.(chunk);
      errLines?.write(chunk);
    });
    const onAbort = () => killTree(child);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e: NodeJS.ErrnoException) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new SpawnError(file, e.code ?? 'UNKNOWN', e.message));
    });
    child.on('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', onAbort);
      outLines?.end();
      errLines?.end();
      resolve({ code, signal, stdout: out.join(''), stderr: err.join('') });
    });
  });
}

/**
 * Spawns in a process group of its own (detached) so that a cancel can end
 * the program and everything it started, not just the direct child.
 */
export function spawnChild(file: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return spawn(file, args as string[], { ...applySpawnPolicy(file, options), detached: true, shell: false, windowsHide: true });
}

/** Ends a child and its process group: SIGTERM now, SIGKILL if it is still there after `graceMs`. */
export function killTree(child: ChildProcess, graceMs = 2000): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid;
  signalGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
  timer.unref();
  child.once('exit', () => clearTimeout(timer));
}

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}
