// The streaming `perf script` parser: header and frame forms of old and
// modern perf, chunking, CRLF, truncation, garbage and bytes that are not
// UTF-8; and a real perf 6.1 recording of examples/seed-demo.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';

import { PerfScriptParser } from '../../src/core/perf/scriptParser';
import { LineSplitter } from '../../src/core/io/lineSplitter';
import { PerfFrame, PerfSample, PerfScriptWarning } from '../../src/core/perf/scriptTypes';
import { repoRoot } from '../helpers/repo';

const root = () => process.env.RF_REPO_ROOT ?? repoRoot();

interface Parsed {
  samples: PerfSample[];
  warnings: PerfScriptWarning[];
  lines: number;
}

/** Parses `input` written in pieces cut at `cuts` (byte offsets). */
function parse(input: Buffer | string, cuts: number[] = []): Parsed {
  const buf = typeof input === 'string' ? Buffer.from(input) : input;
  const samples: PerfSample[] = [];
  const warnings: PerfScriptWarning[] = [];
  const p = new PerfScriptParser(
    (s) => samples.push(s),
    (w) => warnings.push(w),
  );
  let at = 0;
  for (const c of [...cuts, buf.length]) {
    p.write(buf.subarray(at, c));
    at = c;
  }
  p.end();
  assert.equal(p.samplesEmitted, samples.length);
  return { samples, warnings, lines: p.linesRead };
}

const frame = (addr: string, symbol: string, symOffset: number, dso: string, inlined = false): PerfFrame => ({
  addr,
  symbol,
  symOffset,
  dso,
  inlined,
});

test('header: perf 6.1 default (comm, tid, time, period, event with modifiers)', () => {
  const { samples } = parse(
    'seed-demo  3053   144.106948:    1003009 cpu-clock:ppp: \n\t           132d1 seed_demo::process_data+0x81 (/w/seed-demo)\n\n',
  );
  assert.deepEqual(samples, [
    {
      comm: 'seed-demo',
      pid: -1,
      tid: 3053,
      event: 'cpu-clock:ppp',
      period: 1003009,
      frames: [frame('132d1', 'seed_demo::process_data', 0x81, '/w/seed-demo')],
    },
  ]);
});

test('header: pid/tid and cpu, no period', () => {
  const { samples } = parse(
    'iperf 27409/28744 [000] 441995.133575: cpu-clock: \n\t          59fef5 copy_user_enhanced_fast_string (/lib/modules/4.3.0-rc1-virtual/build/vmlinux)\n\n',
  );
  assert.equal(samples.length, 1);
  const s = samples[0];
  assert.deepEqual([s.comm, s.pid, s.tid, s.event, s.period], ['iperf', 27409, 28744, 'cpu-clock', 1]);
  assert.deepEqual(s.frames, [frame('59fef5', 'copy_user_enhanced_fast_string', -1, '/lib/modules/4.3.0-rc1-virtual/build/vmlinux')]);
});

test('header: no time (java-stacks-02) and frames without a leading tab', () => {
  const { samples, warnings } = parse(
    'java 19983 cycles:\nffffffff8103d0ca native_write_msr_safe ([kernel.kallsyms])\n7f5dc6a2fe24 Interpreter (/tmp/perf-19982.map)\n\n',
  );
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    samples.map((s) => [s.comm, s.tid, s.event, s.frames.map((f) => f.symbol)]),
    [['java', 19983, 'cycles', ['native_write_msr_safe', 'Interpreter']]],
  );
});

test('header: comm with spaces, threads of tokio, an empty comm', () => {
  const text = [
    'Web Content 1234 [001] 5.000001:     250000 cycles:u: ',
    '\t    7f0000001000 js::RunScript+0x10 (/usr/lib/firefox/libxul.so)',
    '',
    'V8 WorkerThread 24636/25607 [000] 94564.109216: cycles: ',
    '\t    7f0000002000 v8::Run (/usr/bin/node)',
    '',
    'tokio-runtime-w 12/13 [000] 6.500000:          1 cycles: ',
    '\t           13297 tokio::runtime::park+0x47 (/app/target/release/app)',
    '',
    ' 3053   144.106948:    1003009 cpu-clock:ppp: ',
    '\t           132d1 seed_demo::process_data+0x81 (/w/seed-demo)',
    '',
    '',
  ].join('\n');
  const { samples, warnings } = parse(text);
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    samples.map((s) => [s.comm, s.pid, s.tid, s.event, s.period]),
    [
      ['Web Content', -1, 1234, 'cycles:u', 250000],
      ['V8 WorkerThread', 24636, 25607, 'cycles', 1],
      ['tokio-runtime-w', 12, 13, 'cycles', 1],
      ['', -1, 3053, 'cpu-clock:ppp', 1003009],
    ],
  );
});

