// The little of ELF that symbolization needs: the file type, the PT_LOAD
// segments (perf prints file offsets for position-independent binaries and
// addr2line wants virtual addresses), and the section names (a library with
// no `.debug_line` has nothing addr2line can add to perf's own symbol).
// Reads only the headers, never the whole file: libraries reach 200 MB.
// Written by hand because that is all it needs (fixed header layouts, a few
// dozen lines), while the ELF parsers on npm (elfy, elf-tools) take the whole
// file as one Buffer.

import { promises as fs } from 'node:fs';
import { openRegularFile } from '../io/regularFile';

export interface LoadSegment {
  offset: number;
  vaddr: number;
  fileSize: number;
  executable: boolean;
}

export interface ElfInfo {
  /** ET_EXEC (2) has absolute addresses; ET_DYN (3) is a PIE executable or a shared library. */
  type: 'exec' | 'dyn' | 'other';
  segments: LoadSegment[];
  sections: string[];
  hasLineTable: boolean;
  hasDebugInfo: boolean;
  /** The GNU build-id (NT_GNU_BUILD_ID note) in lowercase hex, as `perf buildid-list` prints it; undefined when there is none. */
  buildId: string | undefined;
}

const PT_LOAD = 1;
const PT_NOTE = 4;
const PF_X = 1;
const NT_GNU_BUILD_ID = 3;
/** Notes are small; a PT_NOTE larger than this is not read (a corrupt header must not make us read 4 GB). */
const MAX_NOTES_BYTES = 1 << 16;

/** At most this much of a header table is read: 65535 entries of 64 bytes are 4 MB, no real table comes near it. */
const MAX_TABLE_BYTES = 1 << 22;
/** The section-name table is read up to this size. */
const MAX_STRTAB_BYTES = 1 << 20;

