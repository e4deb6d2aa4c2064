// Whichever symbolizer runs (the addr2line crate's binary, llvm-symbolizer,
// binutils' addr2line: src/core/symbols/symbolizerTool.ts), `report` writes
// the same profile.json, byte for byte but its creation time. Each tool is
// forced with --symbolizer (and once with $RUST_FLAMEGRAPH_SYMBOLIZER), and
// skipped only when it is not installed here (.ci/run installs all three).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync, ChildProcess } from 'node:child_process';
import { fixtureCrate, runCli } from '../helpers/repo';
import { recordJson } from './profileFixtures';
import { installedGimli } from '../../src/core/symbols/gimliBuild';
import { findLlvmSymbolizer, programTool } from '../../src/core/symbols/symbolizerTool';
import { Addr2lineResolver } from '../../src/core/symbols/addr2line';
import { displaySymbolName } from '../../src/core/symbols/demangle';
import { readElfInfo } from '../../src/core/elf/elfFile';
import type { Profile } from '../../src/model/profileTypes';

/** profile.json without its creation time, the one field that differs between two reports of one file. */
function profileText(dir: string): string {
  const text = readFileSync(path.join(dir, 'profile.json'), 'utf8');
  return text.replace(/"createdAt":"[^"]*"/, '"createdAt":""');
}

/** Byte-identical, or a failure that shows where they part (a whole profile is too long to read in a diff). */
function sameText(actual: string, expected: string): void {
  if (actual === expected) return;
  let i = 0;
  while (actual[i] === expected[i]) i++;
  assert.fail(`they differ at byte ${i}:\n${actual.slice(i - 200, i + 200)}\n---\n${expected.slice(i - 200, i + 200)}`);
}

