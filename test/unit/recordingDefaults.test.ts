// The default recording (issue 9, point 5, measured by bench/recordingBench.ts):
// perf's zstd compression, and a 4 MB ring buffer per CPU where the memory may
// be locked, else perf's own default; perf's refusal to lock it is named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordArgs, ringBufferPages, parseMemlockLimit, RING_BUFFER_PAGES } from '../../src/core/perf/record';
import { classifyRecordFailure } from '../../src/core/checks/perfRecordFailure';

const base = { frequency: 997, event: 'cpu-clock', callGraph: 'dwarf,32768', output: 'o/perf.data', program: '/bin/p', args: ['a'] };

test('recordArgs: -z and -m PAGES go before the program, and only when asked', () => {
  assert.deepEqual(recordArgs({ ...base, compress: true, mmapPages: 1024, buildIdMmap: true }), [
    'record',
    '-F',
    '997',
    '-e',
    'cpu-clock',
    '--call-graph',
    'dwarf,32768',
    '-z',
    '--buildid-mmap',
    '-m',
    '1024',
    '-o',
    'o/perf.data',
    '--',
    '/bin/p',
    'a',
  ]);
  const plain = recordArgs({ ...base, compress: false, mmapPages: null, buildIdMmap: false });
  assert.ok(!plain.includes('-z') && !plain.includes('-m') && !plain.includes('--buildid-mmap'));
});

test('ring buffer: 4 MB per CPU for root; for other users what kernel.perf_event_mlock_kb and RLIMIT_MEMLOCK allow', () => {
  assert.equal(RING_BUFFER_PAGES, 1024);
  assert.equal(ringBufferPages({ root: true, mlockKb: 516, memlockBytes: 0, cpus: 2 }), 1024);
  // 256 MB in all at most: 128 CPUs get 512 pages (2 MB) each.
  assert.equal(ringBufferPages({ root: true, mlockKb: 516, memlockBytes: 0, cpus: 128 }), 256);
  // Measured here as a user (paranoid 1): 2 CPUs, 516 KB, 8 MB RLIMIT_MEMLOCK: -m 1024 records, -m 4096 is refused.
  assert.equal(ringBufferPages({ root: false, mlockKb: 516, memlockBytes: 8 * 1024 * 1024, cpus: 2 }), 1024);
  // 16 CPUs with the same limits: 16.8 MB of room, just 256 pages (+1) each; 32 CPUs: not even that, perf's default.
  assert.equal(ringBufferPages({ root: false, mlockKb: 516, memlockBytes: 8 * 1024 * 1024, cpus: 16 }), 256);
  assert.equal(ringBufferPages({ root: false, mlockKb: 516, memlockBytes: 8 * 1024 * 1024, cpus: 32 }), null);
  assert.equal(ringBufferPages({ root: false, mlockKb: 516, memlockBytes: 64 * 1024, cpus: 4 }), null, 'old distributions: 64 KB');
  assert.equal(ringBufferPages({ root: false, mlockKb: 4100, memlockBytes: 0, cpus: 8 }), 1024, 'the sysctl our message suggests');
  assert.equal(ringBufferPages({ root: false, mlockKb: null, memlockBytes: null, cpus: 2 }), null, 'unknown limits: perf decides');
  assert.equal(ringBufferPages({ root: false, mlockKb: 516, memlockBytes: Infinity, cpus: 2 }), 1024);
});

test('RLIMIT_MEMLOCK is read from /proc/self/limits', () => {
  const limits =
    'Limit                     Soft Limit           Hard Limit           Units     \nMax locked memory         8388608              8388608              bytes     \n';
  assert.equal(parseMemlockLimit(limits), 8388608);
  assert.equal(parseMemlockLimit('Max locked memory         unlimited            unlimited            bytes\n'), Infinity);
  assert.equal(parseMemlockLimit(''), null);
});

test("perf's refusal to lock its buffer is named, with the sysctl that allows it", () => {
  // perf 6.1 as a user, paranoid 1, with -m 4096 on 2 CPUs (captured here).
  const text =
    'Permission error mapping pages.\nConsider increasing /proc/sys/kernel/perf_event_mlock_kb,\nor try again with a smaller value of -m/--mmap_pages.\n(current value: 4096,0)\n';
  const e = classifyRecordFailure(text, { event: 'cpu-clock', paranoid: 1 });
  assert.ok(e);
  assert.equal(e.diagnostic.code, 'perf-buffer-not-locked');
  assert.match(e.message, /perf could not lock memory for its ring buffer/);
  assert.match(e.message, /ring buffer of 16 MB per CPU/, 'the size perf was refused');
  assert.match(e.fix ?? '', /sudo sysctl kernel\.perf_event_mlock_kb=16388/);
});
