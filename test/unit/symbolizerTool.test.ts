// Which symbolizer runs: the flag or setting, else $RUST_FLAMEGRAPH_SYMBOLIZER, else the gimli addr2line
// when built, else llvm-symbolizer (plain, else the newest versioned one), else binutils' addr2line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chooseSymbolizer, findLlvmSymbolizer } from '../../src/core/symbols/symbolizerTool';
import { gimliBinary, startGimliBuild, toolsCacheDir } from '../../src/core/symbols/gimliBuild';
import type { Reporter } from '../../src/core/errors';
import { restrictSpawns } from '../../src/core/proc/spawnPolicy';

function dirWith(...names: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-path-'));
  for (const n of names) writeFileSync(path.join(dir, n), '#!/bin/sh\n', { mode: 0o755 });
  return dir;
}

function recorder(): Reporter & { warnings: string[]; infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, warn: (m) => warnings.push(String(m)), info: (m) => infos.push(m) };
}

/** An environment with only these PATH folders and a cache of its own. */
function envWith(pathDirs: string[]): NodeJS.ProcessEnv {
  return { PATH: pathDirs.join(path.delimiter), XDG_CACHE_HOME: mkdtempSync(path.join(tmpdir(), 'rf-cache-')) };
}

function buildGimliStandIn(env: NodeJS.ProcessEnv): string {
  const bin = gimliBinary(env);
  mkdirSync(path.dirname(bin), { recursive: true });
  writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
  return bin;
}

test('llvm-symbolizer: the plain name first, else the newest versioned one; relative PATH entries are not searched', async () => {
  const a = dirWith('llvm-symbolizer-14');
  const b = dirWith('llvm-symbolizer-16', 'llvm-symbolizer-9');
  assert.equal(await findLlvmSymbolizer({ PATH: [a, b].join(':') }), 'llvm-symbolizer-16');
  assert.equal(await findLlvmSymbolizer({ PATH: [a, dirWith('llvm-symbolizer')].join(':') }), 'llvm-symbolizer');
  const cwdRelative = path.relative(process.cwd(), b);
  assert.equal(await findLlvmSymbolizer({ PATH: [cwdRelative, '/nonexistent'].join(':') }), undefined);
});

test('auto: gimli when built, else llvm-symbolizer, else binutils', async () => {
  const llvmDir = dirWith('llvm-symbolizer-14');
  const withLlvm = envWith([llvmDir]);
  assert.deepEqual(await chooseSymbolizer(undefined, undefined, withLlvm), { program: 'llvm-symbolizer-14', llvm: true });
  assert.deepEqual(await chooseSymbolizer('auto', undefined, envWith([dirWith()])), { program: 'addr2line', llvm: false });
  const built = envWith([llvmDir]);
  const bin = buildGimliStandIn(built);
  assert.deepEqual(await chooseSymbolizer('', undefined, built), { program: bin, llvm: false });
});

test('a named choice wins over the environment variable, which wins over auto', async () => {
  const env = { ...envWith([dirWith('llvm-symbolizer')]), RUST_FLAMEGRAPH_SYMBOLIZER: 'binutils' };
  assert.equal((await chooseSymbolizer(undefined, undefined, env)).program, 'addr2line');
  assert.equal((await chooseSymbolizer('llvm', undefined, env)).program, 'llvm-symbolizer');
  assert.deepEqual(await chooseSymbolizer('/opt/llvm/bin/llvm-symbolizer', undefined, env), {
    program: '/opt/llvm/bin/llvm-symbolizer',
    llvm: true,
  });
  assert.deepEqual(await chooseSymbolizer('/opt/a2l/addr2line', undefined, env), { program: '/opt/a2l/addr2line', llvm: false });
});

test('a missing named tool is a warning and the next one runs', async () => {
  const r = recorder();
  const env = envWith([dirWith()]);
  assert.equal((await chooseSymbolizer('llvm', r, env)).program, 'addr2line');
  assert.equal((await chooseSymbolizer('gimli', r, env)).program, 'addr2line');
  assert.equal(r.warnings.length, 2, r.warnings.join('\n'));
  assert.match(r.warnings[1], /rust-flamegraph setup/);
});

