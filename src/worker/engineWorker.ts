// The engine worker (bundled to dist/engine.js): a child Node process the
// extension forks for each job, so that cargo, perf, `perf script` parsing and
// symbolizing never block the extension host. It takes one job over IPC,
// runs it through the engine's job layer (src/core/jobs), forwards what the
// job reports, and ends with exactly one `result` or `error` message.
//
// Stop ends the program and keeps the profile; cancel aborts the job and
// ends every process this worker started, then exits.

import { runEngineJob } from '../core/jobs/jobs';
import { JobHost } from '../core/jobs/host';
import { isAbortError } from '../core/jobs/abort';
import { EngineJob, EngineToHostMessage, HostToEngineMessage } from '../protocol/engineMessages';
import { failureOf } from '../protocol/failure';
import { editorView } from '../model/diagnostics';
import { descendants, killAll } from './processTree';

function send(msg: EngineToHostMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(msg, undefined, {}, () => resolve());
  });
}

const cancel = new AbortController();
const stop = new AbortController();
let started = false;

const host: JobHost = {
  signal: cancel.signal,
  stopSignal: stop.signal,
  progress: (progress) => void send({ type: 'progress', progress }),
  // The log is VS Code's: warnings name settings there, as the notification does.
  log: (level, m) => void send({ type: 'log', level, text: typeof m === 'string' ? m : editorView(m).text }),
  command: (file, args) => void send({ type: 'command', file, args: [...args] }),
  programOutput: (text) => void send({ type: 'programOutput', text }),
  diagnostic: (diagnostic) => void send({ type: 'diagnostic', diagnostic }),
};

process.on('message', (raw: unknown) => {
  const msg = raw as HostToEngineMessage;
  if (msg?.type === 'start' && !started) {
    started = true;
    void runJob(msg.job);
  } else if (msg?.type === 'stop') {
    stop.abort();
  } else if (msg?.type === 'cancel') {
    cancel.abort();
    // Whatever the job's own clean-up misses (programs that ignore SIGTERM) goes now.
    setTimeout(() => killAll(descendants(process.pid)), 1000).unref();
  }
});
// The extension host went away: nothing may outlive it.
process.on('disconnect', () => {
  cancel.abort();
  killAll(descendants(process.pid));
  process.exit(1);
});

async function runJob(job: EngineJob): Promise<void> {
  let code = 0;
  try {
    await send({ type: 'result', result: await runEngineJob(job, host) });
  } catch (e) {
    code = 1;
    await send({ type: 'error', error: failureOf(e, isAbortError(e) || cancel.signal.aborted) });
  }
  killAll(descendants(process.pid));
  process.exit(code);
}
