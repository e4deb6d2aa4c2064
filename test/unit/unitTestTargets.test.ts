// Unit tests of a library or a binary as profiling targets: the CLI flags,
// the target choice, and the cargo command that builds the test harness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../src/cli/args';
import { selectTarget, CargoTarget, CargoWorkspace, describeTarget } from '../../src/core/cargo/metadata';
import { buildArgs } from '../../src/core/cargo/build';
import { targetHistoryDir } from '../../src/core/pipeline/record';
import { UserError } from '../../src/core/errors';

const t = (kind: CargoTarget['kind'], name: string, pkg = 'app'): CargoTarget => ({
  kind,
  name,
  packageName: pkg,
  manifestPath: `/ws/${pkg}/Cargo.toml`,
  srcPath: '',
});
const ws = (targets: CargoTarget[]): CargoWorkspace => ({
  workspaceRoot: '/ws',
  targetDirectory: '/ws/target',
  targets,
  defaultRun: new Map(),
});

test('record --lib / --bin X --unit-tests parse; lsp --stdio parses; misuse is a usage error', () => {
  const lib = parseArgs(['record', '--lib', '--', 'tests::adds', '--exact']);
  assert.deepEqual([lib.lib, lib.unitTests, lib.programArgs], [true, false, ['tests::adds', '--exact']]);
  const bin = parseArgs(['record', '--bin', 'app', '--unit-tests']);
  assert.deepEqual([bin.bin, bin.unitTests], ['app', true]);
  assert.equal(parseArgs(['lsp', '--stdio']).command, 'lsp');
  assert.throws(
    () => parseArgs(['record', '--unit-tests']),
    (e: unknown) => e instanceof UsageError && /--unit-tests goes with --bin/.test(e.message),
  );
  assert.throws(() => parseArgs(['report', 'x', '--lib']), /--lib does not apply to report/);
  assert.throws(() => parseArgs(['lsp', 'extra']), /lsp takes no arguments/);
});

test('a library is chosen only with --lib, and always through its tests', () => {
  const w = ws([t('lib', 'app_core'), t('bin', 'app'), t('test', 'it')]);
  assert.equal(selectTarget(w, {}).name, 'app', 'the lib is never the default');
  const lib = selectTarget(w, { lib: true });
  assert.deepEqual([lib.kind, lib.name, lib.unitTests], ['lib', 'app_core', true]);
  assert.equal(describeTarget(lib), '--package app --lib');
  const binTests = selectTarget(w, { bin: 'app', unitTests: true });
  assert.deepEqual([binTests.kind, binTests.unitTests], ['bin', true]);
  assert.equal(selectTarget(w, { bin: 'app' }).unitTests, undefined);
  assert.throws(
    () => selectTarget(ws([t('bin', 'app')]), { lib: true }),
    (e: unknown) => e instanceof UserError && /no library/.test(e.message),
  );
  assert.throws(() => selectTarget(w, { lib: true, bin: 'app' }), /exclude each other/);
  assert.throws(() => selectTarget(w, { test: 'it', unitTests: true }), /--unit-tests applies to a binary or the library/);
  assert.throws(() => selectTarget(ws([t('lib', 'only')]), {}), /nothing to run/);
});

test('the harness is built by cargo test --no-run; a plain target by cargo build', () => {
  assert.deepEqual(buildArgs({ ...t('lib', 'app_core'), unitTests: true }, 'release'), [
    'test',
    '--no-run',
    '--message-format=json',
    '--manifest-path',
    '/ws/app/Cargo.toml',
    '--package',
    'app',
    '--lib',
    '--profile',
    'release',
  ]);
  assert.deepEqual(
    buildArgs({ ...t('bin', 'app'), unitTests: true }, 'dev')
      .slice(0, 2)
      .concat(buildArgs({ ...t('bin', 'app'), unitTests: true }, 'dev').slice(-4)),
    ['test', '--no-run', '--bin', 'app', '--profile', 'dev'],
  );
  assert.equal(buildArgs(t('bin', 'app'), 'release')[0], 'build');
});

test("a binary's unit tests keep their profile beside the program's, not over it", () => {
  const w = ws([t('bin', 'app'), t('lib', 'app')]);
  assert.equal(targetHistoryDir(w, selectTarget(w, { bin: 'app' })), '/ws/target/rust-flamegraph/profiles/bin-app');
  assert.equal(targetHistoryDir(w, selectTarget(w, { bin: 'app', unitTests: true })), '/ws/target/rust-flamegraph/profiles/bin-app-tests');
  assert.equal(targetHistoryDir(w, selectTarget(w, { lib: true })), '/ws/target/rust-flamegraph/profiles/lib-app');
});
