// cargo's target selection flags: parsed like cargo's, passed to cargo build
// exactly, and a target's required features checked before building.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../src/cli/args';
import { defaultRecordSettings, readRecordSettings } from '../../src/protocol/settings';
import { buildArgs, withTargetDir, profilingTargetDir } from '../../src/core/cargo/build';
import { enabledFeatures, missingRequiredFeatures } from '../../src/core/cargo/features';
import { selectTarget, CargoTarget } from '../../src/core/cargo/metadata';
import { targetNeedsFeatures } from '../../src/core/checks/messages';
import { describeError } from '../../src/core/errors';
import { editorView } from '../../src/model/diagnostics';

const bin = (name: string, extra: Partial<CargoTarget> = {}): CargoTarget => ({
  kind: 'bin',
  name,
  packageName: 'app',
  manifestPath: '/ws/Cargo.toml',
  srcPath: '',
  ...extra,
});

test('--features is repeatable, comma or space separated; --all-features and --no-default-features take no value', () => {
  const o = parseArgs(['record', '--features', 'a,b', '--features', 'c d', '--features=e', '--all-features', '--no-default-features']);
  assert.deepEqual(o.settings.features, ['a', 'b', 'c', 'd', 'e']);
  assert.equal(o.settings.allFeatures, true);
  assert.equal(o.settings.noDefaultFeatures, true);
  assert.deepEqual(parseArgs(['record', '--features', ' app/x , y ']).settings.features, ['app/x', 'y']);
  const none = parseArgs(['record']).settings;
  assert.deepEqual([none.features, none.allFeatures, none.noDefaultFeatures, none.targetDir], [[], false, false, '']);
  assert.equal(parseArgs(['record', '--target-dir', 'tgt']).settings.targetDir, 'tgt');
  assert.throws(
    () => parseArgs(['record', '--all-features=yes']),
    (e) => e instanceof UsageError && /takes no value/.test(e.message),
  );
  assert.throws(
    () => parseArgs(['record', '--features']),
    (e) => e instanceof UsageError && /needs a value/.test(e.message),
  );
  assert.throws(() => parseArgs(['report', 'x.data', '--features', 'a']), /does not apply to report/);
  // -F stays perf's frequency, as before.
  assert.equal(parseArgs(['record', '-F', '99']).settings.frequency, 99);
});

test('VS Code settings: features (list), allFeatures, noDefaultFeatures (booleans), targetDir', () => {
  const s = readRecordSettings(
    (k) => ({ features: ['a,b', 3, 'c'], allFeatures: true, noDefaultFeatures: 'yes', targetDir: ' t ' })[k as string],
  );
  assert.deepEqual(s.features, ['a', 'b', 'c']);
  assert.equal(s.allFeatures, true);
  assert.equal(s.noDefaultFeatures, false, 'not a boolean: the default');
  assert.equal(s.targetDir, 't');
});

test('cargo build and cargo test receive exactly the feature flags given', () => {
  const flags = { features: ['a', 'b'], allFeatures: true, noDefaultFeatures: true };
  assert.deepEqual(buildArgs(bin('x'), 'release', flags), [
    'build',
    '--message-format=json',
    '--manifest-path',
    '/ws/Cargo.toml',
    '--package',
    'app',
    '--bin',
    'x',
    '--features',
    'a,b',
    '--all-features',
    '--no-default-features',
    '--profile',
    'release',
  ]);
  assert.deepEqual(buildArgs(bin('x', { kind: 'lib', unitTests: true }), 'dev', { ...defaultRecordSettings(), features: ['f'] }), [
    'test',
    '--no-run',
    '--message-format=json',
    '--manifest-path',
    '/ws/Cargo.toml',
    '--package',
    'app',
    '--lib',
    '--features',
    'f',
    '--profile',
    'dev',
  ]);
  // No flag given: none passed (the package's default features, as cargo build alone).
  assert.deepEqual(buildArgs(bin('x'), 'release', defaultRecordSettings()), buildArgs(bin('x'), 'release'));
  assert.ok(!buildArgs(bin('x'), 'release').some((a) => a.includes('feature')));
});

test('--target-dir is the base of our build folder; relative to the workspace root', () => {
  const ws = { workspaceRoot: '/ws', targetDirectory: '/ws/target' };
  assert.equal(profilingTargetDir(withTargetDir(ws, '')), '/ws/target/rust-flamegraph');
  assert.equal(profilingTargetDir(withTargetDir(ws, '/big/tgt')), '/big/tgt/rust-flamegraph');
  assert.equal(profilingTargetDir(withTargetDir(ws, 'out/t')), '/ws/out/t/rust-flamegraph');
});

test('required features: default, what features enable in turn, --all-features, --no-default-features, pkg/feat', () => {
  const table = { default: ['std'], std: [], extra: ['fast', 'dep:serde'], fast: [], big: ['serde/derive'], serde: ['dep:serde'] };
  const none = { features: [] as string[], allFeatures: false, noDefaultFeatures: false };
  assert.deepEqual([...enabledFeatures(table, 'app', none)].sort(), ['default', 'std']);
  assert.deepEqual([...enabledFeatures(table, 'app', { ...none, features: ['extra'] })].sort(), ['default', 'extra', 'fast', 'std']);
  assert.deepEqual([...enabledFeatures(table, 'app', { ...none, features: ['big'], noDefaultFeatures: true })].sort(), ['big', 'serde']);
  const t = bin('needs', { requiredFeatures: ['fast'], featureTable: table });
  assert.deepEqual(missingRequiredFeatures(t, none), ['fast']);
  assert.deepEqual(missingRequiredFeatures(t, { ...none, features: ['extra'] }), []);
  assert.deepEqual(missingRequiredFeatures(t, { ...none, features: ['app/fast'] }), []);
  assert.deepEqual(missingRequiredFeatures(t, { ...none, features: ['other/fast'] }), ['fast']);
  assert.deepEqual(missingRequiredFeatures(t, { ...none, allFeatures: true }), []);
  assert.deepEqual(
    missingRequiredFeatures(bin('s', { requiredFeatures: ['std'], featureTable: table }), { ...none, noDefaultFeatures: true }),
    ['std'],
  );
  // What the table does not know (a dependency's feature) is left for cargo to judge.
  assert.deepEqual(missingRequiredFeatures(bin('d', { requiredFeatures: ['serde/derive'], featureTable: table }), none), []);
});

test('the needs-features message names --features in a terminal and the features setting in VS Code', () => {
  const d = targetNeedsFeatures('bin', 'needs-extra', 'app', ['extra']);
  const terminal = describeError(d);
  assert.match(terminal, /bin needs-extra of package app requires the feature extra, which this build does not enable/);
  assert.match(terminal, /--features extra/);
  assert.doesNotMatch(terminal, /rustFlamegraph/);
  const view = editorView(d.diagnostic);
  assert.match(view.text, /Add "extra" to rustFlamegraph\.features/);
  assert.equal(view.setting?.key, 'rustFlamegraph.features');
});

test('several binaries: the message says to choose with --bin NAME and lists the features a binary needs', () => {
  const ws = {
    workspaceRoot: '/ws',
    targetDirectory: '/ws/target',
    targets: [bin('app'), bin('needs-extra', { requiredFeatures: ['extra', 'more'], featureTable: { extra: [], more: [] } })],
    defaultRun: new Map<string, string>(),
  };
  const text = (() => {
    try {
      selectTarget(ws, {});
    } catch (e) {
      return describeError(e);
    }
    return '';
  })();
  assert.match(text, /Choose one with a flag: --bin NAME/);
  assert.match(text, /--package app --bin needs-extra --features extra,more/);
});
