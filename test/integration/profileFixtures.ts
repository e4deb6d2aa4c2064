// Records a fixture crate once per test file through the real command line
// (real cargo, real perf) and hands back its --json summary and outputs.

import * as path from 'node:path';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runCli, CliResult } from '../helpers/repo';
import type { JsonSummary } from '../../src/core/export/summary';
import type { Profile } from '../../src/model/profileTypes';

export interface Recorded {
  cli: CliResult;
  summary: JsonSummary;
  profile: Profile;
  outputDir: string;
}

export async function recordJson(manifestPath: string, extra: string[] = [], programArgs: string[] = []): Promise<Recorded> {
  const outputDir = mkdtempSync(path.join(tmpdir(), 'rf-out-'));
  const args = ['record', '--manifest-path', manifestPath, '--output', outputDir, '--json', ...extra];
  if (programArgs.length) args.push('--', ...programArgs);
  const cli = await runCli(args);
  if (cli.code !== 0) throw new Error(`record failed with ${cli.code}:\n${cli.stderr}`);
  const summary = JSON.parse(cli.stdout) as JsonSummary;
  const profile = JSON.parse(readFileSync(path.join(outputDir, 'profile.json'), 'utf8')) as Profile;
  return { cli, summary, profile, outputDir };
}

export function fn(summary: JsonSummary, name: string) {
  const f = summary.functions.find((x) => x.name === name);
  if (!f)
    throw new Error(
      `${name} not among: ${summary.functions
        .slice(0, 25)
        .map((x) => x.name)
        .join(', ')}`,
    );
  return f;
}

/** Frame names of every root→leaf path of the call tree that ends in a node with self samples. */
export function paths(profile: Profile): { names: string[]; self: number }[] {
  const { parent, frame, self } = profile.tree;
  const out: { names: string[]; self: number }[] = [];
  for (let n = 1; n < parent.length; n++) {
    if (self[n] === 0) continue;
    const names: string[] = [];
    for (let m = n; m > 0; m = parent[m]) names.push(profile.frames[frame[m]].name);
    out.push({ names: names.reverse(), self: self[n] });
  }
  return out;
}
