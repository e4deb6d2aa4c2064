// Extension-host suite of the profile lenses (launched by ../lens.test.ts in
// a real VS Code): after profiling the bundled example, the language server
// started by the extension gives the 🔥 lens on process_data with the
// profile's percentage, ▶ Profile on main, hovers, line heat, stale marks,
// and Clear Profile Lenses.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RustFlamegraphApi } from '../../../src/extension/extension';
import type { SessionOutcome } from '../../../src/extension/engineSession';
import type { Profile } from '../../../src/model/profileTypes';
import { test, runAll, until } from './miniRunner';
import { DecorationSpy } from './apiSpies';

const workspace = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const mainRs = () => path.join(workspace(), 'seed-demo', 'src', 'main.rs');
let api: RustFlamegraphApi;
/** The line heat painted in visible editors. */
let heat: DecorationSpy;
let profile: Profile;

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
}
const readProfile = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const hot = (ls: vscode.CodeLens[]) => ls.filter((l) => l.command?.title.startsWith('🔥'));
const pct = (n: number) => `${((100 * n) / profile.samples).toFixed(1)}%`;

test('profiling the example through ▶-style profileTarget fills the lenses', async () => {
  const ext = vscode.extensions.getExtension<RustFlamegraphApi>('rust-flamegraph.rust-flamegraph')!;
  api = await ext.activate();
  assert.ok(api.jobs, 'activate() returned no API');
  heat = new DecorationSpy();
  const doc = await vscode.workspace.openTextDocument(mainRs());
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
  const before = hot(await lenses(doc.uri));
  assert.equal(before.length, 0, 'no profile yet, no 🔥 lens');
  // The job commands resolve with the job's outcome.
  const outcome = (await vscode.commands.executeCommand<SessionOutcome>('rustFlamegraph.profileTarget', {
    manifestPath: path.join(workspace(), 'seed-demo', 'Cargo.toml'),
    kind: 'bin',
    name: 'seed-demo',
  }))!;
  assert.ok(outcome.result, `profiling failed: ${outcome.failure?.message}`);
  profile = readProfile(outcome.result.profileJson!);
}, 320_000);

test('the 🔥 lens sits on process_data with the profile’s percentages; clicking reveals it', async () => {
  const uri = vscode.Uri.file(mainRs());
  const fnLine = 5; // `fn process_data(` (0-based), under #[inline(never)]
  const lens = await until(
    'the 🔥 lens on process_data',
    async () => hot(await lenses(uri)).find((l) => l.range.end.line === fnLine),
    60_000,
  );
  assert.equal(lens.range.start.line, 4, 'shown above its #[inline(never)]');
  const stat = profile.functions.find((f) => f.name === 'seed_demo::process_data')!;
  // self+libs of the fn: the sum over its lines (6-15) of the profile's per-line figure.
  const ownSelf = profile.lines
    .filter((l) => l.file === mainRs() && l.line >= 6 && l.line <= 15)
    .reduce((sum, l) => sum + (l.ownSelfSamples ?? 0), 0);
  assert.equal(lens.command!.title, `🔥 ${pct(stat.totalSamples)} total · ${pct(ownSelf)} self+libs`);
  assert.ok(ownSelf > stat.selfSamples, `the inlined wrapping_* helpers' samples are process_data's: ${ownSelf} > ${stat.selfSamples}`);
  assert.ok(stat.totalSamples > profile.samples * 0.5);
  assert.equal(lens.command!.command, 'rustFlamegraph.revealFunction');
  assert.equal(lens.command!.arguments![0], 'seed_demo::process_data');
  // The flamegraph's webview answers that it found and highlighted the function.
  assert.equal(await vscode.commands.executeCommand(lens.command!.command, ...lens.command!.arguments!), true);

  const all = await lenses(uri);
  const mainLens = all.find((l) => l.command?.title === '▶ Profile');
  assert.ok(mainLens, 'a ▶ Profile lens');
  assert.equal(mainLens.range.end.line, 20, 'on fn main');
  assert.deepEqual(mainLens.command!.arguments![0], {
    manifestPath: path.join(workspace(), 'seed-demo', 'Cargo.toml'),
    package: 'seed-demo',
    kind: 'bin',
    name: 'seed-demo',
  });
}, 90_000);