test('header: samples without call chain are one line each (perf pads comm to 16)', () => {
  const text = [
    '       seed-demo  8541   424.401167:    1003009 cpu-clock:ppp:  ffffffff822039eb _raw_spin_unlock+0xb ([kernel.kallsyms])',
    '       seed-demo  8541   424.402166:    1003009 cpu-clock:ppp:      5591e3e3c2d1 seed_demo::process_data+0x81 (/w/seed-demo)',
    '',
  ].join('\n');
  const { samples, warnings } = parse(text);
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    samples.map((s) => [s.comm, s.tid, s.period, s.frames]),
    [
      ['seed-demo', 8541, 1003009, [frame('ffffffff822039eb', '_raw_spin_unlock', 0xb, '[kernel.kallsyms]')]],
      ['seed-demo', 8541, 1003009, [frame('5591e3e3c2d1', 'seed_demo::process_data', 0x81, '/w/seed-demo')]],
    ],
  );
});

test('frames: kernel, dso with spaces and parentheses, [unknown], C++ and Rust symbols, (inlined), no symbol', () => {
  const lines = [
    '\t          ffffffff8158e3ff next_uptodate_folio+0xdf ([kernel.kallsyms])',
    '\t           132d1 seed_demo::process_data+0x81 (/path with spaces/seed-demo)',
    '\t           132d2 seed_demo::main+0x2 (/my (old) build/seed-demo)',
    '\t               0 [unknown] ([unknown])',
    '\t                   dd777 v8::internal::Execution::Call(v8::internal::Isolate*, v8::internal::Handle<v8::internal::Object>, int) (/tmp/node-v011)',
    '\t           2cab7 <alloc::vec::Vec<T> as core::ops::drop::Drop>::drop+0x7e (/app/target/release/app)',
    '\t           38df3 <&dyn core::ops::function::Fn<(), Output = i32> + core::marker::Sync as core::ops::function::FnOnce<()>>::call_once+0x4c3 (inlined)',
    '\t    7f1e2215d058  (/lib/x86_64-linux-gnu/libc-2.15.so)',
    '\t     7f1e2215d05 free+0x15 (/lib/x86_64-linux-gnu/libc.so.6 (deleted))',
    '\t      some_function+0x1 (/bin/no-address)',
  ];
  const { samples, warnings } = parse(`app 1 [000] 1.0: 1 cycles: \n${lines.join('\n')}\n\n`);
  assert.deepEqual(warnings, []);
  assert.deepEqual(samples[0].frames, [
    frame('ffffffff8158e3ff', 'next_uptodate_folio', 0xdf, '[kernel.kallsyms]'),
    frame('132d1', 'seed_demo::process_data', 0x81, '/path with spaces/seed-demo'),
    frame('132d2', 'seed_demo::main', 0x2, '/my (old) build/seed-demo'),
    frame('0', '[unknown]', -1, '[unknown]'),
    frame(
      'dd777',
      'v8::internal::Execution::Call(v8::internal::Isolate*, v8::internal::Handle<v8::internal::Object>, int)',
      -1,
      '/tmp/node-v011',
    ),
    frame('2cab7', '<alloc::vec::Vec<T> as core::ops::drop::Drop>::drop', 0x7e, '/app/target/release/app'),
    frame(
      '38df3',
      '<&dyn core::ops::function::Fn<(), Output = i32> + core::marker::Sync as core::ops::function::FnOnce<()>>::call_once',
      0x4c3,
      '',
      true,
    ),
    frame('7f1e2215d058', '[unknown]', -1, '/lib/x86_64-linux-gnu/libc-2.15.so'),
    frame('7f1e2215d05', 'free', 0x15, '/lib/x86_64-linux-gnu/libc.so.6 (deleted)'),
    frame('', 'some_function', 0x1, '/bin/no-address'),
  ]);
});

