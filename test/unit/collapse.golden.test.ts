// collapsePerfScript against the oracle: for each `perf script` output in
// test/fixtures/perf-corpus, expected/NAME.folded is what Brendan Gregg's
// stackcollapse-perf.pl prints with default options and NAME.pid.folded with
// --pid. The output must be the same bytes.
// Also a real perf 6.1 recording of examples/seed-demo (test/fixtures/perf),
// whose .folded files came from the perl script's rules run by perl.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';

import { collapsePerfScript, PerfCollapser, CollapseOptions } from '../../src/core/perf/collapse';
import { PerfScriptWarning } from '../../src/core/perf/scriptTypes';
import { repoRoot } from '../helpers/repo';

// RF_REPO_ROOT: for runs bundled outside the repository, where walking up from __dirname finds nothing.
const root = () => process.env.RF_REPO_ROOT ?? repoRoot();
const corpus = () => path.join(root(), 'test', 'fixtures', 'perf-corpus');

const CORPUS_FILES = [
  'perf-cycles-instructions-01',
  'perf-dd-stacks-01',
  'perf-funcab-cmd-01',
  'perf-funcab-pid-01',
  'perf-iperf-stacks-pidtid-01',
  'perf-java-faults-01',
  'perf-java-stacks-01',
  'perf-java-stacks-02',
  'perf-js-stacks-01',
  'perf-mirageos-stacks-01',
  'perf-numa-stacks-01',
  'perf-rust-Yamakaky-dcpu',
  'perf-vertx-stacks-01',
];

const VARIANTS: Array<[string, CollapseOptions]> = [
  ['.folded', {}],
  ['.pid.folded', { pid: true }],
];

test('the corpus holds the 13 perf script outputs and their expected folds', () => {
  const dir = corpus();
  assert.ok(existsSync(dir), `corpus not found at ${dir}`);
  const names = readdirSync(dir)
    .filter((f) => f.startsWith('perf-') && f.endsWith('.txt'))
    .map((f) => f.slice(0, -4))
    .sort();
  assert.deepEqual(names, CORPUS_FILES);
});

for (const name of CORPUS_FILES) {
  for (const [suffix, opts] of VARIANTS) {
    test(`${name}${suffix}: same bytes as stackcollapse-perf.pl`, async () => {
      const dir = corpus();
      const want = readFileSync(path.join(dir, 'expected', name + suffix), 'utf8');
      // Small chunks: lines and samples cross chunk boundaries everywhere.
      const got = await collapsePerfScript(createReadStream(path.join(dir, name + '.txt'), { highWaterMark: 4093 }), opts);
      assert.equal(got, want);
    });
  }
}

test('corpus: one chunk and one-byte chunks fold the same', () => {
  const text = readFileSync(path.join(corpus(), 'perf-js-stacks-01.txt'));
  const whole = new PerfCollapser();
  whole.write(text);
  whole.end();
  const bytes = new PerfCollapser();
  for (let i = 0; i < text.length; i++) bytes.write(text.subarray(i, i + 1));
  bytes.end();
  assert.deepEqual(bytes.toFoldedLines(), whole.toFoldedLines());
  assert.equal(whole.toFoldedText(), readFileSync(path.join(corpus(), 'expected', 'perf-js-stacks-01.folded'), 'utf8'));
});

test('corpus: the warnings say what perl would drop, with line numbers', async () => {
  const warnings: PerfScriptWarning[] = [];
  await collapsePerfScript(createReadStream(path.join(corpus(), 'perf-cycles-instructions-01.txt')), {}, (w) => warnings.push(w));
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0].line, 43);
  assert.match(warnings[0].message, /cycles.*left out.*instructions/);

  const dd: PerfScriptWarning[] = [];
  await collapsePerfScript(createReadStream(path.join(corpus(), 'perf-dd-stacks-01.txt')), {}, (w) => dd.push(w));
  assert.deepEqual(
    dd.map((w) => w.line),
    [73],
  );
  assert.match(dd[0].message, /last sample/);
});

