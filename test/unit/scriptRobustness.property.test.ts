// Garbage in, no crash out: `perf script` text mutated at random (cut short,
// lines dropped or repeated, bytes that are not UTF-8, lines of 200 KB, NULs)
// never makes analyze or collapse throw, and the sample totals still add up.
// Inputs: FlameGraph's perf script corpus (test/fixtures/perf-corpus) and our perf 6.1 recordings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { analyzePerfScript } from '../../src/core/pipeline/analyze';
import { collapsePerfScript } from '../../src/core/perf/collapse';
import { PerfScriptParser } from '../../src/core/perf/scriptParser';
import { corpusDir, repoRoot } from '../helpers/repo';
import type { Profile } from '../../src/model/profileTypes';

const files = [
  ...readdirSync(corpusDir())
    .filter((f) => f.startsWith('perf-') && f.endsWith('.txt'))
    .map((f) => path.join(corpusDir(), f)),
  ...readdirSync(path.join(repoRoot(), 'test', 'fixtures', 'perf'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => path.join(repoRoot(), 'test', 'fixtures', 'perf', f)),
].filter((f) => readFileSync(f).length < 300_000); // the 1 MB vertx file makes each run slow; its shapes are in the others
const corpus = files.map((f) => readFileSync(f));

/** Splits into lines keeping their ends, so mutations work line-wise and byte-wise. */
function lines(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] === 0x0a) (out.push(buf.subarray(start, i + 1)), (start = i + 1));
  if (start < buf.length) out.push(buf.subarray(start));
  return out;
}

const weirdBytes = fc.uint8Array({ minLength: 1, maxLength: 40 }).map((a) => Buffer.from(a));
const invalidUtf8 = fc.constantFrom(
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xc3]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0]),
);
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('dropLines' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    count: fc.integer({ min: 1, max: 20 }),
  }),
  fc.record({
    kind: fc.constant('repeatLine' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    count: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({
    kind: fc.constant('insertBytes' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.oneof(weirdBytes, invalidUtf8),
  }),
  fc.record({
    kind: fc.constant('longLine' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    size: fc.integer({ min: 70_000, max: 200_000 }),
  }),
);

interface Mutation {
  kind: string;
  at: number;
  count?: number;
  bytes?: Buffer;
  size?: number;
}

function mutate(buf: Buffer, muts: Mutation[]): Buffer {
  let b = buf;
  for (const m of muts) {
    const ls = lines(b);
    const i = Math.min(ls.length - 1, Math.floor(m.at * ls.length));
    const pos = Math.floor(m.at * b.length);
    switch (m.kind) {
      case 'truncate':
        b = b.subarray(0, pos);
        break;
      case 'dropLines':
        ls.splice(i, m.count!);
        b = Buffer.concat(ls);
        break;
      case 'repeatLine':
        if (i >= 0) ls.splice(i, 0, ...Array(m.count!).fill(ls[i]));
        b = Buffer.concat(ls);
        break;
      case 'insertBytes':
        b = Buffer.concat([b.subarray(0, pos), m.bytes!, b.subarray(pos)]);
        break;
      case 'longLine':
        b = Buffer.concat([
          b.subarray(0, pos),
          Buffer.from(`\t    55d0c0a01234 ${'x'.repeat(m.size!)}+0x1 (/bin/long)\n`),
          b.subarray(pos),
        ]);
        break;
    }
  }
  return b;
}

/** Chunks of odd sizes, as a pipe delivers them (a line, a UTF-8 sequence split anywhere). */
function stream(buf: Buffer, chunk: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
  return Readable.from(parts);
}

function firstEventSamples(buf: Buffer): { count: number; periods: number } {
  let event: string | undefined;
  let count = 0;
  let periods = 0;
  const p = new PerfScriptParser((s) => {
    const e = s.event.split(':')[0];
    event ??= e;
    if (e !== event) return;
    count++;
    periods += s.period || 1;
  });
  p.write(buf);
  p.end();
  return { count, periods };
}

function checkTotals(profile: Profile, expectedSamples: number): void {
  const { parent, self, total } = profile.tree;
  const selfSum = self.reduce((a, b) => a + b, 0);
  assert.equal(profile.samples, expectedSamples, 'every parsed sample of the first event is counted');
  assert.equal(total[0], profile.samples, 'root total = samples');
  assert.equal(selfSum, profile.samples, 'sum of self = samples');
  const childSum = new Array<number>(parent.length).fill(0);
  for (let n = 1; n < parent.length; n++) childSum[parent[n]] += total[n];
  for (let n = 0; n < parent.length; n++) assert.equal(total[n], self[n] + childSum[n], `node ${n}: total = self + children`);
}

test('analyze never throws on mutated perf script text, and its totals add up', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: corpus.length - 1 }),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: 70_000 }),
      async (fi, muts, chunk) => {
        const input = mutate(corpus[fi], muts);
        const profile = await analyzePerfScript(stream(input, chunk), { resolveSourceLines: false });
        checkTotals(profile, firstEventSamples(input).count);
        // The model must survive JSON (profile.json): no lone surrogates turned into garbage, no cycles.
        assert.doesNotThrow(() => JSON.parse(JSON.stringify(profile)));
      },
    ),
    { numRuns: 60 },
  );
});

test('collapse never throws on mutated text; its lines are "stack count"; with names mangled its counts equal the parsed samples', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: corpus.length - 1 }),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: 70_000 }),
      async (fi, muts, chunk) => {
        const folded = await collapsePerfScript(stream(mutate(corpus[fi], muts), chunk));
        for (const l of folded.split('\n').filter(Boolean)) assert.match(l, / \d+(\.\d+)?(e\+\d+)?$/, l.slice(-80));
      },
    ),
    { numRuns: 60 },
  );
  // Frame names replaced by arbitrary bytes (non-UTF-8, 100 KB long, ';' and spaces): the structure stays,
  // so stackcollapse's sum of counts must equal the periods of the samples the parser reads.
  const name = fc
    .oneof(
      fc.uint8Array({ minLength: 1, maxLength: 60 }),
      fc.constant(new Uint8Array(100_000).fill(0x41)),
      fc.constant(Uint8Array.from([0xff, 0x3b, 0xc3, 0x20, 0x28])),
    )
    .map(
      (a) =>
        Buffer.from(a)
          .toString('latin1')
          .replace(/[\r\n\0]/g, '?')
          .trim() || 'x',
    );
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: corpus.length - 1 }),
      name,
      fc.double({ min: 0, max: 1, noNaN: true }),
      async (fi, newName, share) => {
        const text = corpus[fi].toString('latin1');
        let k = 0;
        const mangled = text.replace(/^(\s+[0-9a-f]+ |[0-9a-f]{6,} )(\S[^\n]*?)(\+0x[0-9a-f]+)?( \([^\n]*\))$/gm, (m, a, _s, off, dso) =>
          (k++ % 10) / 10 < share ? `${a}${newName}${off ?? ''}${dso}` : m,
        );
        assert.ok(k > 0, 'frame lines were found and renamed');
        let input = Buffer.from(mangled, 'latin1');
        if (!input.subarray(-2).equals(Buffer.from('\n\n'))) input = Buffer.concat([input, Buffer.from('\n\n')]);
        const folded = await collapsePerfScript(stream(input, 4096));
        const sum = folded
          .split('\n')
          .filter(Boolean)
          .reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
        const expected = firstEventSamples(input).periods;
        assert.ok(expected > 0);
        assert.equal(sum, expected);
      },
    ),
    { numRuns: 60 },
  );
});
