// Finding every process a worker started, for a cancel that must end them
// all. The engine starts cargo and perf in process groups of their own
// (detached), so killing the worker alone would leave them running; Linux's
// /proc tells us the whole tree, and each member's process group.

import { readdirSync, readFileSync } from 'node:fs';

interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
}

function readStat(pid: string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so split after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid: Number(pid), ppid: Number(fields[1]), pgrp: Number(fields[2]) };
  } catch {
    return undefined; // the process ended while we looked
  }
}

/** The pids and process groups of every descendant of `root` (not root itself). */
export function descendants(root: number): { pids: number[]; groups: number[] } {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return { pids: [], groups: [] };
  }
  const children = new Map<number, ProcStat[]>();
  for (const e of entries) {
    const s = readStat(e);
    if (!s) continue;
    const list = children.get(s.ppid) ?? [];
    list.push(s);
    children.set(s.ppid, list);
  }
  const pids: number[] = [];
  const groups = new Set<number>();
  const rootGroup = readStat(String(root))?.pgrp;
  const queue = [root];
  while (queue.length) {
    const p = queue.shift()!;
    for (const c of children.get(p) ?? []) {
      pids.push(c.pid);
      // Never the group of the worker itself (it may share the extension host's group).
      if (c.pgrp !== rootGroup && c.pgrp > 1) groups.add(c.pgrp);
      queue.push(c.pid);
    }
  }
  return { pids, groups: [...groups] };
}

/** SIGKILLs the given process groups and pids; those already gone are skipped. */
export function killAll(found: { pids: number[]; groups: number[] }): void {
  for (const g of found.groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const p of found.pids) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}
