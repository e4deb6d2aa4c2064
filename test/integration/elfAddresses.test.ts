// perf prints file offsets; addr2line wants ELF virtual addresses. Checked
// against `nm` on a real rust-lld linked binary and a real perf recording:
// every frame perf names `sym+off` must convert to nm's address of sym + off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { repoRoot } from '../helpers/repo';
import { readWorkspace, selectTarget } from '../../src/core/cargo/metadata';
import { buildTarget } from '../../src/core/cargo/build';
import { readElfInfo, fileOffsetToVaddr } from '../../src/core/elf/elfFile';
import { Addr2lineResolver } from '../../src/core/symbols/addr2line';
import { displaySymbolName } from '../../src/core/symbols/demangle';

test('perf frame addresses convert to the virtual addresses nm reports, and addr2line resolves them', async () => {
  const manifest = path.join(repoRoot(), 'examples', 'seed-demo', 'Cargo.toml');
  const ws = await readWorkspace('cargo', manifest, repoRoot());
  const { executable } = await buildTarget(ws, selectTarget(ws, {}), { cargo: 'cargo', profile: 'release' });
  const elf = (await readElfInfo(executable))!;
  assert.equal(elf.type, 'dyn');
  assert.ok(elf.hasLineTable, 'built with a line table');
  assert.ok(
    elf.segments.some((s) => s.executable && s.offset !== s.vaddr),
    'text is mapped at a vaddr other than its offset (rust-lld layout)',
  );

  const nm = new Map<string, number>();
  for (const line of execFileSync('nm', [executable], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n')) {
    const m = /^([0-9a-f]+) [tTwW] (\S+)$/.exec(line);
    if (m) nm.set(displaySymbolName(m[2]), Number.parseInt(m[1], 16));
  }

  const data = path.join(mkdtempSync(path.join(tmpdir(), 'rf-elf-')), 'perf.data');
  execFileSync('perf', ['record', '-q', '-F', '997', '-e', 'cpu-clock', '--call-graph', 'dwarf', '-o', data, '--', executable, '20000'], {
    stdio: 'ignore',
  });
  const text = execFileSync('perf', ['script', '--no-inline', '-i', data], { encoding: 'utf8', maxBuffer: 256 << 20 });
  let checked = 0;
  const hot = new Map<number, number>();
  for (const m of text.matchAll(/^\s+([0-9a-f]+) (\S+)\+0x([0-9a-f]+) \((.+)\)$/gm)) {
    if (m[4] !== executable) continue;
    const base = nm.get(m[2]);
    if (base === undefined) continue;
    assert.equal(fileOffsetToVaddr(elf, Number.parseInt(m[1], 16)), base + Number.parseInt(m[3], 16), m[0]);
    checked++;
    if (m[2] === 'seed_demo::process_data') hot.set(Number.parseInt(m[1], 16), (hot.get(Number.parseInt(m[1], 16)) ?? 0) + 1);
  }
  assert.ok(checked > 100, `checked ${checked} frames`);

  // The hottest sampled address of process_data resolves, through one resolver, to the loop in main.rs.
  const [hottest] = [...hot.entries()].sort((a, b) => b[1] - a[1])[0];
  const resolver = new Addr2lineResolver(executable);
  const chain = resolver.resolve(fileOffsetToVaddr(elf, hottest));
  resolver.close();
  const frames = await chain;
  const outer = frames.at(-1)!;
  assert.equal(displaySymbolName(outer.rawName!), 'seed_demo::process_data');
  const mainRs = path.join(repoRoot(), 'examples', 'seed-demo', 'src', 'main.rs');
  assert.ok(
    frames.some((f) => f.file === mainRs && f.line! >= 8 && f.line! <= 11),
    JSON.stringify(frames),
  );
});
