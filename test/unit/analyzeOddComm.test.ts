// A process name holding a control byte (\u0001, the separator of the stack
// keys) is still one stack: found by the robustness property test, now fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { analyzePerfScript } from '../../src/core/pipeline/analyze';
import { repoRoot } from '../helpers/repo';

test('a comm holding \\u0001 neither throws nor loses samples', async () => {
  const text = readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'perf', 'seed-demo-perf6.1-inline.txt'));
  const plain = await analyzePerfScript(Readable.from([text]), { resolveSourceLines: false });
  const odd = await analyzePerfScript(Readable.from([Buffer.concat([Buffer.from([1]), text])]), { resolveSourceLines: false });
  assert.ok(plain.samples > 0);
  assert.equal(odd.samples, plain.samples);
  assert.equal(odd.tree.total[0], plain.samples);
});
