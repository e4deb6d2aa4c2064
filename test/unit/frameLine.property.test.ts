// splitFrameLine reads the common call-chain line by hand and leaves the rest to its regex (FRAME and
// fallbacks): both must give the same parts for any line. Lines are built from the pieces that matter
// to either reader (hex, blanks, "+0x", parentheses, spaces) so that near misses are frequent, plus
// every call-chain line of the corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { FrameText, newFrameText, splitFrameByRegex, splitFrameLine } from '../../src/core/perf/scriptLines';
import { corpusDir } from '../helpers/repo';

function both(line: string): [FrameText | false, FrameText | false] {
  const fast = newFrameText();
  const slow = newFrameText();
  let i = 0;
  while (i < line.length && ' \t\n\v\f\r'.includes(line[i])) i++;
  return [splitFrameLine(line, 0, fast) && fast, splitFrameByRegex(line, i, slow) && slow];
}

const piece = fc.constantFrom(
  '\t',
  ' ',
  '  ',
  '7f1e2215d058',
  'ABC',
  '0',
  'x',
  '+0x',
  '+0x1f',
  '+0xAB',
  'main',
  'std::rt::lang_start::{{closure}}',
  'Fn<()>',
  '(',
  ')',
  ' (',
  ') ',
  '(/usr/lib/libc.so.6)',
  '([kernel.kallsyms])',
  '(deleted)',
  '[unknown]',
  'é',
  '\r',
);

const pieces = (max: number) => fc.array(piece, { maxLength: max }).map((p) => p.join(''));
/** Lines shaped like call-chain lines, each part possibly spoiled by random pieces. */
const shaped = fc
  .tuple(
    fc.constantFrom('\t', '  ', '\t   ', ''),
    fc.constantFrom('7f1e2215d058', 'ffffffff8103d0ca', 'AbC0', '', 'xyz'),
    fc.constantFrom(' ', '\t', '   ', ''),
    pieces(4),
    fc.constantFrom('+0x81', '+0xAB', '+0x', '+0x1+0x2', '0x12', ''),
    fc.constantFrom(' ', '', '  '),
    fc.constantFrom('(/bin/prog)', '([unknown])', '(/lib/x.so (deleted))', '(a)b)', '()', '(/p q)'),
    fc.constantFrom('', ' ', '\r', ' extra', ')'),
  )
  .map((p) => p.join(''));

test('the hand-read frame line and the regex agree on built lines', () => {
  fc.assert(
    fc.property(fc.oneof(pieces(12), shaped), (line) => {
      const [fast, slow] = both(line);
      assert.deepEqual(fast, slow, JSON.stringify(line));
    }),
    { numRuns: 20000 },
  );
});

test('the hand-read frame line and the regex agree on every line of the corpus', () => {
  let frames = 0;
  for (const f of readdirSync(corpusDir()).filter((n) => n.endsWith('.txt'))) {
    for (const line of readFileSync(path.join(corpusDir(), f), 'utf8').split('\n')) {
      const [fast, slow] = both(line);
      assert.deepEqual(fast, slow, JSON.stringify(line));
      if (fast) frames++;
    }
  }
  assert.ok(frames > 10000, `${frames} frame lines`);
});
