// `rust-flamegraph collapse FILE > out` through the command line, Node's start-up included, beside
// inferno-collapse-perf (Rust) with one thread and with its default two: the in-process figure of
// collapseBench.ts leaves out start-up, reading the file and writing stdout, which users pay.
// Inputs: the synthetic 40 MB text of collapseBench.ts written to a file, and RF_BENCH_PERF_TEXT
// (a real `perf script` output) when set. inferno is found on the PATH or in RF_BENCH_INFERNO (its bin
// folder); without it the rows say so. Min of 3 runs each, interleaved, so that load from other
// processes hits all three alike.
// Run: node out/bench/collapseCliBench.js (after the build), or `npm run bench -- collapse`.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generatePerfScript } from './collapseBench';
import { repoRoot } from './util';

const RUNS = 3;

export interface CliCollapseRow {
  input: string;
  mb: number;
  oursMs: number;
  inferno1Ms?: number;
  inferno2Ms?: number;
  /** How our output compares with inferno's (one thread): "identical" or the count of lines that differ. */
  agreement?: string;
}

function findInferno(): string | undefined {
  const dirs = [process.env.RF_BENCH_INFERNO, ...(process.env.PATH ?? '').split(path.delimiter)].filter((d): d is string => !!d);
  for (const d of dirs) {
    const p = path.join(d, 'inferno-collapse-perf');
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Wall time of one run with stdout going to `outFile`. */
function timeRun(file: string, args: string[], outFile: string): number {
  const fd = openSync(outFile, 'w');
  try {
    const start = process.hrtime.bigint();
    const r = spawnSync(file, args, { stdio: ['ignore', fd, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} failed (${r.status}): ${r.stderr?.toString().slice(0, 500)}`);
    return ms;
  } finally {
    closeSync(fd);
  }
}

/** Lines in one output and not the other (a multiset difference), as a short phrase. */
function compareFolded(ours: string, theirs: string): string {
  if (ours === theirs) return 'identical';
  const count = new Map<string, number>();
  for (const l of ours.split('\n')) count.set(l, (count.get(l) ?? 0) + 1);
  let onlyTheirs = 0;
  for (const l of theirs.split('\n')) {
    const c = count.get(l);
    if (c) count.set(l, c - 1);
    else onlyTheirs++;
  }
  let onlyOurs = 0;
  for (const c of count.values()) onlyOurs += c;
  return `${onlyOurs} of our lines and ${onlyTheirs} of inferno's differ (perl's rules, e.g. names cut at "(")`;
}

export function benchCollapseCli(cliJs = path.join(repoRoot(), 'dist', 'cli.js')): CliCollapseRow[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-collapse-bench-'));
  try {
    const synthetic = path.join(dir, 'synthetic.perf.txt');
    writeFileSync(synthetic, generatePerfScript().text);
    const inputs = [synthetic];
    if (process.env.RF_BENCH_PERF_TEXT) inputs.push(process.env.RF_BENCH_PERF_TEXT);
    const inferno = findInferno();
    const rows: CliCollapseRow[] = [];
    for (const input of inputs) {
      const out = { ours: path.join(dir, 'ours'), i1: path.join(dir, 'inferno1'), i2: path.join(dir, 'inferno2') };
      const row: CliCollapseRow = { input, mb: statSync(input).size / 1e6, oursMs: Infinity };
      for (let i = 0; i < RUNS; i++) {
        row.oursMs = Math.min(row.oursMs, timeRun(process.execPath, [cliJs, 'collapse', input], out.ours));
        if (inferno) {
          row.inferno1Ms = Math.min(row.inferno1Ms ?? Infinity, timeRun(inferno, ['--nthreads', '1', input], out.i1));
          row.inferno2Ms = Math.min(row.inferno2Ms ?? Infinity, timeRun(inferno, [input], out.i2));
        }
      }
      if (inferno) row.agreement = compareFolded(readFileSync(out.ours, 'utf8'), readFileSync(out.i1, 'utf8'));
      rows.push(row);
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeCollapseCli(rows: CliCollapseRow[]): string {
  const mbs = (mb: number, ms: number) => `${(mb / (ms / 1000)).toFixed(1)} MB/s`;
  return rows
    .map((r) => {
      const name = r.input.includes('rf-collapse-bench-') ? 'synthetic' : path.basename(r.input);
      const head = `collapse CLI (${name}, ${r.mb.toFixed(1)} MB, start-up included, min of ${RUNS}): ours ${(r.oursMs / 1000).toFixed(2)} s = ${mbs(r.mb, r.oursMs)}`;
      if (r.inferno1Ms === undefined || r.inferno2Ms === undefined)
        return `${head}; inferno-collapse-perf not found (PATH or RF_BENCH_INFERNO)`;
      return (
        `${head}; inferno-collapse-perf --nthreads 1 ${mbs(r.mb, r.inferno1Ms)}, default ${mbs(r.mb, r.inferno2Ms)}; ` +
        `ours/inferno-1-thread ${(r.inferno1Ms / r.oursMs).toFixed(2)}x, ours/inferno-default ${(r.inferno2Ms / r.oursMs).toFixed(2)}x ` +
        `(target >= 1x the one-thread figure); outputs: ${r.agreement}`
      );
    })
    .join('\n');
}

if (require.main === module) console.log(describeCollapseCli(benchCollapseCli(process.argv[2])));