async function report(perfData: string, symbolizer: string | undefined, env: NodeJS.ProcessEnv = process.env) {
  const out = mkdtempSync(path.join(tmpdir(), 'rf-sym-'));
  const args = ['report', perfData, '--output', out, '--verbose', ...(symbolizer ? ['--symbolizer', symbolizer] : [])];
  const cli = await runCli(args, { env });
  assert.equal(cli.code, 0, cli.stderr);
  // --verbose shows each command run: the symbolizer's is the one with the binary after -e / --obj=.
  const ran = cli.stderr.split('\n').filter((l) => / (-e |--obj=)\//.test(l));
  assert.ok(ran.length > 0, cli.stderr);
  return { text: profileText(out), programs: [...new Set(ran.map((l) => l.slice(2).split(' ')[0]))] };
}

for (const crate of ['inlined-hot', 'std-hashmap']) {
  test(`${crate}: the same profile.json from each symbolizer`, async (t) => {
    const rec = await recordJson(path.join(fixtureCrate(crate), 'Cargo.toml'), ['--symbolizer', 'binutils']);
    const perfData = path.join(rec.outputDir, 'perf.data');
    const binutils = await report(perfData, 'binutils');
    assert.deepEqual(binutils.programs, ['addr2line']);
    assert.ok(
      rec.profile.frames.some((f) => f.line !== null && f.file?.endsWith('main.rs')),
      'lines were resolved',
    );

    await t.test('llvm-symbolizer', async (t) => {
      const llvm = await findLlvmSymbolizer();
      if (!llvm) return t.skip('no llvm-symbolizer on the PATH');
      const r = await report(perfData, 'llvm');
      assert.deepEqual(r.programs, [llvm]);
      sameText(r.text, binutils.text);
      // The environment variable chooses as the flag does.
      const byEnv = await report(perfData, undefined, { ...process.env, RUST_FLAMEGRAPH_SYMBOLIZER: 'llvm' });
      assert.deepEqual(byEnv.programs, [llvm]);
    });

    await t.test('the addr2line crate (gimli)', async (t) => {
      const gimli = await installedGimli();
      if (!gimli) return t.skip('the gimli addr2line is not built (rust-flamegraph setup)');
      const r = await report(perfData, 'gimli');
      assert.deepEqual(r.programs, [gimli]);
      sameText(r.text, binutils.text);
      // By its path too, and the default where it is built.
      sameText((await report(perfData, gimli)).text, binutils.text);
      const auto = await report(perfData, undefined, { ...process.env, RUST_FLAMEGRAPH_SYMBOLIZER: '' });
      assert.deepEqual(auto.programs, [gimli]);
    });
  });
}

test("an address past its symbol's end (padding) is [unknown] from each symbolizer, as perf named it", async () => {
  const crate = fixtureCrate('inlined-hot');
  await recordJson(path.join(crate, 'Cargo.toml'), ['--symbolizer', 'binutils']);
  const executable = path.join(crate, 'target', 'rust-flamegraph', 'release', 'inlined-hot');
  // nm -S: each function's start and size, in address order.
  const syms = execFileSync('nm', ['-S', '--defined-only', executable], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\n')
    .map((l) => /^([0-9a-f]+) ([0-9a-f]+) [tT] (\S+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ start: Number.parseInt(m[1], 16), end: Number.parseInt(m[1], 16) + Number.parseInt(m[2], 16), name: m[3] }))
    .sort((a, b) => a.start - b.start);
  const i = syms.findIndex((s) => displaySymbolName(s.name) === 'inlined_hot::hash_all');
  const pad = syms[i].end + 2;
  assert.ok(pad < syms[i + 1].start, 'hash_all is followed by padding');
  // perf prints file offsets (elf/elfFile.ts): the executable segment's offset for the padding's address.
  const elf = (await readElfInfo(executable))!;
  const seg = elf.segments.find((s) => s.executable && s.vaddr <= pad && pad < s.vaddr + s.fileSize)!;
  const offset = (pad - seg.vaddr + seg.offset).toString(16);
  const text = path.join(mkdtempSync(path.join(tmpdir(), 'rf-pad-')), 'script.txt');
  writeFileSync(text, `inlined-hot  7   1.000000:    1003009 cpu-clock:ppp: \n\t  ${offset} [unknown] (${executable})\n\n`);
  const binutils = await report(text, 'binutils');
  const profile = JSON.parse(binutils.text) as Profile;
  assert.deepEqual(
    profile.frames.filter((f) => f.dso === executable).map((f) => f.name),
    ['[unknown]'],
  );
  for (const tool of [await findLlvmSymbolizer(), await installedGimli()]) {
    if (tool) sameText((await report(text, tool)).text, binutils.text);
  }
});

test('addresses go to the symbolizer in batches, and the answers come back in order', async () => {
  const crate = fixtureCrate('inlined-hot');
  const rec = await recordJson(path.join(crate, 'Cargo.toml'), ['--symbolizer', 'binutils']);
  const executable = path.join(crate, 'target', 'rust-flamegraph', 'release', 'inlined-hot');
  assert.ok(rec.profile.samples > 0);
  const nm = new Map<string, number>();
  for (const line of execFileSync('nm', [executable], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n')) {
    const m = /^([0-9a-f]+) [tT] (\S+)$/.exec(line);
    if (m) nm.set(displaySymbolName(m[2]), Number.parseInt(m[1], 16));
  }
  const names = ['inlined_hot::hash_all', 'inlined_hot::main'];
  const addresses = names.map((n) => nm.get(n)!);
  assert.ok(
    addresses.every((a) => a > 0),
    [...nm.keys()].join(', '),
  );
  for (const tool of ['addr2line', await findLlvmSymbolizer(), await installedGimli()]) {
    if (!tool) continue;
    const resolver = new Addr2lineResolver(executable, programTool(tool));
    const asked = 10_000; // about 80 KB of addresses: more than one batch
    const answers = [];
    answers.push(resolver.resolve(addresses[0]));
    const stdin = (resolver as unknown as { child: ChildProcess }).child.stdin!;
    let writes = 0;
    const write = stdin.write.bind(stdin);
    stdin.write = ((...a: Parameters<typeof write>) => (writes++, write(...a))) as typeof stdin.write;
    for (let i = 1; i < asked; i++) answers.push(resolver.resolve(addresses[i % 2]));
    resolver.close();
    const chains = await Promise.all(answers);
    assert.ok(writes <= 3, `${tool}: ${writes} writes for ${asked} addresses`);
    chains.forEach((chain, i) => assert.equal(displaySymbolName(chain.at(-1)!.rawName!), names[i % 2], `${tool}, answer ${i}`));
  }
});
