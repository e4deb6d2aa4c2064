// The one profile reader: a good profile passes whole; every damaged one is
// refused with the exact sentence the user reads (problem, then fix).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProfileBuilder } from '../../src/model/builder';
import { parseProfile, MAX_NODES } from '../../src/model/parseProfile';
import type { Profile } from '../../src/model/profileTypes';
import { readProfileFile } from '../../src/core/export/readProfile';
import { describeError, UserError } from '../../src/core/errors';
import * as path from 'node:path';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

function good(): Profile {
  const b = new ProfileBuilder({ workspaceRoot: '/ws', mainBinary: null });
  b.addStack(
    'app',
    [
      { name: 'app::main', file: '/ws/src/main.rs', line: 3, inlined: false, dso: null },
      { name: 'app::work', file: '/ws/src/main.rs', line: 9, inlined: true, dso: null },
    ],
    5,
  );
  b.addStack('app', [{ name: 'app::main', file: '/ws/src/main.rs', line: 4, inlined: false, dso: null }], 2);
  return b.build({
    event: 'cpu-clock',
    frequency: 997,
    callGraph: 'dwarf',
    command: ['app'],
    workspaceRoot: '/ws',
    createdAt: 't',
    warnings: [],
  });
}

/** A good profile as plain JSON data, changed by `edit`. */
function bad(edit: (p: Record<string, any>) => void): unknown {
  const p = JSON.parse(JSON.stringify(good()));
  edit(p);
  return p;
}

const AGAIN = 'Record a profile again, or open its perf.data.';

test('a good profile, as text or as a value, comes back whole', () => {
  const p = good();
  const fromText = parseProfile(JSON.stringify(p));
  assert.ok(fromText.ok);
  assert.deepEqual(fromText.profile, p);
  const fromValue = parseProfile(p);
  assert.ok(fromValue.ok);
  assert.equal(fromValue.profile, p, 'a value is checked, not copied');
  // The page's slim copy (no language-server tables) is a profile too.
  assert.ok(parseProfile({ ...p, functions: [], lines: [] }).ok);
});

test('every damaged profile is refused with a plain message and its fix', () => {
  const cases: [string, unknown, string][] = [
    ['truncated JSON', JSON.stringify(good()).slice(0, 40), `/p/profile.json is not valid JSON (cut short while being written?). ${AGAIN}`],
    [
      'not a profile',
      { hello: 1 },
      '/p/profile.json is not a rust-flamegraph profile of schema version 1 (it has no schemaVersion). ' + AGAIN,
    ],
    ['an array', [1, 2], '/p/profile.json is not a rust-flamegraph profile of schema version 1 (it has no schemaVersion). ' + AGAIN],
    [
      'wrong version',
      bad((p) => (p.schemaVersion = 2)),
      '/p/profile.json is not a rust-flamegraph profile of schema version 1 (it has schemaVersion 2). Record it again with this version, or open its perf.data.',
    ],
    [
      'parent ≥ id',
      bad((p) => (p.tree.parent[2] = 2)),
      `/p/profile.json is a damaged rust-flamegraph profile (tree.parent[2] is 2, not a node before 2). ${AGAIN}`,
    ],
    [
      'no root',
      bad((p) => (p.tree.parent[0] = 0)),
      `/p/profile.json is a damaged rust-flamegraph profile (tree.parent[0] is 0, not -1 (the root)). ${AGAIN}`,
    ],
    [
      'frame index out of range',
      bad((p) => (p.tree.frame[3] = 99)),
      `/p/profile.json is a damaged rust-flamegraph profile (tree.frame[3] is 99, not one of the 4 frames). ${AGAIN}`,
    ],
    [
      'a string in a column',
      bad((p) => (p.tree.total[1] = '7')),
      `/p/profile.json is a damaged rust-flamegraph profile (tree.total[1] is "7", not a count). ${AGAIN}`,
    ],
    [
      'NaN in a column',
      bad((p) => (p.tree.self[1] = NaN)),
      `/p/profile.json is a damaged rust-flamegraph profile (tree.self[1] is NaN, not a count). ${AGAIN}`,
    ],
    [
      'a fraction line',
      bad((p) => (p.tree.line[2] = 1.5)),
      `/p/profile.json is a damaged rust-flamegraph profile (tree.line[2] is 1.5, not a line number). ${AGAIN}`,
    ],
    [
      'a short column',
      bad((p) => (p.tree.total = [7])),
      `/p/profile.json is a damaged rust-flamegraph profile (tree.total has 1 entries, tree.parent 4). ${AGAIN}`,
    ],
    [
      'huge arrays',
      bad((p) => (p.tree.parent = new Array(2 ** 25))),
      `/p/profile.json is a damaged rust-flamegraph profile (${2 ** 25} call-tree nodes, more than ${MAX_NODES}). ${AGAIN}`,
    ],
    [
      'a frame of no kind',
      bad((p) => (p.frames[1].kind = 'alien')),
      `/p/profile.json is a damaged rust-flamegraph profile (frames[1].kind is "alien"). ${AGAIN}`,
    ],
    [
      'a frame without a name',
      bad((p) => delete p.frames[2].name),
      `/p/profile.json is a damaged rust-flamegraph profile (frames[2].name is not text). ${AGAIN}`,
    ],
    ['no meta', bad((p) => delete p.meta), `/p/profile.json is a damaged rust-flamegraph profile (meta is missing). ${AGAIN}`],
    [
      'warnings not text',
      bad((p) => (p.meta.warnings = [1])),
      `/p/profile.json is a damaged rust-flamegraph profile (meta.warnings is not a list of text). ${AGAIN}`,
    ],
    [
      'samples not a count',
      bad((p) => (p.samples = -1)),
      `/p/profile.json is a damaged rust-flamegraph profile (samples is -1, not a count). ${AGAIN}`,
    ],
    [
      'a function without counts',
      bad((p) => delete p.functions[0].totalSamples),
      `/p/profile.json is a damaged rust-flamegraph profile (functions[0] has no sample counts). ${AGAIN}`,
    ],
    [
      "a function's your-code self not a count",
      bad((p) => (p.functions[0].ownSelfSamples = -3)),
      `/p/profile.json is a damaged rust-flamegraph profile (functions[0].ownSelfSamples is -3). ${AGAIN}`,
    ],
    [
      "a line's your-code self not a count",
      bad((p) => (p.lines[1].ownSelfSamples = '9')),
      `/p/profile.json is a damaged rust-flamegraph profile (lines[1].ownSelfSamples is "9"). ${AGAIN}`,
    ],
    [
      'a line without a file',
      bad((p) => (p.lines[1].file = null)),
      `/p/profile.json is a damaged rust-flamegraph profile (lines[1] has no file and line). ${AGAIN}`,
    ],
  ];
  for (const [what, input, message] of cases) {
    const r = parseProfile(input, '/p/profile.json');
    assert.equal(r.ok, false, what);
    if (!r.ok) assert.equal(r.error.message, message, what);
  }
});