test('a link in the cache is not run: whoever can write there must not choose the program', async () => {
  const env = envWith([dirWith()]);
  const real = dirWith('addr2line');
  mkdirSync(path.dirname(gimliBinary(env)), { recursive: true });
  symlinkSync(path.join(real, 'addr2line'), gimliBinary(env));
  assert.equal((await chooseSymbolizer('auto', undefined, env)).program, 'addr2line');
  const env2 = envWith([dirWith()]);
  mkdirSync(toolsCacheDir(env2), { recursive: true });
  symlinkSync(real, path.dirname(path.dirname(gimliBinary(env2))));
  assert.equal((await chooseSymbolizer('auto', undefined, env2)).program, 'addr2line');
});

test('a failed background build is told once, as a warning, and not retried within the day', async () => {
  const env = envWith([dirWith()]);
  mkdirSync(toolsCacheDir(env), { recursive: true });
  const failed = path.join(toolsCacheDir(env), 'addr2line-0.27.1.failed');
  writeFileSync(failed, 'cargo install --locked … failed (exit code 101).\n');
  const r = recorder();
  assert.equal((await chooseSymbolizer('auto', r, env)).program, 'addr2line');
  assert.equal(r.warnings.length, 1);
  assert.match(
    r.warnings[0],
    /^Building the fast symbolizer failed: cargo install .* failed \(exit code 101\)\. See .*addr2line-0\.27\.1\.log/,
  );
  assert.ok(!existsSync(failed) && existsSync(`${failed}.seen`));
  // Another run (another PATH, so not the memo): no second warning.
  const again = recorder();
  await chooseSymbolizer('auto', again, { ...env, PATH: dirWith() });
  assert.deepEqual(again.warnings, []);
  // And no build within the day; a day later, one.
  const { cli, ran } = standInCli();
  assert.equal(startGimliBuild(env, cli), false);
  const dayAgo = new Date(Date.now() - 25 * 3600 * 1000);
  utimesSync(`${failed}.seen`, dayAgo, dayAgo);
  assert.equal(startGimliBuild(env, cli), true);
  assert.deepEqual(await ran(), ['setup', '--detach']);
});

test('RUST_FLAMEGRAPH_BUILD_SYMBOLIZER=0 starts no background build', async () => {
  const env = envWith([dirWith()]);
  const { cli, ran } = standInCli();
  assert.equal(startGimliBuild({ ...env, RUST_FLAMEGRAPH_BUILD_SYMBOLIZER: '0' }, cli), false);
  assert.equal(startGimliBuild(env, cli), true);
  await ran();
});

test('an untrusted job starts no background build (a download that would outlive it)', async () => {
  const env = envWith([dirWith()]);
  const { cli, ran } = standInCli();
  const release = restrictSpawns(['/nonexistent-untrusted-folder']);
  try {
    assert.equal(startGimliBuild(env, cli), false);
  } finally {
    release();
  }
  assert.equal(startGimliBuild(env, cli), true);
  await ran();
});

test("no second build while one runs (its lock names a live process); a dead build's lock is no lock", async () => {
  const env = envWith([dirWith()]);
  mkdirSync(toolsCacheDir(env), { recursive: true });
  const lock = path.join(toolsCacheDir(env), 'addr2line-0.27.1.building');
  writeFileSync(lock, String(process.pid));
  const { cli, ran } = standInCli();
  assert.equal(startGimliBuild(env, cli), false);
  writeFileSync(lock, '2147483646');
  assert.equal(startGimliBuild(env, cli), true);
  await ran();
});

/** A stand-in for dist/cli.js that writes down the arguments it was started with. */
function standInCli(): { cli: string; ran: () => Promise<string[]> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-cli-'));
  const out = path.join(dir, 'argv.json');
  const cli = path.join(dir, 'cli.js');
  writeFileSync(cli, `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));\n`);
  return {
    cli,
    ran: async () => {
      for (let i = 0; i < 200 && !existsSync(out); i++) await new Promise((r) => setTimeout(r, 25));
      return JSON.parse(readFileSync(out, 'utf8')) as string[];
    },
  };
}

test("an untrusted workspace's job: llvm-symbolizer is not looked for in the workspace's folders", async () => {
  const ws = mkdtempSync(path.join(tmpdir(), 'rf-ws-'));
  mkdirSync(path.join(ws, 'bin'));
  writeFileSync(path.join(ws, 'bin', 'llvm-symbolizer'), '#!/bin/sh\n', { mode: 0o755 });
  const env = envWith([path.join(ws, 'bin'), dirWith('llvm-symbolizer-14')]);
  const lift = restrictSpawns([ws]);
  try {
    assert.equal((await chooseSymbolizer('llvm', undefined, env)).program, 'llvm-symbolizer-14');
  } finally {
    lift();
  }
});
