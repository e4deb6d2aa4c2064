// Colours from crates: frames of a crates.io dependency (itoa, vendored in the
// fixture: no network) are "dependency", the workspace's are "user", std's
// bundled hashbrown is std in a crate without dependencies — and `report` of
// the same perf.data, which runs no cargo, gives every frame the same kind as
// `record`. Every function is one frame, whatever lines addr2line knew.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fixtureCrate, runCli } from '../helpers/repo';
import { recordJson } from './profileFixtures';
import type { Profile } from '../../src/model/profileTypes';

async function recordAndReport(crate: string, programArgs: string[]): Promise<{ recorded: Profile; reported: Profile }> {
  const { profile: recorded, outputDir } = await recordJson(path.join(fixtureCrate(crate), 'Cargo.toml'), [], programArgs);
  const out = mkdtempSync(path.join(tmpdir(), 'rf-report-'));
  const cli = await runCli(['report', path.join(outputDir, 'perf.data'), '--output', out, '--json']);
  assert.equal(cli.code, 0, cli.stderr);
  const reported = JSON.parse(readFileSync(path.join(out, 'profile.json'), 'utf8')) as Profile;
  return { recorded, reported };
}

/** name → kind; fails when a function has two frames (the kernel's are apart). */
function kinds(p: Profile): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of p.frames) {
    if (f.kind === 'kernel' || f.kind === 'root' || f.kind === 'process') continue;
    assert.ok(!m.has(f.name), `${f.name} is two frames (${m.get(f.name)} and ${f.kind})`);
    m.set(f.name, f.kind);
  }
  return m;
}

function sameKinds(recorded: Profile, reported: Profile): Map<string, string> {
  const a = kinds(recorded);
  const b = kinds(reported);
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort(), 'the same functions');
  for (const [name, kind] of a) assert.equal(b.get(name), kind, `${name}: record says ${kind}, report says ${b.get(name)}`);
  return a;
}

test('a vendored crates.io dependency is "dependency", the workspace "user", in record and report alike', async () => {
  const { recorded, reported } = await recordAndReport('with-dependency', ['20000000']);
  assert.deepEqual(recorded.meta.crates, { workspace: ['with_dependency'], dependencies: ['itoa'] });
  const k = sameKinds(recorded, reported);
  const itoa = [...k].filter(([n]) => n.startsWith('itoa::'));
  assert.ok(itoa.length > 0, `itoa has samples: ${[...k.keys()].join(', ')}`);
  for (const [name, kind] of itoa) assert.equal(kind, 'dependency', name);
  const ours = [...k].filter(([n]) => n.startsWith('with_dependency::'));
  assert.ok(ours.some(([n]) => n === 'with_dependency::format_all'));
  for (const [name, kind] of ours) assert.equal(kind, 'user', name);
  for (const [name, kind] of k) if (name.startsWith('core::') || name.startsWith('std::')) assert.equal(kind, 'std', name);
});

test("std's bundled hashbrown is std, not a dependency, in a crate without dependencies", async () => {
  const { recorded, reported } = await recordAndReport('std-hashmap', []);
  assert.deepEqual(recorded.meta.crates, { workspace: ['std_hashmap'], dependencies: [] });
  const k = sameKinds(recorded, reported);
  const hashbrown = [...k].filter(([n]) => /(^|[<&[])hashbrown::/.test(n));
  assert.ok(hashbrown.length > 0, `hashbrown has samples: ${[...k.keys()].join(', ')}`);
  for (const [name, kind] of hashbrown) assert.equal(kind, 'std', name);
  assert.equal(k.get('std_hashmap::count_keys'), 'user');
  assert.ok(![...k.values()].includes('dependency'), 'nothing is a dependency');
});
