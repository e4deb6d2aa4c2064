import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { readPerfDataHeader } from '../../src/core/perf/perfDataHeader';
import { parseMmapBuildId } from '../../src/core/perf/scriptLines';

const dir = mkdtempSync(path.join(tmpdir(), 'rf-header-'));

async function headerOf(bytes: Buffer) {
  const file = path.join(dir, `h${Math.random()}`);
  writeFileSync(file, bytes);
  const handle = await open(file, 'r');
  try {
    return await readPerfDataHeader(handle);
  } finally {
    await handle.close();
  }
}

/** perf_file_header with the given feature bits set in adds_features. */
function header(features: number[]): Buffer {
  const b = Buffer.alloc(104 + 16);
  b.write('PERFILE2', 0, 'latin1');
  b.writeBigUInt64LE(104n, 8);
  for (const f of features) b[72 + (f >> 3)] |= 1 << (f & 7);
  return b;
}

test('perf.data header: the build-id and compression features, as perf 6.1 writes them', async () => {
  // The first 16 bytes of perf 6.1's adds_features: an uncompressed recording (BUILD_ID and the usual
  // HOSTNAME…CPUID, CMDLINE, EVENT_DESC… bits) and a `-z` one (COMPRESSED, no BUILD_ID).
  assert.deepEqual(await headerOf(header([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])), { hasBuildIds: true, compressed: false });
  assert.deepEqual(await headerOf(header([3, 4, 5, 27])), { hasBuildIds: false, compressed: true });
  assert.equal(await headerOf(Buffer.from('seed-demo 3053 144.106948: cpu-clock:\n')), undefined);
  assert.equal(await headerOf(Buffer.alloc(0)), undefined);
  // Cut inside its header: a perf.data, but nothing is known of its sections.
  assert.deepEqual(await headerOf(header([2]).subarray(0, 40)), { hasBuildIds: false, compressed: false });
});

test('mapping events: the build-id and path of a PERF_RECORD_MMAP2 line that has one', () => {
  // Real lines of `perf script --show-mmap-events` on a recording made with --buildid-mmap (perf 6.1).
  assert.deepEqual(
    parseMmapBuildId(
      'load.sh 15691   474.769936: PERF_RECORD_MMAP2 15691/15691: [0x5613b01dc000(0xc1000) @ 0x2f000 <135afc8c6d1b9e02356cce218bf0109c3687ad9f>]: r-xp /usr/bin/bash',
    ),
    { path: '/usr/bin/bash', buildId: '135afc8c6d1b9e02356cce218bf0109c3687ad9f' },
  );
  assert.deepEqual(
    parseMmapBuildId('rg 15700   475.1: PERF_RECORD_MMAP2 15700/15700: [0x55d0(0x1000) @ 0 <fc0f3d31ae7da2e9>]: r--p /a dir/my prog (1)'),
    { path: '/a dir/my prog (1)', buildId: 'fc0f3d31ae7da2e9' },
  );
  // Without a build-id (device, inode), the kernel's, and anything else: nothing.
  assert.equal(
    parseMmapBuildId(
      'load.sh 15691   474.769909: PERF_RECORD_MMAP2 15691/15691: [0x7ffcd99a2000(0x21000) @ 0x7ffffffde000 00:00 0 0]: rw-p [stack]',
    ),
    undefined,
  );
  assert.equal(
    parseMmapBuildId(
      'swapper     0     0.000000: PERF_RECORD_MMAP2 -1/0: [0xffffffff81000000(0x1276988) @ 0xffffffff81000000 <a3e4cd60a8ec14f02aa41b41d5b5846d3d9f1dd8>]: ---p [kernel.kallsyms]_text',
    ),
    undefined,
  );
  assert.equal(parseMmapBuildId('\t  132d1 seed_demo::process_data+0x81 (/bin/x)'), undefined);
});