test('hover on the hot line tells its samples, callers and the heat scale; the line is painted', async () => {
  const uri = vscode.Uri.file(mainRs());
  const hovers = await until(
    'a hover on line 10',
    async () => {
      const h =
        (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(9, 12))) ?? [];
      return h.length ? h : undefined;
    },
    20_000,
  );
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
  const line10 = profile.lines.find((l) => l.file === mainRs() && l.line === 10)!;
  assert.match(text, new RegExp(`${line10.totalSamples} of ${profile.samples} samples pass through this line`));
  // The file name is Markdown-escaped (`main\.rs`), so that a name like `a*b_[x].rs` shows as text.
  assert.match(text, /Top callers:\n- `seed_demo::main` \(main\\\.rs:\d+\)/);
  assert.match(text, /Heat level [1-5] of 5/);
  // The profile editor opened over main.rs: show main.rs again, as the user would to see its heat.
  await vscode.window.showTextDocument(uri);
  const shown = await until('line heat decorations', () => heat.lines(uri)?.some((lines) => lines.includes(9)) && heat.lines(uri), 20_000);
  assert.ok(
    shown.some((lines) => lines.includes(9)),
    `line 10 painted: ${JSON.stringify(shown)}`,
  );
  // Its figure at its end, an inlay hint of the language server, as VS Code gets it.
  const hints = await until(
    'the inlay hint on line 10',
    async () => {
      const all = await vscode.commands.executeCommand<vscode.InlayHint[]>(
        'vscode.executeInlayHintProvider',
        uri,
        new vscode.Range(0, 0, 29, 0),
      );
      const at10 = (all ?? []).filter((h) => h.position.line === 9);
      return at10.length ? at10 : undefined;
    },
    20_000,
  );
  const label = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''))).join(' ');
  assert.equal(label, `🔥 ${pct(line10.ownSelfSamples!)} self+libs`);
  assert.equal(
    hints[0].position.character,
    '            *value = value.wrapping_mul(2).wrapping_add(1);'.length,
    'after the last character',
  );
}, 60_000);

test('an edit makes the lenses say the file changed; undo brings them back', async () => {
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(mainRs()));
  await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// edited\n'));
  await until(
    'stale lenses',
    async () => {
      const h = hot(await lenses(editor.document.uri));
      return h.length > 0 && h.every((l) => l.command!.title.endsWith('⚠ file changed since the profile'));
    },
    20_000,
  );
  await vscode.commands.executeCommand('undo');
  await until(
    'fresh lenses again',
    async () => {
      const h = hot(await lenses(editor.document.uri));
      return h.length > 0 && h.every((l) => !l.command!.title.includes('changed'));
    },
    20_000,
  );
}, 60_000);

test('▶ Profile on a #[test] of a library profiles that test alone, through the test harness', async () => {
  const libRs = path.join(workspace(), 'lens-attribution', 'src', 'lib.rs');
  const doc = await vscode.workspace.openTextDocument(libRs);
  await vscode.window.showTextDocument(doc);
  const testLine = doc
    .getText()
    .split('\n')
    .findIndex((l) => l.includes('fn checksum_is_stable'));
  const lens = await until(
    'the ▶ Profile lens of checksum_is_stable',
    async () => (await lenses(doc.uri)).find((l) => l.command?.title === '▶ Profile' && l.range.end.line === testLine),
    60_000,
  );
  assert.deepEqual(lens.command!.arguments![0], {
    manifestPath: path.join(workspace(), 'lens-attribution', 'Cargo.toml'),
    package: 'lens-attribution',
    kind: 'lib',
    name: 'lens_attribution',
    exactTest: 'tests::checksum_is_stable',
  });
  const outcome = (await vscode.commands.executeCommand<SessionOutcome>(lens.command!.command, ...lens.command!.arguments!))!;
  assert.ok(outcome.result, `profiling the test failed: ${outcome.failure?.message}`);
  const p = readProfile(outcome.result.profileJson!);
  assert.deepEqual(p.meta.command?.slice(1), ['tests::checksum_is_stable', '--exact'], 'the harness ran with the exact test name');
  assert.match(p.meta.command?.[0] ?? '', /lens_attribution-[0-9a-f]+$/, 'cargo test --no-run built the harness');
  assert.ok(p.functions.some((f) => f.name === 'lens_attribution::checksum' && f.totalSamples > 0));
  // And the new profile's lenses come to the library's source.
  await until('a 🔥 lens on checksum', async () => hot(await lenses(doc.uri)).length > 0, 60_000);
}, 320_000);

test('Rust Flamegraph: Clear Profile Lenses clears every lens and the heat', async () => {
  const uri = vscode.Uri.file(mainRs());
  await vscode.window.showTextDocument(uri);
  await vscode.commands.executeCommand('rustFlamegraph.clearLenses');
  await until('no 🔥 lens', async () => hot(await lenses(uri)).length === 0, 20_000);
  const libUri = vscode.Uri.file(path.join(workspace(), 'lens-attribution', 'src', 'lib.rs'));
  for (const u of [uri, libUri]) {
    const shown = heat.lines(u);
    assert.ok(!shown || shown.every((l) => l.length === 0), `heat cleared in ${u.fsPath}`);
  }
  // An editor shown after the clear gets no heat either.
  await vscode.window.showTextDocument(libUri);
  await new Promise((r) => setTimeout(r, 500));
  const later = heat.lines(libUri);
  assert.ok(!later || later.every((l) => l.length === 0), 'no heat after the clear');
  assert.equal(hot(await lenses(libUri)).length, 0);
  assert.ok(
    (await lenses(uri)).some((l) => l.command?.title === '▶ Profile'),
    '▶ Profile stays',
  );
}, 40_000);

export async function run(): Promise<void> {
  console.log(`profile lens suite in VS Code ${vscode.version}, workspace ${workspace()}`);
  await runAll();
}
