// run()'s line callbacks go through the one streaming splitter: a line cut
// between two pipe reads arrives once and whole, CRLF ends a line like LF, and
// the unfinished last line arrives at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/core/proc/run';

test('run passes whole lines of stdout and stderr, whatever the pipe chunks', async () => {
  const script = [
    'const w = (s, t) => new Promise((r) => setTimeout(() => { process[s].write(t); r(); }, 20));',
    "(async () => { await w('stdout', 'al'); await w('stdout', 'pha\\r\\nbé'); await w('stdout', 'ta\\ngamma');",
    "await w('stderr', 'warn'); await w('stderr', 'ing: x\\r\\n'); })();",
  ].join('\n');
  const out: string[] = [];
  const err: string[] = [];
  const r = await run(process.execPath, ['-e', script], { onStdoutLine: (l) => out.push(l), onStderrLine: (l) => err.push(l) });
  assert.equal(r.code, 0);
  assert.deepEqual(out, ['alpha', 'béta', 'gamma']);
  assert.deepEqual(err, ['warning: x']);
  assert.equal(r.stdout, 'alpha\r\nbéta\ngamma', 'the collected text is untouched');
});
