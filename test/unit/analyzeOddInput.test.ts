// analyze on odd but possible input. It counts samples per distinct (thread,
// stack) and per distinct perf frame in maps keyed by strings: a thread name
// or a frame may hold any byte (a Rust program may call its thread
// "ev\u{1}il"), so no byte may be mistaken for a separator of those keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { analyzePerfScript } from '../../src/core/pipeline/analyze';
import type { Profile } from '../../src/model/profileTypes';

/** One `perf script` sample of `comm`: a header line, frames leaf first, then a blank line. */
function sample(comm: string, frames: [addr: string, symbol: string, dso: string][]): string {
  const lines = frames.map(([addr, symbol, dso]) => `\t${addr.padStart(16)} ${symbol}+0x1 (${dso})`);
  return `${comm}  8442   414.909005:    1003009 cpu-clock:ppp: \n${lines.join('\n')}\n\n`;
}

async function analyze(text: string): Promise<Profile> {
  return analyzePerfScript(Readable.from([Buffer.from(text)]), { resolveSourceLines: false });
}

/** Samples per thread (the root's children) and per path below it, as `thread;f1;f2` → total. */
function paths(profile: Profile): Map<string, number> {
  const { parent, frame, total } = profile.tree;
  const names: string[] = [];
  const out = new Map<string, number>();
  for (let n = 1; n < parent.length; n++) {
    names[n] = (parent[n] === 0 ? '' : `${names[parent[n]]};`) + profile.frames[frame[n]].name;
    out.set(names[n], total[n]);
  }
  return out;
}

const BIN = '/opt/app/bin/app';

test('a thread named with a \\u0001 byte keeps its name and its samples', async () => {
  const text =
    sample('ev\u0001il', [
      ['13192', 'work', BIN],
      ['130b0', '_start', BIN],
    ]) +
    sample('ev\u0001il', [
      ['13192', 'work', BIN],
      ['130b0', '_start', BIN],
    ]) +
    sample('ev', [
      ['13193', 'other', BIN],
      ['130b0', '_start', BIN],
    ]) +
    sample('\u0001\u0001', [['130b0', '_start', BIN]]);
  const profile = await analyze(text);
  assert.equal(profile.samples, 4);
  const p = paths(profile);
  assert.equal(p.get('ev\u0001il'), 2);
  assert.equal(p.get('ev\u0001il;_start;work'), 2);
  assert.equal(p.get('ev'), 1);
  assert.equal(p.get('ev;_start;other'), 1);
  assert.equal(p.get('\u0001\u0001;_start'), 1);
});

test('frames whose names hold NUL and other control bytes stay distinct', async () => {
  // perf's inlined frames (`(inlined)` lines) belong to the frame below them. Joined
  // with NUL and \u0002, the frames of each pair below would make the same key.
  const text =
    sample('app', [
      ['1', 'b\u00000\u0000c', 'inlined'],
      ['1', 'a', BIN],
      ['130b0', '_start', BIN],
    ]) +
    sample('app', [
      ['1', 'c', 'inlined'],
      ['1', 'a\u00000\u0000b', BIN],
      ['130b0', '_start', BIN],
    ]) +
    sample('app', [
      ['2', 'x\u0002y', 'inlined'],
      ['2', 'z', BIN],
      ['130b0', '_start', BIN],
    ]) +
    sample('app', [
      ['2', 'y', 'inlined'],
      ['2', 'x', 'inlined'],
      ['2', 'z', BIN],
      ['130b0', '_start', BIN],
    ]);
  const p = paths(await analyze(text));
  assert.equal(p.get('app;_start;a;b\u00000\u0000c'), 1);
  assert.equal(p.get('app;_start;a\u00000\u0000b;c'), 1);
  assert.equal(p.get('app;_start;z;x\u0002y'), 1);
  assert.equal(p.get('app;_start;z;x;y'), 1);
});

test("only the first sample's event is read, even when its header names none", async () => {
  // Text cut at a line that looks like a header without an event (found by
  // scriptRobustness.property.test.ts): that sample's event, '', is the one read.
  const text =
    '\u0000\t           69695 run_builtin (/usr/bin/perf)\n\t           1cfa6 main (/usr/bin/perf)\n\n' +
    sample('app', [['13192', 'work', BIN]]);
  const profile = await analyze(text);
  assert.equal(profile.samples, 1);
  assert.deepEqual([...paths(profile).keys()], ['\u0000\t', '\u0000\t;main']);
});

test('a warning analyze adds (samples of another event left out) is told to the reporter too, once', async () => {
  const text = sample('app', [['13192', 'work', BIN]]) + sample('app', [['13192', 'work', BIN]]).replace('cpu-clock', 'page-faults');
  const heard: unknown[] = [];
  const reporter = { warn: (m: unknown) => heard.push(m), info: () => {} };
  const profile = await analyzePerfScript(Readable.from([Buffer.from(text)]), { resolveSourceLines: false, reporter });
  assert.deepEqual(
    profile.meta.diagnostics?.map((d) => d.code),
    ['other-events-left-out'],
  );
  assert.deepEqual(heard, profile.meta.diagnostics);
});

test('a frame line with text after its (dso) keeps its frame, as stackcollapse-perf.pl does', async () => {
  const text = `prog  8442   414.909005:    1003009 cpu-clock:ppp: \n\t           13192 work+0x1 (${BIN}) trailing words\n\t           130b0 _start+0x1 (${BIN})\n\n`;
  const warnings: string[] = [];
  const profile = await analyzePerfScript(Readable.from([Buffer.from(text)]), {
    resolveSourceLines: false,
    reporter: { warn: (m) => warnings.push(typeof m === 'string' ? m : m.text), info: () => {} },
  });
  assert.equal(paths(profile).get('prog;_start;work'), 1);
  assert.deepEqual(warnings, []);
});

test('a 10 MB line is warned about once, with "skipped" said once', async () => {
  const text = `prog  8442   414.909005:    1003009 cpu-clock:ppp: \n\t${'x'.repeat(10 * 1024 * 1024)} (${BIN})\n\t           130b0 _start+0x1 (${BIN})\n\n`;
  const warnings: string[] = [];
  const profile = await analyzePerfScript(Readable.from([Buffer.from(text)]), {
    resolveSourceLines: false,
    reporter: { warn: (m) => warnings.push(typeof m === 'string' ? m : m.text), info: () => {} },
  });
  assert.equal(profile.samples, 1);
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0], /^perf script line 2: line of \d+ characters is too long to be perf script output; skipped\.$/);
});
