// The history of a target's recordings (src/core/history.ts): one folder per
// recording named by its UTC start time, never reused; the newest N kept;
// only folders of ours removed, links never followed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync, lstatSync, mkdtempSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  createHistoryFolder,
  historyFolderName,
  listHistory,
  parseHistoryFolderName,
  profileJsonsUnder,
  pruneHistory,
} from '../../src/core/history';

function temp(): string {
  return mkdtempSync(path.join(tmpdir(), 'rf-history-'));
}

/** A recording folder of ours, started `i` minutes after a fixed time, with a perf.data of `bytes`. */
function recording(targetDir: string, i: number, bytes = 1000, file = 'perf.data'): string {
  const dir = path.join(targetDir, historyFolderName(new Date(Date.UTC(2026, 11, 2, 7, i, 5))));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, file), Buffer.alloc(bytes));
  return dir;
}

test('folder names: sortable UTC seconds, a suffix for the same second, read back; anything else is not ours', () => {
  const t = new Date(Date.UTC(2026, 11, 2, 7, 1, 5, 900));
  assert.equal(historyFolderName(t), '2026-12-02T07-01-05Z');
  assert.equal(historyFolderName(t, 2), '2026-12-02T07-01-05Z-2');
  assert.deepEqual(parseHistoryFolderName('2026-12-02T07-01-05Z'), { time: Date.UTC(2026, 11, 2, 7, 1, 5), suffix: 1 });
  assert.deepEqual(parseHistoryFolderName('2026-12-02T07-01-05Z-12'), { time: Date.UTC(2026, 11, 2, 7, 1, 5), suffix: 12 });
  for (const other of [
    'bin-app',
    'profile.json',
    '2026-12-02T07-01-05',
    '2026-12-02T07:01:05Z',
    '2026-12-02T07-01-05Z-',
    'x2026-12-02T07-01-05Z',
  ]) {
    assert.equal(parseHistoryFolderName(other), null, other);
  }
});

test('a new folder per recording, never reused: the same second gets -2, -3, and the newest sorts first', async () => {
  const root = temp();
  try {
    const target = path.join(root, 'profiles', 'bin-app');
    const now = new Date(Date.UTC(2026, 11, 2, 7, 1, 5));
    const made = [];
    for (let i = 0; i < 11; i++) made.push(await createHistoryFolder(target, now));
    assert.equal(new Set(made).size, 11, 'eleven distinct folders');
    assert.equal(path.basename(made[0]), '2026-12-02T07-01-05Z');
    assert.equal(path.basename(made[1]), '2026-12-02T07-01-05Z-2');
    assert.equal(path.basename(made[10]), '2026-12-02T07-01-05Z-11');
    for (const d of made) writeFileSync(path.join(d, 'profile.json'), '{}');
    // -11 is newer than -2 although it sorts before it as text.
    const listed = (await listHistory(target)).map((h) => h.name);
    assert.equal(listed[0], '2026-12-02T07-01-05Z-11');
    assert.equal(listed[listed.length - 1], '2026-12-02T07-01-05Z');
    assert.equal(listed[listed.length - 2], '2026-12-02T07-01-05Z-2');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('12 recordings, keep 10: the 2 oldest go with their size; links, other folders and empty ones are left alone', async () => {
  const root = temp();
  try {
    const target = path.join(root, 'profiles', 'bin-app');
    const dirs = Array.from({ length: 12 }, (_, i) => recording(target, i + 10, 1000 * (i + 1), i % 2 ? 'profile.json' : 'perf.data'));
    // Not ours: a folder of another name, a timestamp folder with neither file, a link named like ours to an older folder elsewhere.
    const mine = path.join(target, 'notes');
    mkdirSync(mine);
    writeFileSync(path.join(mine, 'perf.data'), 'x');
    const empty = path.join(target, historyFolderName(new Date(Date.UTC(2026, 0, 1))));
    mkdirSync(empty);
    const outside = path.join(root, 'elsewhere');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'perf.data'), 'keep me');
    const link = path.join(target, historyFolderName(new Date(Date.UTC(2025, 0, 1))));
    symlinkSync(outside, link);

    const listed = await listHistory(target);
    assert.deepEqual(
      listed.map((h) => h.dir),
      [...dirs].reverse(),
      'ours only, newest first',
    );
    assert.equal(listed[0].bytes, 12000);

    const { removed, freedBytes } = await pruneHistory(target, 10, dirs[11]);
    assert.deepEqual(
      removed.map((r) => r.dir),
      [dirs[1], dirs[0]],
    );
    assert.equal(freedBytes, 3000);
    for (const d of dirs.slice(2)) assert.ok(existsSync(d), `${d} kept`);
    for (const d of dirs.slice(0, 2)) assert.ok(!existsSync(d), `${d} removed`);
    assert.ok(existsSync(path.join(mine, 'perf.data')), 'a folder not named like ours is untouched');
    assert.ok(existsSync(empty), 'a timestamp folder without profile.json or perf.data is untouched');
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still there');
    assert.ok(existsSync(path.join(outside, 'perf.data')), 'nothing behind the link was removed');
    assert.equal((await listHistory(target)).length, 10);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the recording just written is never removed, even when older than the newest keep', async () => {
  const root = temp();
  try {
    const target = path.join(root, 'bin-app');
    const old = recording(target, 1);
    const a = recording(target, 2);
    const b = recording(target, 3);
    const { removed } = await pruneHistory(target, 1, old);
    assert.deepEqual(
      removed.map((r) => r.dir),
      [a],
    );
    assert.ok(existsSync(old) && existsSync(b));
    // keep below 1 still keeps the newest.
    await pruneHistory(target, 0);
    assert.deepEqual(readdirSync(target), [path.basename(b)]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the newest profile.json of each target, in the history or in the flat layout of before', async () => {
  const root = temp();
  try {
    const profiles = path.join(root, 'profiles');
    recording(path.join(profiles, 'bin-a'), 1, 10, 'profile.json');
    const newest = recording(path.join(profiles, 'bin-a'), 2, 10, 'profile.json');
    // A newer one whose symbolizing failed: a perf.data, no profile.json.
    recording(path.join(profiles, 'bin-a'), 3);
    mkdirSync(path.join(profiles, 'bin-flat'), { recursive: true });
    writeFileSync(path.join(profiles, 'bin-flat', 'profile.json'), '{}');
    const found = (await profileJsonsUnder(profiles)).sort();
    assert.deepEqual(found, [path.join(newest, 'profile.json'), path.join(profiles, 'bin-flat', 'profile.json')].sort());
    assert.deepEqual(await profileJsonsUnder(path.join(root, 'missing')), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
