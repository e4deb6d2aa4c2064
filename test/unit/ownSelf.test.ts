// "Your code" attribution: each sample to the innermost user frame on its
// stack, with the std code above it, at that frame's line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownSelf } from '../../src/model/ownSelf';
import { functionRows, sortFunctionRows, filterFunctionRows } from '../../src/model/functionsTable';
import { built, frameId } from './helpers/builtProfile';

const stacks: [string, string[], number][] = [
  // The user's loop line 10 calls an inlined std helper: the hot work.
  ['app', ['app::main@3', 'app::work@10', 'core::num::wrapping_mul@800'], 8],
  // Line 12 only calls other user code: those samples are the callee's.
  ['app', ['app::main@3', 'app::work@12', 'app::helper@20'], 3],
  // No user frame on the stack: the sample stays with its leaf.
  ['app', ['std::rt::lang_start_internal@5', 'std::rt::cleanup@9'], 1],
];

test("a user line calling an inlined std helper owns the helper's samples; a line calling user code does not", () => {
  const p = built(stacks);
  const own = ownSelf(p.tree, p.frames);
  const work = frameId(p, 'app::work');
  assert.equal(p.functions.find((f) => f.name === 'app::work')!.selfSamples, 0, 'plain self says 0');
  assert.equal(own.byFrame[work], 8);
  assert.equal(own.byFrame[frameId(p, 'app::helper')], 3);
  assert.equal(own.byFrame[frameId(p, 'core::num::wrapping_mul')], 0);
  assert.equal(own.byFrame[frameId(p, 'std::rt::cleanup')], 1);
  assert.equal(
    own.byFrame.reduce((a, b) => a + b, 0),
    p.samples,
    'every sample owned once',
  );
  assert.deepEqual(own.byLine.slice(0, 2), [
    { file: '/ws/src/main.rs', line: 10, ownSelf: 8 },
    { file: '/ws/src/main.rs', line: 20, ownSelf: 3 },
  ]);
  assert.ok(!own.byLine.some((l) => l.file === '/ws/src/main.rs' && l.line === 12), 'the line that calls user code is not hot');
});

test('functions table: self, total once per sample, your-code self; sorted and filtered', () => {
  const p = built([...stacks, ['app', ['app::main@3', 'app::r@30', 'app::r@30'], 2]]);
  const rows = functionRows(p.tree, p.frames);
  const row = (n: string) => rows.find((r) => r.name === n)!;
  assert.deepEqual(
    { ...row('app::work') },
    { frame: frameId(p, 'app::work'), name: 'app::work', kind: 'user', self: 0, total: 11, ownSelf: 8, file: '/ws/src/main.rs', line: 10 },
  );
  assert.equal(row('app::r').total, 2, 'recursion counted once');
  assert.equal(row('app::r').self, 2);
  assert.deepEqual(
    sortFunctionRows(rows, 'ownSelf', false)
      .slice(0, 3)
      .map((r) => r.name),
    ['app::work', 'app::helper', 'app::r'],
  );
  assert.deepEqual(
    filterFunctionRows(rows, 'CORE::').map((r) => r.name),
    ['core::num::wrapping_mul'],
  );
  assert.equal(rows[0].name, 'app::main', 'heaviest total first');
  assert.ok(!rows.some((r) => r.name === 'app' || r.name === 'all'), 'threads and the root are not functions');
});
