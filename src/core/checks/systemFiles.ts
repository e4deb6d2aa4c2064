// Reading the kernel's settings that decide whether perf can work here
// (/proc/sys/kernel/perf_event_paranoid, kptr_restrict, /proc/version).
//
// The folder standing in for /proc is an option (`procDir`), passed down from
// the record pipeline's options: tests inject one to play a machine with
// another paranoid level, or WSL 1. Nothing reads it from the environment.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface SystemFilesOptions {
  /** Stands in for /proc; default /proc. */
  procDir?: string;
  env?: NodeJS.ProcessEnv;
}

export function procDir(o: SystemFilesOptions = {}): string {
  return o.procDir ?? '/proc';
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
