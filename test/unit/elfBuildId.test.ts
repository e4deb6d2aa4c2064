// The GNU build-id reader of src/core/elf/elfFile.ts on crafted ELF files: a
// 64-bit and a 32-bit file with a build-id note, and truncated or corrupt ones,
// which must give "no build-id" (or no ELF at all), never a throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readElfInfo, findBuildId } from '../../src/core/elf/elfFile';
import { parseBuildIdList, cachedBinaryPath } from '../../src/core/perf/buildIds';

const ID = 'e056cf6c0123456789abcdef0011223344556677';

/** A note: namesz, descsz, type, name padded to 4, desc padded to 4. */
function note(name: string, type: number, desc: Buffer, le = true): Buffer {
  const nameBuf = Buffer.from(name + '\0', 'latin1');
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  const head = Buffer.alloc(12);
  const w = (v: number, o: number) => (le ? head.writeUInt32LE(v, o) : head.writeUInt32BE(v, o));
  w(nameBuf.length, 0);
  w(desc.length, 4);
  w(type, 8);
  return Buffer.concat([head, pad(nameBuf), pad(desc)]);
}

/** A minimal ELF64 LE (ET_DYN) whose one program header is a PT_NOTE holding `notes`. */
function elf64(notes: Buffer): Buffer {
  const eh = Buffer.alloc(64);
  eh.writeUInt32BE(0x7f454c46, 0);
  eh[4] = 2; // 64-bit
  eh[5] = 1; // little-endian
  eh[6] = 1;
  eh.writeUInt16LE(3, 16); // ET_DYN
  eh.writeUInt16LE(62, 18); // x86-64
  eh.writeBigUInt64LE(64n, 32); // phoff
  eh.writeBigUInt64LE(0n, 40); // shoff: no sections
  eh.writeUInt16LE(64, 52);
  eh.writeUInt16LE(56, 54); // phentsize
  eh.writeUInt16LE(1, 56); // phnum
  eh.writeUInt16LE(64, 58);
  const ph = Buffer.alloc(56);
  ph.writeUInt32LE(4, 0); // PT_NOTE
  ph.writeBigUInt64LE(120n, 8); // offset
  ph.writeBigUInt64LE(BigInt(notes.length), 32); // filesz
  ph.writeBigUInt64LE(4n, 48); // align
  return Buffer.concat([eh, ph, notes]);
}

/** The same as ELF32 big-endian (ET_EXEC). */
function elf32be(notes: Buffer): Buffer {
  const eh = Buffer.alloc(52);
  eh.writeUInt32BE(0x7f454c46, 0);
  eh[4] = 1;
  eh[5] = 2;
  eh[6] = 1;
  eh.writeUInt16BE(2, 16);
  eh.writeUInt32BE(52, 28); // phoff
  eh.writeUInt32BE(0, 32); // shoff
  eh.writeUInt16BE(52, 40);
  eh.writeUInt16BE(32, 42); // phentsize
  eh.writeUInt16BE(1, 44); // phnum
  const ph = Buffer.alloc(32);
  ph.writeUInt32BE(4, 0);
  ph.writeUInt32BE(84, 4); // offset
  ph.writeUInt32BE(notes.length, 16); // filesz
  ph.writeUInt32BE(4, 28); // align
  return Buffer.concat([eh, ph, notes]);
}