const SMALL = [
  '# ========',
  '# cmdline : /usr/bin/perf record -g ./x',
  'x 10/11 [000] 1.000001:     100 cycles: ',
  '\t  55d1 main+0x1 (/w/x)',
  '\t  55d2 héllo::wörld+0x2 (/w/x)',
  '',
  'x 10/12 [001] 1.000002:     200 cycles: ',
  '\t  55d3 日本::語+0x3 (/w/x)',
  '\t  55d4 \u{1F600}::emoji (/w/x)',
  '',
  '',
].join('\n');

test('chunk boundaries at every byte position give the same samples', () => {
  const buf = Buffer.from(SMALL);
  const want = parse(buf);
  assert.equal(want.samples.length, 2);
  assert.equal(want.samples[1].frames[0].symbol, '日本::語');
  for (let i = 0; i <= buf.length; i++) assert.deepEqual(parse(buf, [i]), want, `cut at byte ${i}`);
  const everyByte = Array.from({ length: buf.length }, (_, i) => i);
  assert.deepEqual(parse(buf, everyByte), want);
});

test('CRLF line ends read like LF', () => {
  const crlf = parse(SMALL.replace(/\n/g, '\r\n'));
  assert.deepEqual(crlf.samples, parse(SMALL).samples);
  assert.deepEqual(crlf.warnings, []);
});

test('a last sample without blank line after it is emitted by end()', () => {
  const cut = 'x 10/11 [000] 1.000001:     100 cycles: \n\t  55d1 main+0x1 (/w/x)\n\t  55d0 _start+0x1 (/w/x)';
  const { samples, warnings } = parse(cut);
  assert.equal(samples.length, 1);
  assert.deepEqual(
    samples[0].frames.map((f) => f.symbol),
    ['main', '_start'],
  );
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0].line, 3);
  assert.match(warnings[0].message, /ends inside a sample/);
});

test('input cut in the middle of a line: the half line is warned, the sample kept', () => {
  const cut = 'x 10/11 [000] 1.000001:     100 cycles: \n\t  55d1 main+0x1 (/w/x)\n\t  55d0 _start+0x1 (/w/';
  const { samples, warnings } = parse(cut);
  assert.deepEqual(
    samples.map((s) => s.frames.length),
    [1],
  );
  assert.deepEqual(
    warnings.map((w) => w.line),
    [3, 3],
  );
  assert.match(warnings[0].message, /unrecognized line/);
});

test('garbage lines become warnings with their line numbers; good samples still count', () => {
  const text = [
    'x 10/11 [000] 1.000001:     100 cycles: ', // 1
    '\t  55d1 main+0x1 (/w/x)', // 2
    'this is not perf output', // 3
    '\t  55d0 _start+0x1 (/w/x)', // 4
    '', // 5
    '\t  55d9 orphan (/w/x)', // 6
    '\u0000\u0001\u0002', // 7
    '', // 8
    'x 10/11 [000] 1.000002:     100 cycles: ', // 9
    '\t  55d1 main+0x1 (/w/x)', // 10
    '', // 11
    '',
  ].join('\n');
  const { samples, warnings, lines } = parse(text);
  assert.equal(lines, 11);
  assert.deepEqual(
    samples.map((s) => s.frames.map((f) => f.symbol)),
    [['main', '_start'], ['main']],
  );
  assert.deepEqual(
    warnings.map((w) => w.line),
    [3, 6, 7],
  );
  assert.match(warnings[0].message, /unrecognized line.*this is not perf output/);
  assert.match(warnings[1].message, /outside a sample/);
});

test('bytes that are not UTF-8 become U+FFFD, with one warning at their line', () => {
  const buf = Buffer.concat([
    Buffer.from('x 10/11 [000] 1.000001:     100 cycles: \n\t  55d1 ma'),
    Buffer.from([0xff, 0xfe, 0xc3]),
    Buffer.from('in+0x1 (/w/x)\n\t  55d0 _st'),
    Buffer.from([0x80]),
    Buffer.from('art (/w/x)\n\n'),
  ]);
  const { samples, warnings } = parse(buf, [45, 46, 47]);
  assert.deepEqual(
    samples[0].frames.map((f) => f.symbol),
    ['ma\uFFFD\uFFFD\uFFFDin', '_st\uFFFDart'],
  );
  assert.deepEqual(
    warnings.map((w) => w.line),
    [2],
  );
  assert.match(warnings[0].message, /not UTF-8/);
});

