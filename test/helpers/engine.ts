// The engine's `record` job, run inside the test process: for what a test must
// inject and a user cannot (the folder standing in for /proc). It answers as
// the command line does (exit code, stderr with `warning:`/`error:` lines,
// stdout with the --json summary), worded by the same renderers, so a test
// reads it like a CLI run.
import { selectTarget } from '../../src/core/cargo/metadata';
import { recordJob, targetsJob } from '../../src/core/jobs/jobs';
import { jsonSummary, hotFunctionsTable } from '../../src/core/export/summary';
import { terminalFailureText } from '../../src/core/errors';
import { terminalText } from '../../src/model/diagnostics';
import { failureOf } from '../../src/protocol/failure';
import { defaultRecordSettings } from '../../src/protocol/settings';
import { CliResult, repoRoot } from './repo';
import { recordingHost } from './jobHost';

export interface InProcessRecord {
  manifestPath: string;
  outputDir: string;
  /** As --perf (else $PERF, else perf). */
  perf?: string;
  /** The /proc stand-in (checks/systemFiles.ts). */
  procDir?: string;
  durationSeconds?: number;
  json?: boolean;
}

export async function recordInProcess(o: InProcessRecord): Promise<CliResult> {
  let stderr = '';
  const host = recordingHost();
  host.log = (level, m) => (stderr += level === 'warn' ? `warning: ${typeof m === 'string' ? m : terminalText(m)}\n` : `${m}\n`);
  host.programOutput = (t) => (stderr += t);
  try {
    const ws = await targetsJob({ type: 'targets', manifestPath: o.manifestPath, cwd: repoRoot(), cargoPath: '' }, host);
    const settings = { ...defaultRecordSettings(), perfPath: o.perf ?? '' };
    const job = {
      type: 'record' as const,
      workspace: ws,
      target: selectTarget(ws, {}),
      settings,
      durationSeconds: o.durationSeconds,
      outputDir: o.outputDir,
    };
    const r = await recordJob(job, host, { procDir: o.procDir });
    const stdout = o.json ? JSON.stringify(jsonSummary(r.profile, r.written)) + '\n' : hotFunctionsTable(r.profile) + '\n';
    return { code: 0, stdout, stderr };
  } catch (e) {
    return { code: 1, stdout: '', stderr: `${stderr}error: ${terminalFailureText(failureOf(e))}\n` };
  }
}
