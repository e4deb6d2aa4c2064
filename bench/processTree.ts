// Runs a command and follows the peak memory of it and of every process it starts (the symbolizers that
// `report` spawns, perf script): /usr/bin/time reports only the largest single process, not a tree's sum.
// Every PERIOD_MS the tree is walked through /proc/PID/task/TID/children and each process's VmHWM (its peak
// resident set since it started, kept by the kernel) is read; the largest value seen per process is kept.
// VmHWM only grows, so a sample misses at most what a process gained in its last PERIOD_MS, or a process that
// lived less than PERIOD_MS. The sum of per-process peaks is an upper bound of the tree's peak at any instant.
// The tree's CPU time comes from GNU time (%U + %S of the command, which include the children it waited for):
// unlike wall time, it does not grow with the load other programs put on a shared machine.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

const PERIOD_MS = 20;

export interface ProcessPeak {
  pid: number;
  /** The kernel's name of the process (/proc/PID/status Name:): node, addr2line, perf… */
  name: string;
  peakMb: number;
}

export interface TreeRun {
  ms: number;
  /** User + system CPU time of the whole tree; NaN without /usr/bin/time. */
  cpuMs: number;
  code: number | null;
  stderr: string;
  /** Every process seen in the tree, the command's own first. */
  processes: ProcessPeak[];
}

export function runWithTreePeaks(file: string, args: readonly string[]): Promise<TreeRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const useTime = existsSync('/usr/bin/time');
    const child = useTime
      ? spawn('/usr/bin/time', ['-f', 'RF_CPU_S=%U %S', file, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const peaks = new Map<number, ProcessPeak>();
    const sample = (): void => {
      if (child.pid !== undefined) walk(child.pid, peaks);
    };
    const timer = setInterval(sample, PERIOD_MS);
    sample();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const cpu = /RF_CPU_S=([\d.]+) ([\d.]+)/.exec(stderr);
      const cpuMs = cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN;
      stderr = stderr.replace(/(Command exited with non-zero status \d+\n)?RF_CPU_S=.*\n?/, '');
      // GNU time itself is not part of what is measured.
      const processes = [...peaks.values()].filter((p) => !(useTime && p.pid === child.pid));
      resolve({ ms, cpuMs, code, stderr, processes });
    });
  });
}

function walk(pid: number, peaks: Map<number, ProcessPeak>): void {
  const status = readOrEmpty(`/proc/${pid}/status`);
  const name = /^Name:\s*(.*)$/m.exec(status)?.[1];
  const hwmKb = /^VmHWM:\s*(\d+) kB$/m.exec(status)?.[1];
  // A process that has exited (or is a zombie, with no memory left to report) is skipped; its last sample stays.
  if (name === undefined || hwmKb === undefined) return;
  const mb = Number(hwmKb) / 1024;
  const seen = peaks.get(pid);
  // A child seen between fork and exec is still named node, with node's pages: after the exec it has a new
  // name and a new VmHWM, and only that program's peak counts.
  if (!seen || seen.name !== name) peaks.set(pid, { pid, name, peakMb: mb });
  else seen.peakMb = Math.max(seen.peakMb, mb);
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  // Any thread may have started a child (libuv spawns from the main thread, perf from its own).
  for (const tid of tasks) {
    for (const c of readOrEmpty(`/proc/${pid}/task/${tid}/children`).split(' ')) {
      if (c.trim() !== '') walk(Number(c), peaks);
    }
  }
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