test('a line too long to be perf output is skipped, not kept in memory', () => {
  const seen: number[] = [];
  const long: number[] = [];
  const s = new LineSplitter({ line: (_t, n) => seen.push(n), longLine: (n) => long.push(n), replacementChar() {} }, 100);
  s.write('short\n' + 'y'.repeat(60));
  s.write('y'.repeat(60) + '\nshort again\n' + 'z'.repeat(150) + '\nlast');
  s.end();
  assert.deepEqual(seen, [1, 3, 5]);
  assert.deepEqual(long, [2, 4]);

  const huge = Buffer.concat([
    Buffer.from('x 10/11 [000] 1.0: 1 cycles: \n'),
    Buffer.alloc(5 * 1024 * 1024, 0x61),
    Buffer.from('\n\t  55d1 main (/w/x)\n\n'),
  ]);
  const { samples, warnings } = parse(huge, [1 << 16, 1 << 20, 3 << 20]);
  assert.deepEqual(
    samples.map((x) => x.frames.map((f) => f.symbol)),
    [['main']],
  );
  assert.deepEqual(
    warnings.map((w) => w.line),
    [2],
  );
  assert.match(warnings[0].message, /too long/);
});

test('random bytes never throw', () => {
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const alphabet = Buffer.from('x 10/11 [000] 1.0: 100 cycles:\t\n\r ()[]+0xabc;:->#\u00e9'.repeat(3));
  for (let round = 0; round < 200; round++) {
    const len = next() % 400;
    const buf = Buffer.alloc(len);
    for (let i = 0; i < len; i++) buf[i] = next() % 4 === 0 ? next() & 0xff : alphabet[next() % alphabet.length];
    const cuts = [next() % (len + 1), next() % (len + 1)].sort((a, b) => a - b);
    assert.doesNotThrow(() => parse(buf, cuts));
  }
});

test('lines built to make a backtracking regex explode are read in linear time', () => {
  const n = 1 << 18;
  const lines = [
    'ab ' + '1'.repeat(n) + 'x', // header regex with (\d+)\/*(\d+)*: exponential in V8
    'ab 1 [0] 1.0: ' + '1'.repeat(n) + 'x', // event regex, same
    'a' + ' '.repeat(n) + 'x', // lazy comm before a long blank run
    ' '.repeat(n) + 'x)', // leading blanks of a frame line
    '\tbeef' + ' '.repeat(n) + ' (x(y)', // address blanks before a failing dso
    '\t1 ' + ' ('.repeat(n / 2) + ')',
    ' ' + '1 '.repeat(n / 2) + ': x', // padded header
    'ab 1' + '/'.repeat(n) + 'x',
  ];
  const start = Date.now();
  const { samples, warnings } = parse(`x 1 [000] 1.0: 1 cycles: \n${lines.join('\n')}\n\n`);
  const ms = Date.now() - start;
  assert.ok(ms < 5000, `took ${ms} ms`);
  assert.equal(samples.length + warnings.length > 0, true);
});

/** The parser fed from a stream, chunk by chunk, as the report pipeline feeds it (test helper). */
async function parsePerfScriptStream(
  input: NodeJS.ReadableStream,
  onSample: (s: PerfSample) => void,
  onWarning?: (w: PerfScriptWarning) => void,
): Promise<{ lines: number; samples: number }> {
  const parser = new PerfScriptParser(onSample, onWarning);
  for await (const chunk of input) parser.write(chunk as Buffer | string);
  parser.end();
  return { lines: parser.linesRead, samples: parser.samplesEmitted };
}

test('parsePerfScriptStream reads a stream and counts lines and samples', async () => {
  const samples: PerfSample[] = [];
  const r = await parsePerfScriptStream(Readable.from([Buffer.from(SMALL.slice(0, 100)), Buffer.from(SMALL.slice(100))]), (s) =>
    samples.push(s),
  );
  assert.deepEqual(r, { lines: 10, samples: 2 });
  assert.equal(samples[0].frames[1].symbol, 'héllo::wörld');
});

function fixture(name: string): Parsed {
  return parse(readFileSync(path.join(root(), 'test', 'fixtures', 'perf', name)));
}

// The binary's path on the machine that recorded the fixture: text inside it, never opened.
const SEED = '/work/main/examples/seed-demo/target/rust-flamegraph/release/seed-demo';
const LD = '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2';
const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';

