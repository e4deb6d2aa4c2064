// The line splitter reads ASCII chunks as latin1 and the rest with the UTF-8 decoder: cut anywhere,
// with characters and bad bytes across the cuts, the lines are those of the whole text decoded at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lineSplitter } from '../../src/core/io/lineSplitter';

const piece = fc.constantFrom(
  Buffer.from('ab'),
  Buffer.from('\n'),
  Buffer.from('\r\n'),
  Buffer.from('é'),
  Buffer.from('€'),
  Buffer.from('😀'),
  Buffer.from([0xe2, 0x82]), // a cut-short character
  Buffer.from([0xff]),
  Buffer.from([0xc3]),
);

function linesOf(chunks: Buffer[]): string[] {
  const lines: string[] = [];
  const s = lineSplitter((l) => lines.push(l));
  for (const c of chunks) s.write(c);
  s.end();
  return lines;
}

test('lines are the same however the bytes are cut into chunks', () => {
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 6 }), (pieces, cuts) => {
      const whole = Buffer.concat(pieces);
      const at = [...new Set(cuts.map((c) => (whole.length === 0 ? 0 : c % whole.length)))].sort((a, b) => a - b);
      const chunks: Buffer[] = [];
      let from = 0;
      for (const c of at) (chunks.push(whole.subarray(from, c)), (from = c));
      chunks.push(whole.subarray(from));
      assert.deepEqual(linesOf(chunks), linesOf([whole]));
      const text = whole.toString();
      const expected = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
      if (text.endsWith('\n') || text === '') expected.pop();
      assert.deepEqual(linesOf([whole]), expected);
    }),
    { numRuns: 5000 },
  );
});

test('an empty chunk between the bytes of a cut character changes nothing', () => {
  // [a, 0xc3] [] [b\n c\n]: the decoder still holds 0xc3 after the empty chunk, so the next ASCII chunk is
  // no fresh start (it was read as latin1, and 0xc3's U+FFFD moved after the lines).
  const whole = Buffer.from([0x61, 0xc3, 0x62, 0x0a, 0x63, 0x0a]);
  assert.deepEqual(linesOf([whole.subarray(0, 2), Buffer.alloc(0), whole.subarray(2)]), linesOf([whole]));
  assert.deepEqual(linesOf([whole]), ['a\uFFFDb', 'c']);
});
