// The command line's help explains every flag, the exit codes and the four
// outputs, and takes its defaults from the settings table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HELP, parseArgs, UsageError } from '../../src/cli/args';
import { RECORD_SETTINGS, defaultRecordSettings } from '../../src/protocol/settings';

const FLAGS = [
  '--manifest-path',
  '--package',
  '--bin',
  '--lib',
  '--example',
  '--test',
  '--bench',
  '--unit-tests',
  '--features',
  '--all-features',
  '--no-default-features',
  '--target-dir',
  '--profile',
  '--output',
  '--freq',
  '--event',
  '--call-graph',
  '--compression',
  '--duration',
  '--min-free',
  '--perf',
  '--json',
  '--verbose',
  '--pid',
  '--tid',
  '--stdio',
];

test('the help explains every flag on a line of its own', () => {
  for (const flag of FLAGS) {
    // An option line: the flag (and its value, its short form) in the first column, two spaces, its explanation.
    const explained = HELP.split('\n').some((l) => {
      const m = /^  (\S.*?)\s{2,}(\S.*)$/.exec(l);
      return m !== null && m[1].split(/[ ,]+/).includes(flag) && m[2].length > 10;
    });
    assert.ok(explained, `${flag} has no line of its own in the help`);
    assert.ok(HELP.includes(flag), `${flag} is not in the help`);
  }
});

test('the help names the exit codes and the four outputs, with the defaults of the settings table', () => {
  for (const code of ['0 done', '1 failed', '2 usage error', '130 aborted']) assert.ok(HELP.includes(code), code);
  for (const out of ['profile.json', 'stacks.folded', 'flamegraph.svg', 'flamegraph.html']) assert.ok(HELP.includes(out), out);
  assert.match(HELP, new RegExp(`--freq HZ\\s+sampling frequency \\(default ${RECORD_SETTINGS.frequency.default}\\)`));
  assert.match(HELP, new RegExp(`--profile NAME\\s+.*\\(default ${RECORD_SETTINGS.cargoProfile.default}\\)`));
  assert.match(HELP, new RegExp(`--call-graph MODE\\s+${RECORD_SETTINGS.callGraph.default} \\(the default`));
});

test('record --help and -h anywhere print the help; flags fill the recording settings over the table defaults', () => {
  assert.equal(parseArgs(['record', '--help']).command, 'help');
  assert.equal(parseArgs(['record', '--bin', 'x', '-h']).command, 'help');
  const o = parseArgs(['record', '-F', '99', '-e', 'cpu-clock', '--perf', '/opt/perf', '-p', 'app', '--', 'a', '--b']);
  assert.deepEqual(
    { ...o.settings },
    { ...defaultRecordSettings(), programArguments: ['a', '--b'], frequency: 99, event: 'cpu-clock', perfPath: '/opt/perf' },
  );
  assert.equal(o.package, 'app');
  assert.throws(() => parseArgs(['record', '--nope']), /Unknown option --nope for record/);
  assert.throws(() => parseArgs(['record', '--json=yes']), /--json takes no value/);
  assert.throws(() => parseArgs(['report', 'f', '--bin', 'x']), /--bin does not apply to report/);
  assert.throws(() => parseArgs(['report', 'f', '--', 'x']), /only for record/);
  assert.throws(() => parseArgs(['record', '--duration', '0']), UsageError);
  assert.equal(parseArgs(['record', '--output', '-o']).output, '-o', 'a value may start with a dash');
});
