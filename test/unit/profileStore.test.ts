// Which profile the language server answers from: the newest profile.json
// under target/rust-flamegraph/profiles by mtime, one per workspace, the
// client's choice winning over a search; unreadable files in plain words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, mkdirSync, writeFileSync, utimesSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ProfileBuilder } from '../../src/model/builder';
import { ProfileStore, newestProfile } from '../../src/server/profileStore';

function writeProfile(dir: string, name: string, workspaceRoot: string, mtimeSec: number, fn: string): string {
  const b = new ProfileBuilder({ workspaceRoot, mainBinary: null });
  b.addStack('app', [{ name: fn, file: path.join(workspaceRoot, 'src', 'main.rs'), line: 3, inlined: false, dso: null }], 5);
  const p = b.build({ event: 'cpu-clock', frequency: 997, callGraph: null, command: null, workspaceRoot, createdAt: 'x', warnings: [] });
  const out = path.join(dir, 'rust-flamegraph', 'profiles', name);
  mkdirSync(out, { recursive: true });
  const file = path.join(out, 'profile.json');
  writeFileSync(file, JSON.stringify(p));
  utimesSync(file, mtimeSec, mtimeSec);
  return file;
}

test('the newest profile by mtime, one per workspace; the client wins over a search', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'rf-store-'));
  try {
    const target = path.join(root, 'target');
    const older = writeProfile(target, 'bin-a', root, 1_000_000, 'app::old');
    const newer = writeProfile(target, 'test-b', root, 2_000_000, 'app::new');
    assert.equal(await newestProfile([target, path.join(root, 'missing')]), newer);
    assert.equal(await newestProfile([path.join(root, 'missing')]), null);

    const store = new ProfileStore();
    await store.load(older, true);
    // A searched profile does not replace the one the client sent when that one is newer…
    const kept = await store.load(older, false);
    assert.equal(kept.profileJson, older);
    await store.load(newer, false);
    assert.equal(store.all.length, 1, 'one profile per workspace');
    assert.equal(store.all[0].profileJson, newer, '…but replaces an older one');
    // The client's choice always wins, even an older profile.
    await store.load(older, true);
    assert.equal(store.forFile(path.join(root, 'src', 'main.rs'))?.profileJson, older);
    assert.equal(store.forFile('/elsewhere/main.rs'), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the history layout (profiles/<kind>-<name>/<time>/profile.json): the newest by mtime, the flat layout still read', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'rf-store-'));
  try {
    const target = path.join(root, 'target');
    writeProfile(target, 'bin-a/2026-12-02T07-01-05Z', root, 1_000_000, 'app::first');
    const second = writeProfile(target, 'bin-a/2026-12-02T07-02-05Z', root, 2_000_000, 'app::second');
    const flat = writeProfile(target, 'bin-old', root, 1_500_000, 'app::flat');
    assert.equal(await newestProfile([target]), second);
    const third = writeProfile(target, 'test-b/2026-12-02T07-03-05Z', root, 3_000_000, 'app::third');
    assert.equal(await newestProfile([target]), third);
    // A flat profile newer than every recording of the history is still found.
    utimesSync(flat, 4_000_000, 4_000_000);
    assert.equal(await newestProfile([target]), flat);
    // Without a workspaceRoot, profiles of the same target directory are one workspace, in either layout.
    const store = new ProfileStore();
    const a = await store.load(second, true);
    const b = await store.load(third, false);
    assert.notEqual(a, b);
    assert.equal(store.all.length, 1, 'one profile per workspace');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a profile that cannot be used says why in plain words', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'rf-store-'));
  try {
    const store = new ProfileStore();
    await assert.rejects(
      store.load(path.join(root, 'nope.json')),
      /Cannot read the profile .*nope\.json: ENOENT\. Record a profile again\./,
    );
    writeFileSync(path.join(root, 'cut.json'), '{"schemaVersion": 1, "tree"');
    await assert.rejects(store.load(path.join(root, 'cut.json')), /is not valid JSON \(cut short while being written\?\)/);
    writeFileSync(path.join(root, 'other.json'), '{"hello": 1}');
    await assert.rejects(store.load(path.join(root, 'other.json')), /is not a rust-flamegraph profile of schema version 1/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
