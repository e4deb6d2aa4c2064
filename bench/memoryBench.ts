// Benchmark: memory grows with distinct call paths, not with samples. The
// same real recording's perf script text, once and ten times over (the same
// call paths, 10× the samples), through `report`: peak RSS ratio (target <= 1.5).
import * as path from 'node:path';
import { mkdtempSync, createWriteStream, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { repoRoot, timeCommand, fmt } from './util';

export async function benchMemory(): Promise<{ samples1: number; rss1: number; rss10: number; ratio: number; mb1: number; mb10: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-bench-mem-'));
  const cli = path.join(repoRoot(), 'dist', 'cli.js');
  const manifest = path.join(repoRoot(), 'test', 'fixtures', 'crates', 'two-threads', 'Cargo.toml');
  const rec = path.join(dir, 'rec');
  execFileSync(process.execPath, [cli, 'record', '--manifest-path', manifest, '--output', rec, '--json'], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const text = execFileSync('perf', ['script', '--no-inline', '--max-stack', '1024', '-i', path.join(rec, 'perf.data')], {
    maxBuffer: 1 << 30,
  });
  const one = path.join(dir, 'x1.txt');
  const ten = path.join(dir, 'x10.txt');
  await writeRepeated(one, text, 1);
  await writeRepeated(ten, text, 10);
  const r1 = await timeCommand(process.execPath, [cli, 'report', one, '--output', path.join(dir, 'o1'), '--json'], {});
  const r10 = await timeCommand(process.execPath, [cli, 'report', ten, '--output', path.join(dir, 'o10'), '--json'], {});
  if (r1.code !== 0 || r10.code !== 0) throw new Error(r1.stderr + r10.stderr);
  const s1 = JSON.parse(r1.stdout).samples as number;
  const s10 = JSON.parse(r10.stdout).samples as number;
  if (s10 !== 10 * s1) throw new Error(`expected ${10 * s1} samples, got ${s10}`);
  void readFileSync;
  return {
    samples1: s1,
    rss1: r1.maxRssMb,
    rss10: r10.maxRssMb,
    ratio: r10.maxRssMb / r1.maxRssMb,
    mb1: text.length / 1e6,
    mb10: (10 * text.length) / 1e6,
  };
}

function writeRepeated(file: string, data: Buffer, times: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('error', reject);
    for (let i = 0; i < times; i++) out.write(data);
    out.end(resolve);
  });
}

if (require.main === module) {
  benchMemory().then((r) => {
    console.log(
      `memory: ${r.samples1} samples (${fmt(r.mb1, 1)} MB of text) peak ${fmt(r.rss1, 1)} MB; ${10 * r.samples1} samples (${fmt(r.mb10, 1)} MB) peak ${fmt(r.rss10, 1)} MB; ratio ${fmt(r.ratio)}x (target <= 1.5x)`,
    );
  });
}
