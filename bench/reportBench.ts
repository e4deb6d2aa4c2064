// Benchmark: `report` on a real profile of `rustc -O -g` compiling a file,
// against `perf script --no-inline` on the same perf.data (target: at most 2×),
// while giving inlined frames and file:line where debug info exists.
import * as path from 'node:path';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { repoRoot, timeCommand, fmt } from './util';
import type { Profile } from '../src/model/profileTypes';

export interface ReportBench {
  perfScriptMs: number;
  /** `perf script` with its own inline expansion (only where that is affordable). */ perfInlineMs?: number;
  reportMs: number;
  ratio: number;
  samples: number;
  framesWithLines: number;
  inlinedFrames: number;
}

export async function benchReport(): Promise<ReportBench> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-bench-rustc-'));
  const src = path.join(repoRoot(), 'examples', 'seed-demo', 'src', 'main.rs');
  const data = path.join(dir, 'perf.data');
  execFileSync(
    'perf',
    [
      'record',
      '-q',
      '-F',
      '997',
      '--call-graph',
      'dwarf',
      '-o',
      data,
      '--',
      'rustc',
      '-O',
      '-g',
      '--edition',
      '2021',
      '-o',
      path.join(dir, 'bin'),
      src,
    ],
    { stdio: 'ignore' },
  );
  return timeReport(dir, data);
}

/**
 * The same comparison on a binary that has full debug info (the seed demo,
 * built and recorded by `rust-flamegraph record`): here every user frame gets
 * file:line and the inlined std helpers become frames, the work perf would
 * need minutes for.
 */
export async function benchReportWithDebugInfo(): Promise<ReportBench> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-bench-seed-'));
  const manifest = path.join(repoRoot(), 'examples', 'seed-demo', 'Cargo.toml');
  execFileSync(
    process.execPath,
    [path.join(repoRoot(), 'dist', 'cli.js'), 'record', '--manifest-path', manifest, '--output', path.join(dir, 'rec')],
    { stdio: 'ignore' },
  );
  const data = path.join(dir, 'rec', 'perf.data');
  const r = await timeReport(dir, data);
  // perf's own inline expansion is affordable on this small binary (on rustc's, whose libraries have no line tables, it took 525 s).
  r.perfInlineMs = (await timeCommand('perf', ['script', '-F', '+srcline', '-i', data], { stdoutToNull: true })).ms;
  return r;
}

async function timeReport(dir: string, data: string): Promise<ReportBench> {
  // Warm the page cache for both runs alike.
  await timeCommand('perf', ['script', '--no-inline', '-i', data], { stdoutToNull: true });
  const perfScript = await timeCommand('perf', ['script', '--no-inline', '-i', data], { stdoutToNull: true });
  const out = path.join(dir, 'out');
  const report = await timeCommand(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), 'report', data, '--output', out], {
    stdoutToNull: true,
  });
  if (report.code !== 0) throw new Error(`report failed: ${report.stderr}`);
  const profile = JSON.parse(readFileSync(path.join(out, 'profile.json'), 'utf8')) as Profile;
  const framesWithLines = profile.frames.filter((f) => f.line !== null).length;
  const inlinedFrames = profile.frames.filter((f) => f.inlined).length;
  writeFileSync(path.join(dir, 'README'), 'rust-flamegraph report benchmark scratch\n');
  return {
    perfScriptMs: perfScript.ms,
    reportMs: report.ms,
    ratio: report.ms / perfScript.ms,
    samples: profile.samples,
    framesWithLines,
    inlinedFrames,
  };
}

if (require.main === module) {
  benchReport().then((r) => {
    console.log(
      `report on rustc -O -g profile: ${r.samples} samples; perf script --no-inline ${fmt(r.perfScriptMs / 1000)} s, report ${fmt(r.reportMs / 1000)} s, ratio ${fmt(r.ratio)}x (target <= 2x); ${r.framesWithLines} functions with file:line, ${r.inlinedFrames} inlined functions`,
    );
  });
}
