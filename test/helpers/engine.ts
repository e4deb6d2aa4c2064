// The engine's `record`, run inside the test process: for what a test must
// inject and a user cannot (the folder standing in for /proc). It answers as
// the command line does (exit code, stderr with `warning:`/`error:` lines,
// stdout with the --json summary), worded by the same renderers, so a test
// reads it like a CLI run.
import { RecordPipelineOptions, recordPipeline } from '../../src/core/pipeline/record';
import { writeOutputs } from '../../src/core/export/writeOutputs';
import { jsonSummary, hotFunctionsTable } from '../../src/core/export/summary';
import { perfPath } from '../../src/core/perf/perfTool';
import { Reporter, terminalFailureText } from '../../src/core/errors';
import { terminalText } from '../../src/model/diagnostics';
import { failureOf } from '../../src/protocol/failure';
import { CliResult, repoRoot } from './repo';

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
  const reporter: Reporter = {
    warn: (m) => (stderr += `warning: ${typeof m === 'string' ? m : terminalText(m)}\n`),
    info: (m) => (stderr += `${m}\n`),
  };
  const options: RecordPipelineOptions = {
    manifestPath: o.manifestPath, outputDir: o.outputDir, cwd: repoRoot(), cargo: process.env.CARGO || 'cargo', perf: perfPath(o.perf),
    procDir: o.procDir, durationSeconds: o.durationSeconds, reporter, onProgramOutput: (t) => (stderr += t),
  };
  try {
    const r = await recordPipeline(options);
    const written = await writeOutputs(r.profile, r.outputDir, `${r.target.kind} ${r.target.name}`);
    const stdout = o.json ? JSON.stringify(jsonSummary(r.profile, written)) + '\n' : hotFunctionsTable(r.profile) + '\n';
    return { code: 0, stdout, stderr };
  } catch (e) {
    return { code: 1, stdout: '', stderr: `${stderr}error: ${terminalFailureText(failureOf(e))}\n` };
  }
}
