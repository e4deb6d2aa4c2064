// Crafted ELF files whose header fields point outside the file or ask for
// gigabytes: what a hostile or corrupt dso path in an opened profile can name.
// Each is about 1 KB and valid enough to pass the magic-number check.
import * as path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

interface Elf64Fields {
  phoff?: bigint;
  shoff?: bigint;
  phentsize?: number;
  phnum?: number;
  shentsize?: number;
  shnum?: number;
  shstrndx?: number;
}

/** An ELF64 LE ET_DYN header with the given fields, padded to 1 KB; `body` is written at offset 64. */
function elf64(f: Elf64Fields, body: Buffer = Buffer.alloc(0)): Buffer {
  const b = Buffer.alloc(1024);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = 2;
  b[5] = 1;
  b[6] = 1;
  b.writeUInt16LE(3, 16);
  b.writeUInt16LE(62, 18);
  b.writeBigUInt64LE(f.phoff ?? 64n, 32);
  b.writeBigUInt64LE(f.shoff ?? 0n, 40);
  b.writeUInt16LE(64, 52);
  b.writeUInt16LE(f.phentsize ?? 56, 54);
  b.writeUInt16LE(f.phnum ?? 0, 56);
  b.writeUInt16LE(f.shentsize ?? 64, 58);
  b.writeUInt16LE(f.shnum ?? 0, 60);
  b.writeUInt16LE(f.shstrndx ?? 0, 62);
  body.copy(b, 64);
  return b;
}

/** One ELF64 program header (56 bytes). */
function ph64(type: number, offset: bigint, filesz: bigint): Buffer {
  const p = Buffer.alloc(56);
  p.writeUInt32LE(type, 0);
  p.writeUInt32LE(5, 4);
  p.writeBigUInt64LE(offset, 8);
  p.writeBigUInt64LE(0n, 16);
  p.writeBigUInt64LE(filesz, 32);
  p.writeBigUInt64LE(4n, 48);
  return p;
}

/** One ELF64 section header (64 bytes) whose name table lies at `offset`, `size` long. */
function sh64(offset: bigint, size: bigint): Buffer {
  const s = Buffer.alloc(64);
  s.writeUInt32LE(1, 0);
  s.writeBigUInt64LE(offset, 24);
  s.writeBigUInt64LE(size, 32);
  return s;
}

/** The crafted files, by what is wrong with them. */
export const CRAFTED_ELFS: Record<string, Buffer> = {
  'huge phoff': elf64({ phoff: 1n << 62n, phnum: 4 }),
  'phnum*phentsize beyond the file (4 GB)': elf64({ phentsize: 0xffff, phnum: 0xffff }),
  'phnum*phentsize of 2 GB': elf64({ phentsize: 0xffff, phnum: 0x8001 }),
  'phnum beyond the file': elf64({ phnum: 0xffff }),
  'shoff beyond 2^53': elf64({ shoff: (1n << 53n) + 1n, shnum: 2 }),
  'shoff at 2^64-1': elf64({ shoff: 0xffffffffffffffffn, shnum: 1 }),
  'shnum*shentsize 4 GB': elf64({ shoff: 64n, shentsize: 0xffff, shnum: 0xffff, shstrndx: 1 }),
  'shnum*shentsize 2 GB': elf64({ shoff: 64n, shentsize: 0xffff, shnum: 0x8001, shstrndx: 1 }),
  'string table beyond 2^53': elf64({ shoff: 64n, shnum: 1 }, sh64((1n << 60n) + 3n, 100n)),
  'string table 2^64 long': elf64({ shoff: 64n, shnum: 1 }, sh64(128n, 0xffffffffffffffffn)),
  'note beyond 2^53': elf64({ phnum: 1 }, ph64(4, 1n << 58n, 64n)),
  'note 2^63 long': elf64({ phnum: 1 }, ph64(4, 120n, 1n << 63n)),
  'load segment of 2^64': elf64({ phnum: 1 }, ph64(1, 0xffffffffffffffffn, 0xffffffffffffffffn)),
  '32-bit with a truncated header': Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]), Buffer.alloc(33)]),
  '64-bit with a truncated header': elf64({ phoff: 1n << 62n, phnum: 4 }).subarray(0, 58),
};

/** Writes every crafted ELF into a new temp folder; returns name → path. */
export function writeCraftedElfs(): Map<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-elf-'));
  const out = new Map<string, string>();
  let i = 0;
  for (const [name, bytes] of Object.entries(CRAFTED_ELFS)) {
    const file = path.join(dir, `crafted${i++}.so`);
    writeFileSync(file, bytes);
    out.set(name, file);
  }
  return out;
}