for (const variant of ['noinline', 'inline']) {
  for (const [suffix, opts] of VARIANTS) {
    test(`perf 6.1 seed-demo (${variant}) ${suffix}`, async () => {
      const base = path.join(root(), 'test', 'fixtures', 'perf', `seed-demo-perf6.1-${variant}`);
      const got = await collapsePerfScript(createReadStream(base + '.txt'), opts);
      assert.equal(got, readFileSync(base + suffix, 'utf8'));
    });
  }
}

test('perf 6.1 seed-demo: what the folded lines look like', async () => {
  const text = readFileSync(path.join(root(), 'test', 'fixtures', 'perf', 'seed-demo-perf6.1-noinline.txt'));
  const lines = (await collapsePerfScript(Readable.from([text]))).trimEnd().split('\n');
  assert.equal(lines.length, 5);
  // Three samples of the same stack, each of period 1003009.
  assert.ok(
    lines.includes(
      'seed-demo;_start;__libc_start_main@@GLIBC_2.34;__libc_start_call_main;main;std::rt::lang_start_internal;' +
        'std::rt::lang_start::{{closure}};std::sys::backtrace::__rust_begin_short_backtrace;seed_demo::main;seed_demo::process_data 3009027',
    ),
  );
});

test('options: --tid roots and --addrs unknown frames', async () => {
  const text = [
    'iperf 27409/28744 [000] 441995.133575: cpu-clock: ',
    '\t          4005b1 [unknown] (/root/lang/func_ab)',
    '\t               0 [unknown] ([unknown])',
    '',
    '',
  ].join('\n');
  assert.equal(await collapsePerfScript(Readable.from([text]), { tid: true }), 'iperf-27409/28744;[unknown];[func_ab] 1\n');
  assert.equal(await collapsePerfScript(Readable.from([text]), { addrs: true }), 'iperf;[unknown <0>];[func_ab <4005b1>] 1\n');
});

test('sorted by bytes, as perl sorts: code points above U+FFFF after U+E000..U+FFFF', async () => {
  const sample = (sym: string) => `x 1 [000] 1.0: 1 cycles: \n\t1 ${sym} (/b)\n\n`;
  const text = ['\u{1F600}', '\uFFFD', 'Z', 'a', '\u00e9', '\uE000'].map(sample).join('');
  const got = await collapsePerfScript(Readable.from([Buffer.from(text)]));
  const keys = got
    .trimEnd()
    .split('\n')
    .map((l) => l.split(' ')[0]);
  const byBytes = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  assert.deepEqual(keys, byBytes);
  assert.equal(keys.length, 6);
});

test('counts past 2^53 stay exact, past 2^64 print like perl doubles', async () => {
  const sample = (period: string, sym: string) => `a 1 [000] 1.0: ${period} cycles: \n\t1 ${sym} (/b)\n\n`;
  const text = [
    sample('9007199254740993', 'z'),
    sample('9007199254740993', 'z'),
    sample('18446744073709551615', 'y'),
    sample('18446744073709551615', 'y'),
    sample('100000000000000000000', 'w'),
  ].join('');
  const got = await collapsePerfScript(Readable.from([text]));
  // "a 1 [000] 1.0:" is the comm: perl's header regex wants two characters before the number.
  assert.equal(
    got,
    ['a_1_[000]_1.0:;w 1e+20', 'a_1_[000]_1.0:;y 3.68934881474191e+19', 'a_1_[000]_1.0:;z 18014398509481986', ''].join('\n'),
  );
});