test('perf 6.1 `perf script --no-inline` of seed-demo, exactly', () => {
  const { samples, warnings, lines } = fixture('seed-demo-perf6.1-noinline.txt');
  assert.deepEqual(warnings, []);
  assert.equal(lines, 100);
  assert.equal(samples.length, 7);
  for (const s of samples) assert.deepEqual([s.comm, s.pid, s.tid, s.event, s.period], ['seed-demo', -1, 8442, 'cpu-clock:ppp', 1003009]);
  assert.deepEqual(
    samples.map((s) => s.frames.length),
    [5, 16, 18, 9, 9, 9, 20],
  );
  assert.deepEqual(samples[0].frames, [
    frame('1462a', 'handle_amd', 0xa, LD),
    frame('1619d', 'init_cpu_features.constprop.0', 0xb0d, LD),
    frame('1a303', '_dl_sysdep_start', 0x33, LD),
    frame('1bccb', '_dl_start', 0x55b, LD),
    frame('1ab77', '_start', 0x7, LD),
  ]);
  assert.deepEqual(samples[3].frames.slice(0, 2), [
    frame('132cb', 'seed_demo::process_data', 0x7b, SEED),
    frame('1370b', 'seed_demo::main', 0x3eb, SEED),
  ]);
  assert.deepEqual(samples[3].frames[7], frame('27304', '__libc_start_main@@GLIBC_2.34', 0x84, LIBC));
  assert.deepEqual(samples[1].frames[0], frame('ffffffff8162161c', '__alloc_frozen_pages_noprof', 0x3c, '[kernel.kallsyms]'));
  assert.equal(samples.flatMap((s) => s.frames).filter((f) => f.inlined).length, 0);
});

test('perf 6.1 `perf script` with inline expansion: (inlined) frames', () => {
  const { samples, warnings } = fixture('seed-demo-perf6.1-inline.txt');
  assert.deepEqual(warnings, []);
  assert.equal(samples.length, 7);
  assert.deepEqual(samples[0].frames, [
    frame('1462a', 'handle_amd', 0xa, LD),
    frame('1619d', 'dl_init_cacheinfo', 0xb0d, '', true),
    frame('1619d', 'init_cpu_features', 0xb0d, '', true),
    frame('1a303', 'dl_platform_init', 0x33, '', true),
    frame('1a303', '_dl_sysdep_start', 0x33, LD),
    frame('1bccb', '_dl_start_final', 0x55b, '', true),
    frame('1bccb', '_dl_start', 0x55b, LD),
    frame('1ab77', '_start', 0x7, LD),
  ]);
  const all = samples.flatMap((s) => s.frames);
  assert.equal(all.filter((f) => f.inlined).length, 87);
  // The hot loop: the leaf is std's wrapping_mul inlined into process_data.
  assert.deepEqual(samples[2].frames.slice(9, 11), [
    frame('13297', '<u64>::wrapping_mul', 0x47, '', true),
    frame('13297', 'seed_demo::process_data', 0x47, SEED),
  ]);
});

test('a frame line seen before is the same frame object, with the same meaning', () => {
  const text = [
    'rg 15700/15701 475.100000:    1003009 cpu-clock:ppp: ',
    '\t          132d1 rg::search::SearchWorker<W>::search+0x81 (/bin/rg)',
    '\t          11f00 main+0x20 (/bin/rg)',
    '',
    'rg 15700/15701 475.101000:    1003009 cpu-clock:ppp: ',
    '\t          132d1 rg::search::SearchWorker<W>::search+0x81 (/bin/rg)',
    '\t          11f01 main+0x21 (/bin/rg)',
    '',
    // The same address in a padded header's one-line sample is split, not looked up (not a whole frame line).
    '        rg 15700   475.102000:    1003009 cpu-clock:ppp:           132d1 rg::search::SearchWorker<W>::search+0x81 (/bin/rg)',
    '',
  ].join('\n');
  for (const cuts of [[], [7, 90, 91, 200]]) {
    const { samples, warnings } = parse(text, cuts);
    assert.deepEqual(warnings, []);
    assert.equal(samples.length, 3);
    const [a, b, c] = samples;
    assert.equal(a.frames[0], b.frames[0], 'one object for one line');
    assert.notEqual(a.frames[1], b.frames[1]);
    assert.deepEqual(b.frames[0], {
      addr: '132d1',
      symbol: 'rg::search::SearchWorker<W>::search',
      symOffset: 0x81,
      dso: '/bin/rg',
      inlined: false,
    });
    assert.deepEqual(c.frames[0], b.frames[0]);
    assert.notEqual(c.frames[0], b.frames[0]);
  }
});
