// Small helpers for the benchmarks: timing a command, its peak memory.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { existsSync } from 'node:fs';

export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) || dir.includes(`${path.sep}out`)) dir = path.dirname(dir);
  return dir;
}

export interface Timed {
  ms: number;
  code: number | null;
  /** Peak resident memory in MB (from GNU time's %M or /proc accounting). */
  maxRssMb: number;
  stdout: string;
  stderr: string;
}

/** Runs a command through /usr/bin/time -f %M when present, to read its peak RSS. */
export function timeCommand(file: string, args: readonly string[], opts: { stdoutToNull?: boolean; cwd?: string } = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const useTime = existsSync('/usr/bin/time');
    const cmd = useTime ? '/usr/bin/time' : file;
    const cmdArgs = useTime ? ['-f', 'RF_MAXRSS_KB=%M', file, ...args] : [...args];
    const child = spawn(cmd, cmdArgs, { cwd: opts.cwd, stdio: ['ignore', opts.stdoutToNull ? 'ignore' : 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const m = /RF_MAXRSS_KB=(\d+)/.exec(stderr);
      resolve({ ms, code, maxRssMb: m ? Number(m[1]) / 1024 : NaN, stdout, stderr: stderr.replace(/RF_MAXRSS_KB=\d+\n?/, '') });
    });
  });
}

export function fmt(n: number, digits = 2): string {
  return n.toFixed(digits);
}

/** mulberry32: small, fast, and the same numbers on every machine, so synthetic inputs repeat run to run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
