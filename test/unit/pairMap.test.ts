import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PairMap } from '../../src/model/pairMap';

test('PairMap numbers pairs in the order they come, finds them again after growing, and tells pairs apart by both halves', () => {
  const m = new PairMap(4);
  const pairs: [number, number][] = [];
  // Keys past 2^30, where a Map keyed a * 2^22 + b would have held heap numbers, and (a, b) vs (b, a).
  for (let a = 0; a < 300; a++) for (const b of [0, 1, a, 2 ** 30 + a, 2 ** 31 - 1]) pairs.push([a * 7919, b]);
  const seen = new Map<string, number>();
  for (const [a, b] of pairs) {
    const key = `${a},${b}`;
    const e = m.intern(a, b);
    if (!seen.has(key)) {
      assert.equal(e, seen.size, 'a new pair takes the next number');
      seen.set(key, e);
    } else assert.equal(e, seen.get(key));
  }
  assert.equal(m.size, seen.size);
  for (const [key, e] of seen) {
    const [a, b] = key.split(',').map(Number);
    assert.equal(m.get(a, b), e);
  }
  assert.equal(m.get(1, 7919), -1, '(b, a) is not (a, b)');
  assert.equal(m.get(5, 5), -1);
});
