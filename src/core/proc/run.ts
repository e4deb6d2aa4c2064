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
  /** Ends the program's process group if we die first (kill -9): for long runs such as a build (see watchGroup). */
  endWithUs?: boolean;
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
    const watchdog = opts.endWithUs && child.pid !== undefined ? watchGroup(child.pid) : undefined;
    child.once('exit', () => watchdog?.release());
    child.once('error', () => watchdog?.release());
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
    onExitDrained(child, (code, signal) => {
      opts.signal?.removeEventListener('abort', onAbort);
      outLines?.end();
      errLines?.end();
      resolve({ code, signal, stdout: out.join(''), stderr: err.join('') });
    });
  });
}

/** How long a child's output pipes may stay open after it exited: what it wrote before exiting is read in milliseconds. */
export const DRAIN_MS = 500;
/** The longest a child's pipes are read after its exit while something (a daemon it left) keeps writing to them. */
export const DRAIN_MAX_MS = 5000;

/**
 * Calls back once the child has exited and its output has been read: when
 * its pipes close, or once they have been idle for DRAIN_MS after its exit if something else still holds
 * them (a daemon it started with setsid keeps our stdout and stderr open for
 * as long as it runs): the pipes are then destroyed. Never waits for 'close'
 * alone, which waits for every holder of the pipes.
 */
export function onExitDrained(child: ChildProcess, done: (code: number | null, signal: NodeJS.Signals | null) => void): void {
  child.once('exit', (code, signal) => {
    const pipes = [child.stdout, child.stderr].filter((p) => p !== null && !p.closed);
    let open = pipes.length;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      for (const p of pipes) p!.destroy();
      done(code, signal);
    };
    // An idle timeout, not one from the exit: while the pipes still deliver (a loaded machine reads them
    // late), keep reading, up to DRAIN_MAX_MS. The check runs after a pass of the event loop's I/O
    // (setImmediate), so output waiting in the kernel is read before the pipes count as idle.
    const bytesRead = () => pipes.reduce((n, p) => n + ((p as { bytesRead?: number }).bytesRead ?? 0), 0);
    const started = Date.now();
    let seen = -1;
    const check = () =>
      setImmediate(() => {
        const now = bytesRead();
        if (now === seen || Date.now() - started > DRAIN_MAX_MS) finish();
        else {
          seen = now;
          timer = setTimeout(check, DRAIN_MS);
        }
      });
    let timer = setTimeout(check, DRAIN_MS);
    if (open === 0) finish();
    for (const p of pipes) p!.once('close', () => --open === 0 && finish());
  });
}

/**
 * Spawns in a process group of its own (detached) so that a cancel can end
 * the program and everything it started, not just the direct child.
 */
export function spawnChild(file: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn(file, args as string[], { ...applySpawnPolicy(file, options), detached: true, shell: false, windowsHide: true });
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => running.delete(child));
  return child;
}

/** Every child of ours that has not exited: what a command must end before it exits. */
const running = new Set<ChildProcess>();

/** SIGKILLs the process group of every child still running (the command line, right before it exits). */
export function killAllChildren(): void {
  for (const child of running) if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
}

/**
 * A watchdog for a child's process group that must not outlive us (perf
 * record and the program): a shell in a group of its own reading a pipe from
 * us. We write "done" once the child has ended; if we die first (even by
 * kill -9) the kernel closes the pipe and the watchdog ends the group:
 * SIGTERM (perf then writes its file and ends the program), SIGKILL after
 * `graceSeconds`. Node cannot set PR_SET_PDEATHSIG, so a pipe's EOF is the
 * signal of our death.
 */
export function watchGroup(pgid: number, graceSeconds = 3): { release(): void } {
  const script = `read line; [ "$line" = done ] && exit 0; kill -TERM -"$1" 2>/dev/null; sleep ${graceSeconds}; kill -KILL -"$1" 2>/dev/null`;
  const dog = spawn('/bin/sh', ['-c', script, 'rust-flamegraph-watchdog', String(pgid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  dog.on('error', () => {});
  dog.stdin!.on('error', () => {});
  dog.unref();
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      dog.stdin!.end('done\n');
    },
  };
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
