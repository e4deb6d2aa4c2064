// The first bytes of a perf.data: the magic, and which optional header
// sections ("features") perf wrote. perf's struct perf_file_header is
//   magic[8] "PERFILE2", size u64, attr_size u64, attrs {offset, size}, data {offset, size},
//   event_types {offset, size}, adds_features: a 256-bit map (4 × u64, little-endian here)
// and the feature numbers are perf's enum (tools/perf/util/header.h): HEADER_BUILD_ID = 2, HEADER_COMPRESSED = 27.

import type { FileHandle } from 'node:fs/promises';

const MAGIC = 'PERFILE2';
const FEATURES_AT = 72;
const HEADER_BYTES = FEATURES_AT + 32;
const HEADER_BUILD_ID = 2;
const HEADER_COMPRESSED = 27;

export interface PerfDataHeader {
  /** The build-id section is there: `perf buildid-list` answers from the header, in milliseconds. */
  hasBuildIds: boolean;
  /** Written with `perf record -z`. */
  compressed: boolean;
}

/** The header of a perf.data, or undefined when the file does not start like one. */
export async function readPerfDataHeader(handle: FileHandle): Promise<PerfDataHeader | undefined> {
  const buf = Buffer.alloc(HEADER_BYTES);
  const { bytesRead } = await handle.read(buf, 0, HEADER_BYTES, 0);
  if (bytesRead < MAGIC.length || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  // A perf.data cut inside its header: no feature is known to be there.
  if (bytesRead < HEADER_BYTES) return { hasBuildIds: false, compressed: false };
  const feature = (bit: number) => (buf[FEATURES_AT + (bit >> 3)] & (1 << (bit & 7))) !== 0;
  return { hasBuildIds: feature(HEADER_BUILD_ID), compressed: feature(HEADER_COMPRESSED) };
}
