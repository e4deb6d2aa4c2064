import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../src/cli/args';

test('record options and program arguments after --', () => {
  const o = parseArgs([
    'record',
    '--manifest-path',
    'a b/Cargo.toml',
    '--bin',
    'x',
    '--freq',
    '499',
    '--event',
    'page-faults',
    '--call-graph',
    'fp',
    '--compression',
    'none',
    '--duration',
    '2.5',
    '--output=out',
    '--json',
    '--',
    '--flag',
    'va lue',
  ]);
  assert.equal(o.command, 'record');
  assert.equal(o.manifestPath, 'a b/Cargo.toml');
  assert.equal(o.bin, 'x');
  assert.equal(o.settings.frequency, 499);
  assert.equal(o.settings.event, 'page-faults');
  assert.equal(o.settings.callGraph, 'fp');
  assert.equal(o.settings.compression, 'none');
  assert.equal(o.duration, 2.5);
  assert.equal(o.output, 'out');
  assert.equal(o.json, true);
  assert.deepEqual(o.programArgs, ['--flag', 'va lue']);
});

test('usage errors say what is wrong', () => {
  assert.throws(() => parseArgs(['profile']), /Unknown command "profile"/);
  assert.throws(() => parseArgs(['record', '--freq', 'fast']), /--freq takes a whole number/);
  assert.throws(() => parseArgs(['record', '--call-graph', 'magic']), /dwarf, dwarf,SIZE, fp or lbr/);
  assert.throws(() => parseArgs(['record', '--compression', 'gzip']), /--compression takes zstd or none, not "gzip"/);
  assert.throws(() => parseArgs(['record', 'extra']), /Program arguments go after --/);
  assert.throws(() => parseArgs(['report']), /needs exactly one FILE/);
  assert.throws(() => parseArgs(['collapse', 'a', '--bin', 'x']), /--bin does not apply to collapse/);
  assert.throws(() => parseArgs(['record', '--bin']), UsageError);
});

test('report and collapse take one file', () => {
  assert.equal(parseArgs(['report', 'perf.data', '--json']).file, 'perf.data');
  const c = parseArgs(['collapse', 'x.txt', '--pid']);
  assert.deepEqual([c.command, c.file, c.pid], ['collapse', 'x.txt', true]);
  assert.equal(parseArgs([]).command, 'help');
});

test('--keep N: how many recordings of the target stay (setting historySize, default 10)', () => {
  assert.equal(parseArgs(['record']).settings.historySize, 10);
  assert.equal(parseArgs(['record', '--keep', '3']).settings.historySize, 3);
  assert.throws(() => parseArgs(['record', '--keep', '0']), /--keep takes a whole number of recordings from 1 to 1000, not "0"/);
  assert.throws(() => parseArgs(['report', 'perf.data', '--keep', '3']), /--keep does not apply to report/);
});
