import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectTarget, CargoWorkspace, CargoTarget } from '../../src/core/cargo/metadata';
import { UserError, describeError } from '../../src/core/errors';

const t = (kind: CargoTarget['kind'], name: string, pkg: string): CargoTarget => ({
  kind,
  name,
  packageName: pkg,
  manifestPath: `/ws/${pkg}/Cargo.toml`,
  srcPath: '',
});
const ws = (targets: CargoTarget[], defaultRun: [string, string][] = []): CargoWorkspace => ({
  workspaceRoot: '/ws',
  targetDirectory: '/ws/target',
  targets,
  defaultRun: new Map(defaultRun),
});

test('one binary needs no flag', () => {
  assert.equal(selectTarget(ws([t('bin', 'app', 'app'), t('test', 'it', 'app'), t('example', 'ex', 'app')]), {}).name, 'app');
});

test('explicit flags choose examples, tests and benches', () => {
  const w = ws([t('bin', 'app', 'app'), t('test', 'it', 'app'), t('example', 'ex', 'app'), t('bench', 'b', 'lib')]);
  assert.equal(selectTarget(w, { example: 'ex' }).kind, 'example');
  assert.equal(selectTarget(w, { test: 'it' }).kind, 'test');
  assert.equal(selectTarget(w, { bench: 'b', package: 'lib' }).name, 'b');
});

test('an ambiguous choice is an error listing the candidates', () => {
  const w = ws([t('bin', 'one', 'a'), t('bin', 'two', 'b')]);
  const err = (() => {
    try {
      selectTarget(w, {});
    } catch (e) {
      return e;
    }
  })();
  assert.ok(err instanceof UserError);
  const text = describeError(err);
  assert.match(text, /several binaries/);
  assert.match(text, /--package a --bin one/);
  assert.match(text, /--package b --bin two/);
  assert.equal(selectTarget(w, { package: 'b' }).name, 'two');
});

test('default-run settles several binaries of one package; unknown names list the real ones', () => {
  const w = ws([t('bin', 'one', 'a'), t('bin', 'two', 'a')], [['a', 'two']]);
  assert.equal(selectTarget(w, {}).name, 'two');
  assert.throws(
    () => selectTarget(w, { bin: 'three' }),
    (e: unknown) => e instanceof UserError && /no bin named three/.test(e.message) && /--bin one/.test(e.fix!),
  );
  assert.throws(() => selectTarget(w, { package: 'zzz' }), /no package named zzz/);
  assert.throws(() => selectTarget(ws([]), {}), /nothing to run/);
});
