// `report` of input without samples is an error in the command line too (exit
// 1, the same words VS Code shows, since both run the one report job), and it
// writes no empty outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as os from 'node:os';
import { promises as fs } from 'node:fs';
import { runCli } from '../helpers/repo';

test('report of an empty file: exit 1, "holds no samples" with the fix, and nothing written', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-empty-'));
  const input = path.join(dir, 'saved.txt');
  await fs.writeFile(input, '');
  const out = path.join(dir, 'out');
  const r = await runCli(['report', input, '--output', out]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^error: .*saved\.txt holds no samples\.\nRecord a longer run, or open another perf\.data\.\n$/m);
  assert.doesNotMatch(r.stderr, /Internal error|\n\s+at /);
  await assert.rejects(fs.access(out), 'no output folder was made');
});
