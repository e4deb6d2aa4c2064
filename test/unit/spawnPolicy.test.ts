// The spawn rule of an untrusted workspace (src/core/proc/spawnPolicy.ts) as
// options: the folder a program runs in, the PATH it is found on and passes
// on, the programs refused. The report job under it: test/integration/untrustedSpawns.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as os from 'node:os';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { safePath, untrustedSpawnOptions } from '../../src/core/proc/spawnPolicy';

const ws = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'rf-policy-')));
mkdirSync(path.join(ws, 'bin'));

test('a program runs in an empty folder outside the workspace, whatever folder it asked for', () => {
  const o = untrustedSpawnOptions('rustc', { cwd: ws }, [ws]);
  const cwd = String(o.cwd);
  assert.ok(!cwd.startsWith(ws), cwd);
  assert.deepEqual(readdirSync(cwd), []);
});

test('the PATH keeps only absolute folders outside the workspace, also through a link', () => {
  const link = path.join(mkdtempSync(path.join(os.tmpdir(), 'rf-policy-link-')), 'bin');
  symlinkSync(path.join(ws, 'bin'), link);
  const given = ['', '.', 'bin', './tools', path.join(ws, 'bin'), link, '/usr/local/bin', '/usr/bin'].join(path.delimiter);
  assert.equal(safePath(given, [ws]), ['/usr/local/bin', '/usr/bin'].join(path.delimiter));
  const o = untrustedSpawnOptions('perf', { env: { PATH: given, KEEP: 'x' } }, [ws]);
  assert.equal(o.env?.PATH, ['/usr/local/bin', '/usr/bin'].join(path.delimiter));
  assert.equal(o.env?.KEEP, 'x', 'the rest of the environment is kept');
});

test('a program named by a relative path or a path inside the workspace is refused; one outside is run', () => {
  for (const file of ['bin/perf', './perf', path.join(ws, 'bin', 'perf'), path.join(ws, 'sub', '..', 'bin', 'rustc')]) {
    assert.throws(
      () => untrustedSpawnOptions(file, {}, [ws]),
      (e: Error & { diagnostic?: { code: string } }) => e.diagnostic?.code === 'untrusted-tool-path',
      file,
    );
  }
  assert.doesNotThrow(() => untrustedSpawnOptions('/usr/bin/perf', {}, [ws]));
  assert.doesNotThrow(() => untrustedSpawnOptions(`${ws}-sibling/perf`, {}, [ws]), 'a folder whose name starts alike is not inside');
});
