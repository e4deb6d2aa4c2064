// Runs one engine job in a child Node process (dist/engine.js) and speaks
// the typed IPC protocol of src/protocol/engineMessages.ts with it. In VS
// Code the extension host's executable is Electron (or Node in a server):
// ELECTRON_RUN_AS_NODE=1 makes either behave as plain Node.

import { fork, ChildProcess } from 'node:child_process';
import { EngineJob, EngineToHostMessage, HostToEngineMessage, ResultOf, parseEngineMessage } from '../protocol/engineMessages';
import { descendants, killAll } from '../worker/processTree';
import { Failure, failureOf, failureWith } from '../protocol/failure';

/** The worker ended without telling why: no UserError to show, and not a bug we can name. */
function engineLost(code: string, text: string, fix: string, details?: string): Failure {
  return failureWith({ code, severity: 'error', text, fix: [{ text: fix }] }, details);
}

/** How long a cancelled worker gets to end its processes before we kill them all. */
const CANCEL_GRACE_MS = 3000;

export class EngineJobError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

export interface EngineRun<R> {
  /** The job's result; rejects with an EngineJobError. */
  readonly done: Promise<R>;
  /** The worker's pid (tests check that nothing it started survives a cancel). */
  readonly pid: number | undefined;
  /** Ends the program, keeps and symbolizes what was recorded. */
  stop(): void;
  /** Abandons the job; resolves once the worker and every process it started are gone. */
  cancel(): Promise<void>;
}

export function startEngine<J extends EngineJob>(
  enginePath: string,
  job: J,
  onMessage: (m: EngineToHostMessage) => void,
): EngineRun<ResultOf<J>> {
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  const child: ChildProcess = fork(enginePath, [], {
    execPath: process.execPath,
    // Not the extension host's own flags: a debugged host's `--nolazy --inspect=PORT` would make the worker
    // compile everything eagerly and try to listen on a port that is taken.
    execArgv: [],
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    cwd: process.cwd(),
  });
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', () => undefined);
  child.stderr?.setEncoding('utf8').on('data', (t: string) => (stderr = (stderr + t).slice(-8000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const done = new Promise<ResultOf<J>>((resolve, reject) => {
    let settled = false;
    child.on('message', (raw) => {
      const msg = parseEngineMessage(raw);
      if (!msg) return;
      if (msg.type === 'result') {
        settled = true;
        resolve(msg.result as ResultOf<J>);
      } else if (msg.type === 'error') {
        settled = true;
        reject(new EngineJobError(msg.error));
      } else onMessage(msg);
    });
    child.once('error', (e) => {
      if (settled) return;
      settled = true;
      const text = `Could not start the profiling engine: ${e.message}`;
      reject(new EngineJobError(engineLost('engine-not-started', text, 'Reinstall the Rust Flamegraph extension.')));
    });
    child.once('exit', (code, signal) => {
      if (settled) return;
      settled = true;
      const text = `The profiling engine stopped unexpectedly (${signal ?? `exit code ${code}`}).`;
      const fix = 'The log has its last words; profile again.';
      reject(new EngineJobError(cancelled ? failureOf(undefined, true) : engineLost('engine-died', text, fix, stderr.trim() || undefined)));
    });
  });

  let cancelled = false;
  const post = (m: HostToEngineMessage) => {
    if (child.connected) child.send(m);
  };
  post({ type: 'start', job });

  return {
    done,
    pid: child.pid,
    stop: () => post({ type: 'stop' }),
    async cancel() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      cancelled = true;
      // What runs now is what must be gone afterwards, whether the worker ends it or we do.
      const started = child.pid !== undefined ? descendants(child.pid) : { pids: [], groups: [] };
      post({ type: 'cancel' });
      const inTime = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), CANCEL_GRACE_MS)),
      ]);
      if (!inTime && child.pid !== undefined) {
        killAll(descendants(child.pid));
        child.kill('SIGKILL');
        await exited;
      }
      killAll(started);
    },
  };
}