test('ownSelfSamples: written by the builder; a profile written before, without it, is still a profile', () => {
  const p = good();
  assert.deepEqual(
    p.functions.map((f) => [f.name, f.selfSamples, f.ownSelfSamples]),
    [
      ['app::main', 2, 2],
      ['app::work', 5, 5],
    ],
  );
  assert.ok(p.lines.every((l) => typeof l.ownSelfSamples === 'number'));
  const older = bad((q) => {
    for (const r of [...q.functions, ...q.lines]) delete r.ownSelfSamples;
  });
  assert.ok(parseProfile(older).ok);
});

test('meta.title, when present, is text of at most 1000 characters', () => {
  const titled = bad((p) => (p.meta.title = 'bin seed-demo'));
  const r = parseProfile(titled);
  assert.ok(r.ok);
  assert.equal(r.profile.meta.title, 'bin seed-demo');
  assert.ok(parseProfile(bad((p) => (p.meta.title = 'x'.repeat(1000)))).ok);
  for (const title of [7, null, 'x'.repeat(1001)]) {
    const refused = parseProfile(
      bad((p) => (p.meta.title = title)),
      '/p/profile.json',
    );
    assert.equal(refused.ok, false, String(title).slice(0, 10));
    if (!refused.ok)
      assert.equal(
        refused.error.message,
        `/p/profile.json is a damaged rust-flamegraph profile (meta.title is not a short text). ${AGAIN}`,
      );
  }
});

test('the default subject, and the parts of the error', () => {
  const r = parseProfile('{"schemaVersion": 1, "tree"');
  assert.ok(!r.ok);
  assert.deepEqual(r.error, {
    code: 'not-json',
    problem: 'is not valid JSON (cut short while being written?)',
    fix: AGAIN,
    message: `The profile is not valid JSON (cut short while being written?). ${AGAIN}`,
  });
});

test('a corrupt profile.json on disk is a UserError in plain words, not an internal error', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-parse-'));
  try {
    const file = path.join(dir, 'profile.json');
    writeFileSync(file, '{"schemaVersion": 1, "tree"');
    await assert.rejects(readProfileFile(file), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.equal(describeError(e), `${file} is not valid JSON (cut short while being written?).\n${AGAIN}`);
      return true;
    });
    writeFileSync(file, JSON.stringify(good()));
    assert.equal((await readProfileFile(file)).profile.samples, 7);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('meta.crates, when present, is two lists of crate names', () => {
  const r = parseProfile(bad((p) => (p.meta.crates = { workspace: ['app'], dependencies: ['itoa'] })));
  assert.ok(r.ok);
  assert.deepEqual(r.profile.meta.crates, { workspace: ['app'], dependencies: ['itoa'] });
  assert.ok(parseProfile(good()).ok, 'absent in older profiles');
  for (const crates of [
    null,
    ['app'],
    { workspace: ['app'] },
    { workspace: 'app', dependencies: [] },
    { workspace: [], dependencies: [3] },
  ]) {
    const refused = parseProfile(
      bad((p) => (p.meta.crates = crates)),
      '/p/profile.json',
    );
    assert.equal(refused.ok, false, JSON.stringify(crates));
    if (!refused.ok)
      assert.equal(
        refused.error.message,
        `/p/profile.json is a damaged rust-flamegraph profile (meta.crates is not two lists of crate names). ${AGAIN}`,
      );
  }
});
