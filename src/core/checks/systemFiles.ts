// Reading the kernel's settings that decide whether perf can work here
// (/proc/sys/kernel/perf_event_paranoid, kptr_restrict, /proc/version).
//
// Test seam: the directory standing in for /proc can be injected, through the
// `procDir` option or the RUST_FLAMEGRAPH_TEST_PROC_DIR environment variable.
// Tests use it to play a machine with another paranoid level, or WSL 1; it is
// not a user setting and is not documented as one.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export const TEST_PROC_DIR_ENV = 'RUST_FLAMEGRAPH_TEST_PROC_DIR';

export interface SystemFilesOptions {
  /** Stands in for /proc (tests only). */
  procDir?: string;
  env?: NodeJS.ProcessEnv;
}

export function procDir(o: SystemFilesOptions = {}): string {
  return o.procDir ?? (o.env ?? process.env)[TEST_PROC_DIR_ENV] ?? '/proc';
}

async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/** A kernel sysctl as a number ("kernel.perf_event_paranoid"), or null when unreadable. */
export async function readSysctl(name: string, o: SystemFilesOptions = {}): Promise<number | null> {
  const text = await readText(path.join(procDir(o), 'sys', ...name.split('.')));
  if (text === null) return null;
  const n = Number(text.trim());
  return Number.isInteger(n) ? n : null;
}

export async function readProcVersion(o: SystemFilesOptions = {}): Promise<string> {
  return (await readText(path.join(procDir(o), 'version'))) ?? '';
}

/**
 * WSL 1 translates Linux system calls and has no perf_event_open at all; its
 * /proc/version says "…-Microsoft (Microsoft@Microsoft.com)…". WSL 2 runs a
 * real kernel ("…-microsoft-standard-WSL2") where perf works.
 */
export function isWsl1(procVersion: string): boolean {
  return /Microsoft/.test(procVersion) && !/WSL2|microsoft-standard/i.test(procVersion);
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
