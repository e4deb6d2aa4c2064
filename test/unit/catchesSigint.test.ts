// A stop right after perf starts must wait for perf's SIGINT handler, or the
// signal kills perf before it writes a usable perf.data. catchesSigint reads
// that from /proc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { catchesSigint } from '../../src/core/perf/record';

test('catchesSigint tells a process with a SIGINT handler from one without', async () => {
  const plain = spawn('sleep', ['30'], { stdio: 'ignore' });
  const handler = spawn(process.execPath, ['-e', "process.on('SIGINT', () => {}); console.log('ready'); setTimeout(() => {}, 30000)"], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    await new Promise((resolve) => handler.stdout!.once('data', resolve));
    assert.equal(catchesSigint(plain.pid!), false, 'sleep keeps the default action');
    assert.equal(catchesSigint(handler.pid!), true, 'node with process.on(SIGINT) catches it');
  } finally {
    plain.kill('SIGKILL');
    handler.kill('SIGKILL');
  }
});
