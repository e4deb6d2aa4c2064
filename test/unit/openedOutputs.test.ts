// Where VS Code writes the profile.json of an opened perf.data
// (src/extension/openedOutputs.ts): beside it only in a profiles folder of
// ours, else in the extension's storage under a folder named by the file's path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as os from 'node:os';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { isInProfilesFolder, openedOutputDir } from '../../src/extension/openedOutputs';

const tmp = () => realpathSync(mkdtempSync(path.join(os.tmpdir(), 'rf-opened-')));

test('a perf.data in a folder of its own (a repository, Downloads): profile.json goes to the storage, not beside it', async () => {
  const dir = tmp();
  const storage = path.join(dir, 'storage');
  const perfData = path.join(dir, 'repo', 'perf.data');
  mkdirSync(path.dirname(perfData));
  writeFileSync(perfData, '');
  const out = await openedOutputDir(perfData, storage);
  assert.equal(out.beside, false);
  assert.equal(path.dirname(out.dir), path.join(storage, 'profiles'));
  assert.match(path.basename(out.dir), /^[0-9a-f]{16}$/);
  // One folder per file: the same file again → the same folder; another file → another.
  assert.equal((await openedOutputDir(perfData, storage)).dir, out.dir);
  assert.notEqual((await openedOutputDir(path.join(dir, 'perf.data'), storage)).dir, out.dir);
});

test('a perf.data of our profiles folder (<target>/rust-flamegraph/profiles/…): profile.json beside it', async () => {
  const dir = tmp();
  const folder = path.join(dir, 'target', 'rust-flamegraph', 'profiles', 'bin-demo', '2026-01-01T00-00-00Z');
  mkdirSync(folder, { recursive: true });
  const out = await openedOutputDir(path.join(folder, 'perf.data'), path.join(dir, 'storage'));
  assert.deepEqual(out, { dir: folder, beside: true });
});

test('a link named like a profiles folder that leads elsewhere does not count', async () => {
  const dir = tmp();
  const elsewhere = path.join(dir, 'elsewhere');
  mkdirSync(elsewhere);
  mkdirSync(path.join(dir, 'rust-flamegraph', 'profiles'), { recursive: true });
  symlinkSync(elsewhere, path.join(dir, 'rust-flamegraph', 'profiles', 'x'));
  const out = await openedOutputDir(path.join(dir, 'rust-flamegraph', 'profiles', 'x', 'perf.data'), path.join(dir, 'storage'));
  assert.equal(out.beside, false);
});

test('isInProfilesFolder: the two names in a row, as whole folder names', () => {
  assert.equal(isInProfilesFolder('/w/target/rust-flamegraph/profiles'), true);
  assert.equal(isInProfilesFolder('/w/target/rust-flamegraph/profiles/bin-a/t'), true);
  assert.equal(isInProfilesFolder('/w/target/rust-flamegraph'), false);
  assert.equal(isInProfilesFolder('/w/my-rust-flamegraph/profiles'), false);
  assert.equal(isInProfilesFolder('/w/rust-flamegraph/profiles-old'), false);
});
