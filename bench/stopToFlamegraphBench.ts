// Benchmark: from "stop recording" to the flamegraph. A two-thread program
// (test/fixtures/crates/two-threads) is recorded at the default frequency
// with the default DWARF call graphs for 60 s (RF_BENCH_QUICK=1: 10 s), then
// `rust-flamegraph report` on that perf.data is timed against
// `perf script --no-inline` on the same file (target: at most 3x). The time
// the record command itself needed after the recording stopped is printed too.
import * as path from 'node:path';
import { mkdtempSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { repoRoot, timeCommand, fmt } from './util';

export interface StopToFlamegraphBench {
  durationSeconds: number;
  samples: number;
  perfDataMb: number;
  /** Wall time of `record` after perf stopped: perf script, symbolizing, writing the outputs. */
  recordAfterStopMs: number;
  perfScriptMs: number;
  reportMs: number;
  ratio: number;
}

function recordTimed(args: string[]): Promise<{ afterStopMs: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let stoppedAt = 0;
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => {
      stderr += t;
      if (!stoppedAt && stderr.includes('Symbolizing')) stoppedAt = performance.now();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`record failed (${code}):\n${stderr.slice(-3000)}`));
      else resolve({ afterStopMs: performance.now() - stoppedAt, stdout, stderr });
    });
  });
}

export async function benchStopToFlamegraph(): Promise<StopToFlamegraphBench> {
  const durationSeconds = process.env.RF_BENCH_QUICK === '1' ? 10 : 60;
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-bench-stop-'));
  try {
    const manifest = path.join(repoRoot(), 'test', 'fixtures', 'crates', 'two-threads', 'Cargo.toml');
    // A scale that keeps both threads busy far longer than the duration.
    const rec = await recordTimed([
      'record',
      '--manifest-path',
      manifest,
      '--duration',
      String(durationSeconds),
      '--output',
      path.join(dir, 'rec'),
      '--json',
      '--',
      '100000',
    ]);
    const samples = (JSON.parse(rec.stdout) as { samples: number }).samples;
    const data = path.join(dir, 'rec', 'perf.data');
    // Warm the page cache for both runs alike.
    await timeCommand('perf', ['script', '--no-inline', '-i', data], { stdoutToNull: true });
    const perfScript = await timeCommand('perf', ['script', '--no-inline', '-i', data], { stdoutToNull: true });
    const report = await timeCommand(
      process.execPath,
      [path.join(repoRoot(), 'dist', 'cli.js'), 'report', data, '--output', path.join(dir, 'out')],
      { stdoutToNull: true },
    );
    if (report.code !== 0) throw new Error(`report failed: ${report.stderr}`);
    return {
      durationSeconds,
      samples,
      perfDataMb: statSync(data).size / 1e6,
      recordAfterStopMs: rec.afterStopMs,
      perfScriptMs: perfScript.ms,
      reportMs: report.ms,
      ratio: report.ms / perfScript.ms,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeStopToFlamegraph(r: StopToFlamegraphBench): string {
  return (
    `stop to flamegraph (two threads, ${r.durationSeconds} s at 997 Hz, dwarf: ${r.samples} samples, perf.data ${fmt(r.perfDataMb, 0)} MB): ` +
    `perf script --no-inline ${fmt(r.perfScriptMs / 1000)} s, rust-flamegraph report ${fmt(r.reportMs / 1000)} s -> ${fmt(r.ratio)}x (target <= 3x); ` +
    `record needed ${fmt(r.recordAfterStopMs / 1000)} s after the recording stopped`
  );
}

if (require.main === module) {
  benchStopToFlamegraph().then((r) => console.log(describeStopToFlamegraph(r)));
}
