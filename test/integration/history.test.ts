// A history of profiles, with real cargo and perf: each `record` of a target
// goes into a new folder of its own (nothing replaced, no perf.data.old), the
// newest --keep N stay, --output refuses a folder that holds a perf.data, and
// the language server's search finds the newest recording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, existsSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runCli } from '../helpers/repo';
import { parseHistoryFolderName } from '../../src/core/history';
import { newestProfile } from '../../src/server/profileStore';

const spin = `
fn main() {
    let mut x = 0u64;
    loop { x = std::hint::black_box(x.wrapping_add(1)); }
}
`;

/** Every file under dir, links not followed. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

test('two recordings of a target: two folders, each with its perf.data, no .old; --keep 2 removes the oldest; --output refuses a perf.data; lsp finds the newest', async () => {
  const crate = mkdtempSync(path.join(tmpdir(), 'rf-history-'));
  try {
    mkdirSync(path.join(crate, 'src'));
    writeFileSync(
      path.join(crate, 'Cargo.toml'),
      '[package]\nname = "spin-history"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
    );
    writeFileSync(path.join(crate, 'src', 'main.rs'), spin);
    const manifest = path.join(crate, 'Cargo.toml');
    const target = path.join(crate, 'target');
    const profiles = path.join(target, 'rust-flamegraph', 'profiles');
    const history = path.join(profiles, 'bin-spin-history');
    const record = async (...extra: string[]) => {
      const r = await runCli(['record', '--manifest-path', manifest, '--duration', '1', '--json', ...extra]);
      assert.equal(r.code, 0, r.stderr);
      return { ...r, summary: JSON.parse(r.stdout) as { outputs: { profile: string } } };
    };
    const folders = () =>
      readdirSync(history)
        .filter((n) => parseHistoryFolderName(n))
        .sort();

    const first = await record();
    const second = await record();
    assert.equal(folders().length, 2, `two folders: ${readdirSync(history).join(', ')}`);
    const [a, b] = folders().map((n) => path.join(history, n));
    for (const dir of [a, b]) {
      assert.ok(statSync(path.join(dir, 'perf.data')).size > 0, `${dir}/perf.data`);
      assert.ok(existsSync(path.join(dir, 'profile.json')), `${dir}/profile.json`);
    }
    assert.equal(path.dirname(first.summary.outputs.profile), a, 'the first recording is still where it was written');
    assert.equal(path.dirname(second.summary.outputs.profile), b);
    assert.match(second.stderr, new RegExp(`perf\\.data kept in ${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/perf\\.data`));
    assert.deepEqual(
      filesUnder(profiles).filter((f) => f.endsWith('.old')),
      [],
      'no perf.data.old anywhere',
    );
    assert.doesNotMatch(second.stderr, /Removed/, 'two of ten: nothing removed');

    // The language server's search: the newest recording of the target.
    assert.equal(await newestProfile([target]), path.join(b, 'profile.json'));

    const third = await record('--keep', '2');
    const kept = folders().map((n) => path.join(history, n));
    assert.equal(kept.length, 2);
    assert.equal(kept[0], b, 'the second stays');
    assert.ok(!existsSync(a), 'the oldest is removed');
    assert.equal(path.dirname(third.summary.outputs.profile), kept[1]);
    assert.match(
      third.stderr,
      new RegExp(
        `Removed 1 old recording of .*bin-spin-history \\(keeping the newest 2\\): ${path.basename(a)}; freed \\d+(\\.\\d)? (MB|kB)\\.`,
      ),
    );
    assert.equal(await newestProfile([target]), third.summary.outputs.profile);

    // --output DIR is exactly DIR: one already holding a perf.data is refused, before any build, and left as it was.
    const perfData = path.join(kept[1], 'perf.data');
    const before = statSync(perfData);
    const refused = await runCli(['record', '--manifest-path', manifest, '--duration', '1', '--output', kept[1]]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(
      refused.stderr,
      /perf\.data already exists: recording into that folder would replace it\.\nRecord into another folder with --output DIR, or remove it first/,
    );
    assert.doesNotMatch(refused.stderr, /\n\s+at /, 'no stack trace');
    const after = statSync(perfData);
    assert.equal(after.size, before.size);
    assert.equal(after.mtimeMs, before.mtimeMs);
    assert.deepEqual(
      filesUnder(profiles).filter((f) => f.endsWith('.old')),
      [],
    );
  } finally {
    rmSync(crate, { recursive: true, force: true });
  }
});
