// Helpers for the bad-day tests: throwaway crates, fake perf scripts, a CLI
// run we can signal, and a scan for processes a run left behind.
import * as path from 'node:path';
import { mkdtempSync, mkdirSync, writeFileSync, chmodSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn, ChildProcess } from 'node:child_process';
import { repoRoot, CliResult } from './repo';

/** A crate in a new temp folder: Cargo.toml + src/main.rs (+ extra files, paths relative to the crate). */
export function tmpCrate(name: string, mainRs: string, extra: Record<string, string> = {}, cargoExtra = ''): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-bad-'));
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(
    path.join(dir, 'Cargo.toml'),
    `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${cargoExtra}`,
  );
  writeFileSync(path.join(dir, 'src', 'main.rs'), mainRs);
  for (const [rel, text] of Object.entries(extra)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** A `perf` that is a shell script (for what real perf here cannot show: other kernels, other users). */
export function fakePerf(body: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-fakeperf-'));
  const file = path.join(dir, 'perf');
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** A folder standing in for /proc (checks/systemFiles.ts test seam). */
export function fakeProc(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-proc-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

export interface CliRun {
  child: ChildProcess;
  stderr(): string;
  /** Resolves once stderr matches. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<CliResult>;
}

/** The CLI as a process we can send signals to. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = repoRoot()): CliRun {
  const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr!.setEncoding('utf8').on('data', (t: string) => {
    stderr += t;
    for (const w of waiters.splice(0)) w.re.test(stderr) ? w.resolve() : waiters.push(w);
  });
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return {
    child,
    stderr: () => stderr,
    waitFor: (re, timeoutMs = 240_000) =>
      new Promise<void>((resolve, reject) => {
        if (re.test(stderr)) return resolve();
        const t = setTimeout(() => reject(new Error(`timed out waiting for ${re} in:\n${stderr}`)), timeoutMs);
        waiters.push({ re, resolve: () => (clearTimeout(t), resolve()) });
        void done.then(() => reject(new Error(`the CLI ended before ${re}:\n${stderr}`)));
      }),
    done,
  };
}

/** Pids of live processes whose environment holds NAME=value (children inherit it). */
export function processesWithEnv(name: string, value: string): { pid: number; cmd: string }[] {
  const needle = `${name}=${value}`;
  const found: { pid: number; cmd: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
      if (!env.includes(needle)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      if (/\) Z /.test(stat)) continue; // a zombie is dead already, waiting for its parent
      found.push({ pid: Number(entry), cmd: readFileSync(`/proc/${entry}/cmdline`, 'latin1').replace(/\0/g, ' ').trim() });
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

/** Waits up to `ms` for every marked process to be gone; returns those still there. */
export async function leftovers(name: string, value: string, ms = 3000): Promise<{ pid: number; cmd: string }[]> {
  const end = Date.now() + ms;
  let left = processesWithEnv(name, value);
  while (left.length && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    left = processesWithEnv(name, value);
  }
  return left;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
