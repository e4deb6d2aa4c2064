// The view model on real recordings (real cargo, real perf): the default
// transform makes each thread start at the user's code, and "your code" self
// gives the user's functions the std code they run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fixtureCrate } from '../helpers/repo';
import { recordJson } from './profileFixtures';
import { applyTransforms, DEFAULT_TRANSFORMS } from '../../src/model/transforms';
import { functionRows } from '../../src/model/functionsTable';
import { ownSelf } from '../../src/model/ownSelf';
import { sandwich } from '../../src/model/sandwich';
import type { Profile } from '../../src/model/profileTypes';

/** Names of the frames right under each thread node, with their samples. */
function threadStarts(profile: Profile): Map<string, string[]> {
  const t = applyTransforms(profile.tree, profile.frames, DEFAULT_TRANSFORMS).tree;
  const starts = new Map<string, string[]>();
  for (let v = 1; v < t.parent.length; v++) {
    const p = t.parent[v];
    if (p <= 0 || t.parent[p] !== 0) continue;
    const thread = profile.frames[t.frame[p]].name;
    starts.set(thread, [...(starts.get(thread) ?? []), profile.frames[t.frame[v]].name]);
  }
  return starts;
}

test("two threads: dropping start-up frames starts each at the user's thread closure; your-code self holds the std work", async () => {
  const { profile } = await recordJson(path.join(fixtureCrate('two-threads'), 'Cargo.toml'));
  const starts = threadStarts(profile);
  assert.deepEqual(starts.get('numbers'), ['two_threads::main::{{closure}}']);
  assert.deepEqual(starts.get('bytes'), ['two_threads::main::{{closure}}']);
  // Before: the spawned thread starts in the C library.
  const numbers = profile.tree.parent.findIndex((p, v) => p === 0 && profile.frames[profile.tree.frame[v]].name === 'numbers');
  const firstRaw = profile.tree.parent.indexOf(numbers);
  assert.match(profile.frames[profile.tree.frame[firstRaw]].name, /^(clone3?|start_thread)$/);

  // shuffle_bytes spends its time in std's rotate_left/memmove and black_box: plain self is a sliver, your-code self nearly all.
  const rows = functionRows(profile.tree, profile.frames);
  const shuffle = rows.find((r) => r.name === 'two_threads::shuffle_bytes')!;
  assert.ok(shuffle.self < shuffle.total * 0.3, `plain self ${shuffle.self} of ${shuffle.total}`);
  assert.ok(shuffle.ownSelf > shuffle.total * 0.9, `your-code self ${shuffle.ownSelf} of ${shuffle.total}`);
  // Every function's caller/callee and table row give the builder's own figures (once per sample).
  assert.equal(rows.length, profile.functions.length);
  for (const stat of profile.functions) {
    const row = rows.find((r) => r.name === stat.name && r.kind === stat.kind)!;
    const s = sandwich(profile.tree, row.frame);
    assert.deepEqual(
      [row.total, row.self, s.total, s.self],
      [stat.totalSamples, stat.selfSamples, stat.totalSamples, stat.selfSamples],
      stat.name,
    );
  }
});

test("inlined-hot: the user function owns its inlined std helper's samples and its line is the hottest your-code line", async () => {
  const crate = fixtureCrate('inlined-hot');
  const mainRs = path.join(crate, 'src', 'main.rs');
  const { profile } = await recordJson(path.join(crate, 'Cargo.toml'));
  assert.deepEqual(
    threadStarts(profile)
      .get('inlined-hot')
      ?.filter((n) => n.startsWith('inlined_hot::')),
    ['inlined_hot::main'],
  );
  const rows = functionRows(profile.tree, profile.frames);
  const mix = rows.find((r) => r.name === 'inlined_hot::mix')!;
  const hashAll = rows.find((r) => r.name === 'inlined_hot::hash_all')!;
  // `mix` is inlined into hash_all's loop, `wrapping_mul` into `mix`: every sample under mix is its own.
  assert.ok(mix.ownSelf > mix.total * 0.5 && mix.ownSelf >= mix.self, `mix: ${JSON.stringify(mix)}`);
  assert.equal(mix.ownSelf, mix.total, 'nothing under mix is user code');
  // hash_all calls user code (mix) for nearly all its time: it owns only the loop's std iterator.
  assert.ok(hashAll.ownSelf < hashAll.total * 0.2, `hash_all: ${JSON.stringify(hashAll)}`);
  const own = ownSelf(profile.tree, profile.frames);
  const top = own.byLine[0];
  assert.equal(top.file, mainRs);
  assert.ok(top.line >= 6 && top.line <= 11, `hottest your-code line ${top.line}`);
  assert.ok(top.ownSelf > profile.samples * 0.5);
  // The call line of mix in hash_all (18) only calls user code: not hot.
  const line18 = own.byLine.find((l) => l.file === mainRs && l.line === 18)?.ownSelf ?? 0;
  assert.ok(line18 < top.ownSelf * 0.2, `line 18 has ${line18}`);
});
