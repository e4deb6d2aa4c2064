// readElfInfo on crafted ELF headers (offsets beyond the file or 2^53, tables
// of gigabytes, truncated headers): each gives "no info" for that binary. Before
// the bounds checks some aborted Node itself (a C++ assertion in fs.read), which
// no try/catch can stop, so each file is read in a child process here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeCraftedElfs } from '../helpers/craftedElf';

const files = writeCraftedElfs();
const reader = require.resolve('../../src/core/elf/elfFile');

for (const [name, file] of files) {
  test(`readElfInfo of a crafted ELF (${name}): no info, no crash`, () => {
    const script = `require(${JSON.stringify(reader)}).readElfInfo(${JSON.stringify(file)}).then((i) => console.log(JSON.stringify(i ?? null)))`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, `exit ${r.status} ${r.signal ?? ''}\n${r.stderr}`);
    const info = JSON.parse(r.stdout) as { segments: unknown[]; sections: string[]; buildId?: string } | null;
    if (info) {
      assert.deepEqual(info.sections, [], 'no section names from outside the file');
      assert.equal(info.buildId, undefined);
    }
  });
}