export async function readElfInfo(path: string): Promise<ElfInfo | undefined> {
  let handle: fs.FileHandle | undefined;
  try {
    // A dso path of perf script text may name anything: a FIFO would block the open forever, a device never end.
    handle = await openRegularFile(path);
    const file: Bounded = { handle, size: (await handle.stat()).size };
    const ident = await readAt(file, 0, 64);
    if (ident.length < 52 || ident.readUInt32BE(0) !== 0x7f454c46) return undefined;
    const is64 = ident[4] === 2;
    if (is64 && ident.length < 64) return undefined;
    const le = ident[5] === 1;
    const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const word = (b: Buffer, o: number) => (is64 ? Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(b, o));

    const eType = u16(ident, 16);
    const phoff = word(ident, is64 ? 32 : 28);
    const shoff = word(ident, is64 ? 40 : 32);
    const phentsize = u16(ident, is64 ? 54 : 42);
    const phnum = u16(ident, is64 ? 56 : 44);
    const shentsize = u16(ident, is64 ? 58 : 46);
    const shnum = u16(ident, is64 ? 60 : 48);
    const shstrndx = u16(ident, is64 ? 62 : 50);

    const segments: LoadSegment[] = [];
    const notes: { offset: number; size: number; align: number }[] = [];
    // Every offset and size below comes from the file: readAt checks each against the file's size, and each
    // record is read only when all its bytes were, so a crafted header gives fewer entries, never a bad read.
    const ph = phentsize >= (is64 ? 56 : 32) ? await readAt(file, phoff, phentsize * phnum, MAX_TABLE_BYTES) : Buffer.alloc(0);
    for (let i = 0; i < phnum; i++) {
      const o = i * phentsize;
      if (o + phentsize > ph.length) break;
      const pType = u32(ph, o);
      if (pType === PT_NOTE) {
        notes.push({
          offset: word(ph, o + (is64 ? 8 : 4)),
          size: word(ph, o + (is64 ? 32 : 16)),
          align: word(ph, o + (is64 ? 48 : 28)),
        });
      }
      if (pType !== PT_LOAD) continue;
      const flags = is64 ? u32(ph, o + 4) : u32(ph, o + 24);
      segments.push({
        offset: word(ph, o + (is64 ? 8 : 4)),
        vaddr: word(ph, o + (is64 ? 16 : 8)),
        fileSize: word(ph, o + (is64 ? 32 : 16)),
        executable: (flags & PF_X) !== 0,
      });
    }

    const sections: string[] = [];
    if (shoff > 0 && shnum > 0 && shstrndx < shnum && shentsize >= (is64 ? 64 : 40)) {
      const sh = await readAt(file, shoff, shentsize * shnum, MAX_TABLE_BYTES);
      if (sh.length === shentsize * shnum) {
        const strOff = word(sh, shstrndx * shentsize + (is64 ? 24 : 16));
        const strSize = word(sh, shstrndx * shentsize + (is64 ? 32 : 20));
        const strtab = await readAt(file, strOff, strSize, MAX_STRTAB_BYTES);
        for (let i = 0; i < shnum; i++) {
          const nameOff = u32(sh, i * shentsize);
          const end = strtab.indexOf(0, nameOff);
          if (nameOff < strtab.length) sections.push(strtab.toString('latin1', nameOff, end < 0 ? undefined : end));
        }
      }
    }
    return {
      type: eType === 2 ? 'exec' : eType === 3 ? 'dyn' : 'other',
      segments,
      sections,
      hasLineTable: sections.includes('.debug_line') || sections.includes('.zdebug_line'),
      hasDebugInfo: sections.includes('.debug_info') || sections.includes('.zdebug_info'),
      buildId: await readBuildIdNote(file, notes, le),
    };
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/** The NT_GNU_BUILD_ID of the PT_NOTE segments; every length is checked against what was read. */
async function readBuildIdNote(
  file: Bounded,
  notes: readonly { offset: number; size: number; align: number }[],
  le: boolean,
): Promise<string | undefined> {
  for (const n of notes) {
    if (n.size <= 0 || n.size > MAX_NOTES_BYTES) continue;
    const id = findBuildId(await readAt(file, n.offset, n.size, MAX_NOTES_BYTES), le, n.align === 8 ? 8 : 4);
    if (id) return id;
  }
  return undefined;
}

/**
 * Walks the notes of one note segment (namesz, descsz, type, name, desc;
 * name and desc padded to `align`) for the GNU build-id. Stops at the first
 * note that runs past the buffer: a truncated file yields undefined, never a throw.
 */
export function findBuildId(buf: Buffer, le: boolean, align: 4 | 8 = 4): string | undefined {
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const pad = (x: number) => Math.ceil(x / align) * align;
  let o = 0;
  while (o + 12 <= buf.length) {
    const namesz = u32(o);
    const descsz = u32(o + 4);
    const type = u32(o + 8);
    const nameAt = o + 12;
    const descAt = nameAt + pad(namesz);
    const next = descAt + pad(descsz);
    if (descAt + descsz > buf.length) return undefined;
    if (type === NT_GNU_BUILD_ID && namesz === 4 && buf.toString('latin1', nameAt, nameAt + 4) === 'GNU\0' && descsz > 0) {
      return buf.toString('hex', descAt, descAt + descsz);
    }
    if (next <= o) return undefined;
    o = next;
  }
  return undefined;
}

/** An open file and its size, fstat'ed once: every read is checked against it. */
interface Bounded {
  handle: fs.FileHandle;
  size: number;
}

/**
 * Reads up to `length` bytes at `position`, never past the end of the file nor more than `cap`. A position
 * that is negative, beyond the file or not an exact integer (a 64-bit field above 2^53) reads nothing:
 * handing such a position to fs.read aborts Node itself (a C++ assertion, not a catchable error).
 */
async function readAt(file: Bounded, position: number, length: number, cap = MAX_TABLE_BYTES): Promise<Buffer> {
  if (!Number.isSafeInteger(position) || position < 0 || position >= file.size) return Buffer.alloc(0);
  if (!Number.isSafeInteger(length) || length <= 0) return Buffer.alloc(0);
  const n = Math.min(length, cap, file.size - position);
  const buf = Buffer.alloc(n);
  const { bytesRead } = await file.handle.read(buf, 0, n, position);
  return buf.subarray(0, bytesRead);
}

/**
 * Converts an address as perf prints it for a frame in this file into the
 * ELF virtual address that addr2line and `nm` use. For ET_DYN objects perf
 * prints the file offset: `vaddr = offset - p_offset + p_vaddr` of the
 * PT_LOAD segment that holds the offset (rust-lld lays segments out with
 * vaddr != offset, so this matters). ET_EXEC addresses are already virtual.
 */
export function fileOffsetToVaddr(elf: ElfInfo, printed: number): number {
  if (elf.type !== 'dyn') return printed;
  // Prefer executable segments: text is what samples land in.
  let best: LoadSegment | undefined;
  for (const seg of elf.segments) {
    if (printed >= seg.offset && printed < seg.offset + seg.fileSize) {
      if (!best || (seg.executable && !best.executable)) best = seg;
    }
  }
  return best ? printed - best.offset + best.vaddr : printed;
}