test("stackcollapse-perf.pl's quirks, kept", async () => {
  const text = [
    // Java: signatures condensed, [unknown] named after its dso, "->" split into _[i] frames,
    // tidy_generic's cut at "(" (but not Go methods nor "(anonymous namespace)"), an
    // offset kept when a blank follows it, a symbol starting with "(" dropped.
    // (Checked against the perl script's rules run by perl.)
    'java 100/101 [000] 1.000001: 5 cycles: ',
    '\t1 Lorg/mozilla/Foo;.call(Lorg/X;)V (/tmp/perf-1.map)',
    '\t3 [unknown] (/usr/lib/libjvm.so)',
    '\t5 a->b->c+0x10 (/bin/x)',
    '\t7 foo;bar"q\'s (/bin/x)',
    '\t8 net/http.(*Client).Do (/bin/go)',
    '\ta ns::(anonymous namespace)::g(int) (/bin/x)',
    '\tb (process) (/bin/x)',
    '\td  (/bin/x)',
    '\tf bar+0x1f  (/bin/x)',
    '',
    // Another event than the first: left out.
    'java 100/101 [000] 1.000002: 7 instructions: ',
    '\t1 skipped (/bin/x)',
    '',
    // pid/tid with tid 0: the pid is "?"; a period of 0 counts 1.
    'swapper 0/0 [000] 1.000003: 0 cycles: ',
    '\t1 idle (/bin/x)',
    '',
    // No blank line between two samples: one stack under the second comm.
    'first 5 [000] 1.5: 3 cycles: ',
    '\t1 a (/bin/x)',
    'second 6 [000] 1.6: 4 cycles: ',
    '\t1 b (/bin/x)',
    '',
    // The last sample has no blank line after it: not counted.
    'last 13 [000] 2.2: 1 cycles: ',
    '\t1 z (/bin/x)',
  ].join('\n');
  const got = await collapsePerfScript(Readable.from([text]), { pid: true });
  assert.equal(
    got,
    [
      // "d  (/bin/x)" has no symbol: perl's (.+) makes it the frame " ".
      'java-100;bar+0x1f ; ;ns::(anonymous namespace)::g;net/http.(*Client).Do;foo:barqs;a;b_[i];c_[i];[libjvm.so];org/mozilla/Foo:.call 5',
      'second-?;b;a 4',
      'swapper-?;idle 1',
      '',
    ].join('\n'),
  );
});

test('input perl cannot read is folded anyway: CRLF, dsos with spaces, empty comm', async () => {
  const text = [
    'crlf 1 [000] 1.0: 5 cycles: ',
    '\t1 a+0x1 (/path with spaces/b)',
    '\t2 c (/lib/x.so (deleted))',
    '',
    ' 2 [000] 1.1: 5 cycles: ',
    '\t1 emptycomm (/b)',
    '',
    '',
  ].join('\r\n');
  assert.equal(await collapsePerfScript(Readable.from([text])), [';emptycomm 5', 'crlf;c;a 5', ''].join('\n'));
});

test('text after the dso is ignored and the frame kept, as perl keeps it', async () => {
  // Perl's stack-line regex, /^\s*(\w+)\s*(.+) \((\S*)\)/, is not anchored at the end: the last " (…)" wins.
  const text = [
    'prog 1 [000] 1.0: 5 cycles: ',
    '\t55d0 leaf+0x10 (/bin/prog) extra text',
    '\t55d1 mid+0x1 (/lib/x.so)abc) tail (x',
    '\t55d2 outer (/a b) (/lib/y.so) more',
    '\t55d3 main+0x4 (/bin/prog)',
    '',
    '',
  ].join('\n');
  const warnings: PerfScriptWarning[] = [];
  assert.equal(await collapsePerfScript(Readable.from([text]), {}, (w) => warnings.push(w)), 'prog;main;outer ;mid;leaf 5\n');
  assert.deepEqual(warnings, []);
});

test('a frame line folds the same looked up as split: java and other threads, inlined names, [unknown] with --addrs, the cache dropped on mostly new lines', async () => {
  // The corpus (java, inline `->` names, [unknown] frames) three times over, then 12k distinct frame lines and
  // the corpus again: the cache serves the repeats, is dropped during the distinct run, and the rest is split.
  const texts = CORPUS_FILES.map((n) => readFileSync(path.join(corpus(), n + '.txt'), 'utf8'));
  const distinct: string[] = [];
  for (let i = 0; i < 12_000; i++)
    distinct.push(
      `app ${i} [001] 1.0: instructions: \n\t  ${(0x1000 + i).toString(16)} fn_${i}+0x${i.toString(16)} (/bin/app)\n\t  ffff main+0x1 (/bin/app)\n`,
    );
  const all = [...texts, ...texts, ...texts, distinct.join('\n'), ...texts].join('\n');
  for (const opts of [{}, { pid: true, addrs: true }] as CollapseOptions[]) {
    const cached = await collapsePerfScript(Readable.from([Buffer.from(all)]), opts);
    const split = await collapsePerfScript(Readable.from([Buffer.from(all)]), { ...opts, cacheFrameLines: false });
    assert.equal(cached, split);
    assert.ok(cached.includes('fn_11999'));
  }
});
