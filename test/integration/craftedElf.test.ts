// `rust-flamegraph report` of a saved perf script text whose frames name
// crafted ELF files as their dso: the report is written with perf's own names
// for those frames, and Node is never aborted (a header offset beyond 2^53 or a
// table of gigabytes once reached fs.read and failed a C++ assertion).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { runCli } from '../helpers/repo';
import { writeCraftedElfs } from '../helpers/craftedElf';

test('report of perf script text naming crafted ELFs as dso: written, perf names kept, no crash', async () => {
  const files = writeCraftedElfs();
  const dir = path.dirname([...files.values()][0]);
  let text = '';
  let i = 0;
  for (const file of files.values()) {
    text += `prog  100  1.${String(i).padStart(6, '0')}:    1000 cpu-clock:ppp:\n`;
    text += `\t    ${(0x1000 + i).toString(16)} crafted_fn_${i}+0x10 (${file})\n`;
    text += `\t    2000 main+0x5 (${file})\n\n`;
    i++;
  }
  const input = path.join(dir, 'crafted.txt');
  await fs.writeFile(input, text);
  const out = path.join(dir, 'out');
  const r = await runCli(['report', input, '--output', out], { timeoutMs: 120_000 });
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /Internal error|Assertion failed/);
  const folded = await fs.readFile(path.join(out, 'stacks.folded'), 'utf8');
  for (let k = 0; k < files.size; k++) assert.match(folded, new RegExp(`main;crafted_fn_${k} 1`), `frame ${k} keeps perf's name`);
});