const dir = mkdtempSync(path.join(tmpdir(), 'rf-elfid-'));
function file(name: string, bytes: Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

const notes = Buffer.concat([note('GNU', 5, Buffer.alloc(16, 1)), note('GNU', 3, Buffer.from(ID, 'hex'))]);

test('the build-id of an ELF64 file is read from its PT_NOTE, after other notes', async () => {
  const info = await readElfInfo(file('ok64', elf64(notes)));
  assert.ok(info);
  assert.equal(info.type, 'dyn');
  assert.equal(info.buildId, ID);
});

test('the build-id of a big-endian ELF32 file', async () => {
  const be = Buffer.concat([note('GNU', 3, Buffer.from(ID, 'hex'), false)]);
  const info = await readElfInfo(file('ok32', elf32be(be)));
  assert.equal(info?.type, 'exec');
  assert.equal(info?.buildId, ID);
});

test('a note of another owner or type is not a build-id', async () => {
  const other = Buffer.concat([note('Go', 3, Buffer.from(ID, 'hex')), note('GNU', 1, Buffer.alloc(16))]);
  assert.equal((await readElfInfo(file('other', elf64(other))))?.buildId, undefined);
});

test('a truncated file gives no build-id and no throw', async () => {
  const whole = elf64(notes);
  for (const cut of [whole.length - 1, whole.length - 25, 120 + 10, 130, 100, 64, 30, 3, 0]) {
    const info = await readElfInfo(file(`cut${cut}`, whole.subarray(0, cut)));
    assert.equal(info?.buildId, undefined, `cut at ${cut}`);
  }
});

test('corrupt note sizes (huge namesz or descsz, zero-length loops) give no build-id', () => {
  const huge = Buffer.alloc(24);
  huge.writeUInt32LE(0xffffffff, 0);
  huge.writeUInt32LE(20, 4);
  huge.writeUInt32LE(3, 8);
  assert.equal(findBuildId(huge, true), undefined);
  const hugeDesc = Buffer.alloc(24);
  hugeDesc.writeUInt32LE(4, 0);
  hugeDesc.writeUInt32LE(0xfffffff0, 4);
  hugeDesc.writeUInt32LE(3, 8);
  hugeDesc.write('GNU\0', 12, 'latin1');
  assert.equal(findBuildId(hugeDesc, true), undefined);
  assert.equal(findBuildId(Buffer.alloc(4096), true), undefined, 'all-zero notes end');
  assert.equal(findBuildId(Buffer.alloc(0), true), undefined);
});

test('a PT_NOTE whose size claims gigabytes is not read', async () => {
  const bytes = elf64(notes);
  bytes.writeBigUInt64LE(1n << 40n, 64 + 32);
  assert.equal((await readElfInfo(file('bigsize', bytes)))?.buildId, undefined);
});

test('perf buildid-list output: paths with spaces kept, kernel and vdso left out', () => {
  const ids = parseBuildIdList(
    `a3e4cd60a8ec14f02aa41b41d5b5846d3d9f1dd8 [kernel.kallsyms]\n${ID} /tmp/a b/target/release/rebuilt\nc00c1cc96491047c8970ae5895283b58abf134c2 [vdso]\n`,
  );
  assert.deepEqual([...ids], [['/tmp/a b/target/release/rebuilt', ID]]);
});

test("perf's build-id cache: perf 6.1's folder with elf, an older perf's file, and nothing", async () => {
  const cache = mkdtempSync(path.join(tmpdir(), 'rf-cache-'));
  assert.equal(await cachedBinaryPath(ID, cache), undefined);
  const { mkdirSync } = await import('node:fs');
  const entry = path.join(cache, '.build-id', ID.slice(0, 2), ID.slice(2));
  mkdirSync(entry, { recursive: true });
  assert.equal(await cachedBinaryPath(ID, cache), undefined, 'a folder without elf');
  writeFileSync(path.join(entry, 'elf'), elf64(notes));
  assert.equal(await cachedBinaryPath(ID, cache), path.join(entry, 'elf'));
  const old = mkdtempSync(path.join(tmpdir(), 'rf-cache-'));
  mkdirSync(path.join(old, '.build-id', ID.slice(0, 2)), { recursive: true });
  writeFileSync(path.join(old, '.build-id', ID.slice(0, 2), ID.slice(2)), elf64(notes));
  assert.equal(await cachedBinaryPath(ID, old), path.join(old, '.build-id', ID.slice(0, 2), ID.slice(2)));
  assert.equal(await cachedBinaryPath('../../etc', cache), undefined, 'only hex ids');
});
