// The extension-host suite: runs inside a real VS Code (code-server 1.100.3)
// with the extension under development loaded, on a temporary workspace that
// holds copies of examples/seed-demo and of the fixtures multi-target and
// broken-build (see ../extensionHost.test.ts). Everything is real: cargo
// builds, perf records, the webview bundle runs in Chromium.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RustFlamegraphApi } from '../../../src/extension/extension';
import type { SessionOutcome } from '../../../src/extension/engineSession';
import type { Profile } from '../../../src/model/profileTypes';
import { offerActions } from '../../../src/extension/userMessages';
import { editorView } from '../../../src/model/diagnostics';
import { perfNotPermitted, stacksDoNotUnwind } from '../../../src/core/checks/messages';
import { test, runAll, nextEvent, until } from './miniRunner';
import { RecordedView } from './recordedView';
import { nextCall } from './apiSpies';
import type { TargetPickItem } from '../../../src/extension/targetPicker';
import { COMMANDS } from '../../../src/protocol/lspProtocol';

const C = COMMANDS;

const workspace = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
let api: RustFlamegraphApi;

async function openFile(file: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file), { viewColumn: vscode.ViewColumn.One });
}

/** Runs a command that starts a job and resolves with the job's outcome (what the job commands resolve with). */
async function runJob(command: string, ...args: unknown[]): Promise<SessionOutcome> {
  const outcome = await vscode.commands.executeCommand<SessionOutcome | undefined>(command, ...args);
  assert.ok(outcome, `${command} ran no job`);
  return outcome;
}

/** A job command started now, to be awaited later. */
function startJob(command: string, ...args: unknown[]): Promise<SessionOutcome> {
  return Promise.resolve(vscode.commands.executeCommand<SessionOutcome | undefined>(command, ...args)).then((o) => {
    assert.ok(o, `${command} ran no job`);
    return o;
  });
}

function readProfile(profileJson: string): Profile {
  return JSON.parse(fs.readFileSync(profileJson, 'utf8')) as Profile;
}

/** Every live process whose command line mentions `needle`. */
function processesMatching(needle: string): number[] {
  const found: number[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(needle)) found.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return found;
}

function hottestNodeOf(profile: Profile, name: string): number {
  let best = -1;
  for (let n = 0; n < profile.tree.frame.length; n++) {
    if (profile.frames[profile.tree.frame[n]].name === name && (best < 0 || profile.tree.total[n] > profile.tree.total[best])) best = n;
  }
  assert.ok(best >= 0, `${name} is not in the profile`);
  return best;
}

test('activates and returns its API', async () => {
  const ext = vscode.extensions.getExtension<RustFlamegraphApi>('rust-flamegraph.rust-flamegraph');
  assert.ok(ext, 'extension rust-flamegraph.rust-flamegraph not found');
  api = await ext.activate();
  assert.ok(ext.isActive);
  assert.ok(api.jobs && api.onDidLoadProfile, 'activate() returned no API');
});

test('registers every command', async () => {
  const all = new Set(await vscode.commands.getCommands(true));
  for (const id of Object.values(C)) assert.ok(all.has(id), `${id} is not registered`);
});

test('several targets: the picker lists bins, examples, tests and benches with their package; Stop keeps the profile', async () => {
  await openFile(path.join(workspace(), 'multi-target', 'src', 'main.rs'));
  const shown = nextCall<TargetPickItem[]>('showQuickPick');
  const finished = startJob(C.profile);
  const items = await shown;
  const described = items.map((i) => `${i.label.replace(/^\$\([\w-]+\) /, '')} | ${i.description}`);
  console.log(`picker items: ${JSON.stringify(described)}`);
  assert.deepEqual(described, [
    'helper | bin · package multi-target',
    'multi-target | bin · package multi-target',
    'spin | example · package multi-target',
    'integration | test · package multi-target',
    'crunch | bench · package multi-target',
  ]);
  // Answer the real QuickPick as a user would: down twice to the example, Enter.
  await new Promise((r) => setTimeout(r, 500));
  const index = items.findIndex((i) => i.target.name === 'spin');
  for (let i = 0; i < index; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
  const recording = nextEvent(api.jobs.onDidChangePhase, (p) => p === 'record', 180_000);
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  await recording;
  assert.equal(api.jobs.runningLabel, 'example spin');
  await new Promise((r) => setTimeout(r, 2500));

  // A second profile while one records is refused: no second job starts.
  let started = 0;
  const sub = api.jobs.onDidStartJob(() => started++);
  await vscode.commands.executeCommand(C.profileAgain);
  await vscode.commands.executeCommand(C.profileTarget, {
    manifestPath: path.join(workspace(), 'seed-demo', 'Cargo.toml'),
    kind: 'bin',
    name: 'seed-demo',
  });
  sub.dispose();
  assert.equal(started, 0, 'a second job started while one was recording');
  assert.equal(api.jobs.runningLabel, 'example spin');

  await vscode.commands.executeCommand(C.stop);
  const outcome = await finished;
  assert.ok(outcome.result, `stopped profile failed: ${outcome.failure?.message} ${outcome.failure?.failure.details ?? ''}`);
  assert.ok(fs.existsSync(outcome.result.perfData!), 'perf.data not kept');
  assert.ok(outcome.result.samples > 100, `only ${outcome.result.samples} samples in 2.5 s`);
  const profile = readProfile(outcome.result.profileJson!);
  assert.ok(
    profile.frames.some((f) => f.name === 'spin::spin_once'),
    'spin::spin_once missing from the stopped profile',
  );
  assert.deepEqual(
    outcome.result.warnings.filter((w) => /exited with|ended by signal/.test(w)),
    [],
    'Stop must not read as a crash',
  );
}, 300_000);

test('the picked target is remembered: it comes first next time, marked last used', async () => {
  await openFile(path.join(workspace(), 'multi-target', 'src', 'main.rs'));
  const shown = nextCall<TargetPickItem[]>('showQuickPick');
  const done = vscode.commands.executeCommand(C.profile);
  const items = await shown;
  assert.equal(items[0].target.name, 'spin');
  assert.equal(items[0].target.kind, 'example');
  assert.match(items[0].description ?? '', /last used/);
  assert.equal(items.filter((i) => /last used/.test(i.description ?? '')).length, 1);
  await new Promise((r) => setTimeout(r, 300));
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  await done;
  assert.equal(api.jobs.busy, false, 'dismissing the picker must not start anything');
});

test('Profile Again reuses the target; Cancel ends every process it started', async () => {
  const started = nextEvent(api.jobs.onDidStartJob);
  const recording = nextEvent(api.jobs.onDidChangePhase, (p) => p === 'record', 180_000);
  const finished = startJob(C.profileAgain);
  const job = await started;
  assert.equal(job.label, 'example spin');
  await recording;
  await new Promise((r) => setTimeout(r, 1000));
  // Everything this job started names this workspace's copy of the crate (other perf runs on the machine do not).
  const spinExe = path.join(workspace(), 'multi-target', 'target', 'rust-flamegraph', 'release', 'examples', 'spin');
  assert.ok(processesMatching(spinExe).length >= 2, 'perf and the spin example are not both running while recording');
  await api.jobs.cancel(); // what the notification's Cancel button does
  const outcome = await finished;
  assert.ok(outcome.failure?.failure.cancelled, 'a cancelled job must end as cancelled');
  assert.deepEqual(processesMatching(spinExe), [], 'perf or the program survived the cancel');
  assert.deepEqual(processesMatching(path.join(workspace(), 'multi-target')), [], 'a process of the job survived the cancel');
  assert.throws(() => process.kill(job.pid!, 0), 'the engine worker survived the cancel');
}, 300_000);

test('Stop while building abandons the job: nothing was recorded, nothing keeps running', async () => {
  // A changed source makes cargo rebuild, so the Stop surely lands in the build.
  fs.appendFileSync(path.join(workspace(), 'multi-target', 'examples', 'spin.rs'), `\n// touched ${Date.now()}\n`);
  const building = nextEvent(api.jobs.onDidChangePhase, (p) => p === 'build', 60_000);
  let recorded = false;
  const sub = api.jobs.onDidChangePhase((p) => (recorded ||= p === 'record'));
  const finished = startJob(C.profileAgain);
  await building;
  await vscode.commands.executeCommand(C.stop);
  const outcome = await finished;
  sub.dispose();
  assert.equal(recorded, false, 'it went on to record after Stop');
  assert.ok(
    outcome.failure?.failure.cancelled,
    `expected a cancelled job, got ${JSON.stringify(outcome.result ?? outcome.failure?.failure)}`,
  );
  assert.deepEqual(processesMatching(path.join(workspace(), 'multi-target')), [], 'a process of the job survived');
}, 180_000);

let seedResult: NonNullable<SessionOutcome['result']>;
/** The profile recorded, shown by the product's FlamegraphView in a panel whose messages this test records. */
let seedPanel: RecordedView;
const extensionUri = () => vscode.extensions.getExtension('rust-flamegraph.rust-flamegraph')!.extensionUri;

/** The active editor tab when it is the profile editor. */
function activeProfileTab(): vscode.TabInputCustom | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom ? input : undefined;
}

test('profiles seed-demo end to end: panel, webview ready, showProfile, profileLoaded', async () => {
  await openFile(path.join(workspace(), 'seed-demo', 'src', 'main.rs'));
  // The program-arguments setting reaches the program (seed-demo's first argument is its number of rounds).
  await vscode.workspace.getConfiguration('rustFlamegraph').update('programArguments', ['30000'], vscode.ConfigurationTarget.Workspace);
  const loaded = nextEvent(api.onDidLoadProfile, () => true, 240_000);
  const outcome = await runJob(C.profile);
  assert.ok(outcome.result, `seed-demo failed: ${outcome.failure?.message} ${outcome.failure?.failure.details ?? ''}`);
  seedResult = outcome.result;
  const event = await loaded;
  assert.equal(event.profileJson, seedResult.profileJson);
  assert.ok(fs.existsSync(seedResult.profileJson!) && fs.existsSync(seedResult.perfData!));
  // The profile opens in the profile editor, as a double-click on its profile.json would.
  const tab = await until('the profile editor tab', () => activeProfileTab(), 30_000);
  assert.equal(tab.uri.fsPath, seedResult.profileJson);
  assert.equal(tab.viewType, 'rustFlamegraph.profile');
  const loadedProfile = {
    profile: readProfile(seedResult.profileJson!),
    profileJson: seedResult.profileJson!,
    title: seedResult.title,
    workspaceRoot: seedResult.workspaceRoot,
  };
  seedPanel = new RecordedView(loadedProfile, extensionUri());
  assert.deepEqual(
    seedPanel.view.profile.profile.meta.command?.slice(1),
    ['30000'],
    'the programArguments setting did not reach the program',
  );
  // Only profile.json beside the kept perf.data: the other formats are Export's.
  assert.deepEqual(
    fs
      .readdirSync(path.dirname(seedResult.profileJson!))
      .filter((f) => !f.startsWith('.'))
      .sort(),
    ['perf.data', 'profile.json'],
  );
  assert.equal(seedPanel.panel.webview.options.enableScripts, true);
  assert.deepEqual(
    seedPanel.panel.webview.options.localResourceRoots?.map((u) => path.basename(u.path)),
    ['dist'],
  );
  // The real webview (dist/webview.js in Chromium) says ready and gets the profile.
  await until('the webview to say ready', () => seedPanel.received.some((m) => m.type === 'ready'), 60_000);
  const shown = await until('showProfile to be posted', () => seedPanel.posted.find((m) => m.type === 'showProfile'));
  assert.equal(shown.type === 'showProfile' && shown.profile.samples, seedResult.samples);
  assert.match(seedPanel.panel.webview.html, /Content-Security-Policy/);
  assert.match(seedPanel.panel.webview.html, /script-src 'nonce-/);
}, 300_000);

test('openFrame on seed_demo::process_data opens main.rs beside the flamegraph on its hottest line', async () => {
  const profile = seedPanel.view.profile.profile;
  const node = hottestNodeOf(profile, 'seed_demo::process_data');
  const frame = profile.frames[profile.tree.frame[node]];
  const expectedLine = profile.tree.line[node] || frame.line!;
  console.log(`process_data: node ${node}, tree line ${profile.tree.line[node]}, frame line ${frame.line}`);
  assert.equal(expectedLine, 10, 'the hot line of process_data is line 10 of main.rs');
  await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
  seedPanel.panel.reveal(undefined, false);
  const o = await seedPanel.openFrame(node);
  assert.equal(o.opened, true, JSON.stringify(o));
  const editor = vscode.window.activeTextEditor!;
  assert.equal(editor.document.uri.fsPath, path.join(workspace(), 'seed-demo', 'src', 'main.rs'));
  assert.equal(editor.selection.active.line + 1, expectedLine);
  assert.equal(editor.selection.active.character, 0);
  assert.ok(
    editor.visibleRanges.some((r) => r.contains(new vscode.Position(expectedLine - 1, 0))),
    'the line is not revealed',
  );
  assert.ok(seedPanel.panel.visible, 'the flamegraph must stay visible');
  assert.notEqual(editor.viewColumn, seedPanel.panel.viewColumn, 'the source must open beside the flamegraph');
});

test('frames without source say so; std frames ask for rust-src; bad messages are refused', async () => {
  const profile = seedPanel.view.profile.profile;
  const noSource = profile.tree.frame.findIndex((f, n) => n > 0 && profile.frames[f].file === null && profile.frames[f].kind !== 'process');
  assert.ok(noSource > 0, 'expected a frame without source (libc, kernel)');
  const o = await seedPanel.openFrame(noSource);
  assert.match(o.reason ?? '', /^No source for /);
  assert.deepEqual(seedPanel.posted.at(-1), { type: 'frameOpened', inReplyTo: o.inReplyTo, opened: false, reason: o.reason });
  // A thread's root frame is no function: it opens nothing and says nothing.
  const thread = profile.tree.frame.findIndex((f, n) => n > 0 && profile.frames[f].kind === 'process');
  const t = await seedPanel.openFrame(thread);
  assert.deepEqual(seedPanel.posted.at(-1), { type: 'frameOpened', inReplyTo: t.inReplyTo, opened: false });

  const std = profile.tree.frame.findIndex((f) => /^\/rustc\/[0-9a-f]+\/library\//.test(profile.frames[f].file ?? ''));
  if (std > 0) {
    const r = await seedPanel.openFrame(std);
    const file = r.opened ? vscode.window.activeTextEditor?.document.uri.fsPath : undefined;
    const sysrootSrc = file?.includes(`${path.sep}lib${path.sep}rustlib${path.sep}src${path.sep}rust${path.sep}library${path.sep}`);
    assert.ok(sysrootSrc || /rustup component add rust-src/.test(r.reason ?? ''), `std frame: ${JSON.stringify(r)}`);
  } else console.log('no std frame with a /rustc/ path in this profile');

  const before = seedPanel.refused.length;
  const editorBefore = vscode.window.activeTextEditor?.document.uri.toString();
  seedPanel.send({ type: 'openFrame', id: 1, frame: '../../etc/passwd', line: 1 });
  seedPanel.send({ type: 'openFile', path: '/etc/passwd' });
  seedPanel.send({ type: 'openFrame', id: 2, frame: -1, line: 1 });
  seedPanel.send({ type: 'openFrame', frame: 3, line: 1 }); // a request without an id
  seedPanel.send({ type: 'openFrame', id: 3, node: 3 }); // the old message: node ids mean nothing in a transformed view
  assert.equal(seedPanel.refused.length - before, 5);
  assert.equal((await seedPanel.openFrame(10_000_000)).reason, 'That frame is not part of this profile.');
  assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editorBefore);
});

test("revealFunction (the lenses' command) is answered by the flamegraph: found, or not", async () => {
  // The product's own profile editor: its webview answers the request.
  assert.equal(await vscode.commands.executeCommand<boolean>(C.revealFunction, 'seed_demo::process_data'), true);
  assert.equal(await vscode.commands.executeCommand<boolean>(C.revealFunction, 'no::such::function'), false);
  // And the recorded view: the request and the webview's answer, by id.
  const found = await seedPanel.view.revealFunction('seed_demo::process_data');
  assert.equal(found, true);
  const request = seedPanel.posted.find((m) => m.type === 'revealFunction' && m.name === 'seed_demo::process_data');
  assert.ok(request && request.type === 'revealFunction');
  assert.ok(seedPanel.received.some((m) => m.type === 'functionRevealed' && (m as { inReplyTo?: number }).inReplyTo === request.id));
  seedPanel.dispose();
});

test('a 🔥 lens with no flamegraph open shows it beside the code, which stays (as source opens beside the flamegraph)', async () => {
  const profileTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputCustom);
  await vscode.window.tabGroups.close(profileTabs(), true);
  await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
  const main = await vscode.window.showTextDocument(vscode.Uri.file(path.join(workspace(), 'seed-demo', 'src', 'main.rs')), {
    viewColumn: vscode.ViewColumn.One,
  });
  assert.equal(await vscode.commands.executeCommand<boolean>(C.revealFunction, 'seed_demo::process_data'), true);
  const [flame] = profileTabs();
  assert.ok(flame, 'the flamegraph opened');
  assert.notEqual(flame.group.viewColumn, main.viewColumn, 'the flamegraph opened in the group beside the code');
  assert.ok(
    vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === main.document.uri.fsPath),
    'the code it was asked from stays visible',
  );
});

test('Profile Again while its profile is open: the same editor shows the new profile, no second tab', async () => {
  const describeTabs = () =>
    JSON.stringify(vscode.window.tabGroups.all.map((g) => ({ column: g.viewColumn, tabs: g.tabs.map((t) => t.label) })));
  console.log(`tabs before: ${describeTabs()}`);
  // The new recording goes into a new folder of the target's history (profiles/bin-seed-demo/<UTC time>/);
  // its editor takes the place of the previous recording's.
  const history = path.dirname(path.dirname(seedResult.profileJson!));
  const loaded = nextEvent(api.onDidLoadProfile, (e) => path.dirname(path.dirname(e.profileJson)) === history, 240_000);
  const outcome = await runJob(C.profileAgain);
  assert.ok(outcome.result, `profiling again failed: ${outcome.failure?.message}`);
  assert.equal(path.dirname(path.dirname(outcome.result.profileJson!)), history);
  assert.notEqual(outcome.result.profileJson, seedResult.profileJson, 'a new folder, the first recording kept');
  assert.ok(fs.existsSync(seedResult.profileJson!));
  await loaded;
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputCustom && path.dirname(path.dirname(t.input.uri.fsPath)) === history);
  assert.equal(tabs.length, 1, `one editor per target: ${describeTabs()}`);
  assert.equal(activeProfileTab()?.uri.fsPath, outcome.result.profileJson);
  assert.equal(
    await vscode.commands.executeCommand<boolean>(C.revealFunction, 'seed_demo::process_data'),
    true,
    'the editor answers for the new profile',
  );
  seedResult = outcome.result;
}, 300_000);

test("Export Flamegraph writes SVG, folded stacks, the HTML page and profile.json with the engine's exporters", async () => {
  const dir = fs.mkdtempSync(path.join(workspace(), 'export-'));
  const svg = await vscode.commands.executeCommand<string>(C.exportFlamegraph, 'svg', vscode.Uri.file(path.join(dir, 'f.svg')));
  const folded = await vscode.commands.executeCommand<string>(C.exportFlamegraph, 'folded', vscode.Uri.file(path.join(dir, 'f.folded')));
  const json = await vscode.commands.executeCommand<string>(C.exportFlamegraph, 'json', vscode.Uri.file(path.join(dir, 'f.json')));
  const html = await vscode.commands.executeCommand<string>(C.exportFlamegraph, 'html', vscode.Uri.file(path.join(dir, 'f.html')));
  assert.match(fs.readFileSync(html, 'utf8'), /^<!DOCTYPE html>[\s\S]*seed_demo::process_data/i);
  assert.match(fs.readFileSync(svg, 'utf8'), /<svg[\s\S]*seed_demo::process_data/);
  assert.match(fs.readFileSync(folded, 'utf8'), /^seed-demo;.*seed_demo::process_data \d+$/m);
  assert.equal((JSON.parse(fs.readFileSync(json, 'utf8')) as Profile).samples, seedResult.samples);
});

test('Open perf.data reads the kept perf.data into the flamegraph', async () => {
  const copy = path.join(fs.mkdtempSync(path.join(workspace(), 'opened-')), 'perf.data');
  fs.copyFileSync(seedResult.perfData!, copy);
  const outcome = await runJob(C.openPerfData, vscode.Uri.file(copy));
  assert.ok(outcome.result, `open failed: ${outcome.failure?.message} ${outcome.failure?.failure.details ?? ''}`);
  // Not a profiles folder of ours: profile.json goes to the extension's storage, nothing beside the copy.
  assert.deepEqual(fs.readdirSync(path.dirname(copy)), ['perf.data'], 'opening a perf.data wrote beside it');
  assert.equal(path.basename(path.dirname(path.dirname(outcome.result.profileJson!))), 'profiles', outcome.result.profileJson!);
  assert.equal(outcome.result.samples, seedResult.samples);
  const tab = await until('the profile editor of the copy', () => activeProfileTab()?.uri.fsPath === copy && activeProfileTab(), 30_000);
  assert.equal(tab.viewType, 'rustFlamegraph.profile');
  assert.ok(readProfile(outcome.result.profileJson!).functions.some((f) => f.name === 'seed_demo::process_data'));
}, 180_000);

test('Open perf.data on a file that is no profile says so in plain words', async () => {
  const bogus = path.join(fs.mkdtempSync(path.join(workspace(), 'bogus-')), 'notes.txt');
  fs.writeFileSync(bogus, 'hello, this is not perf script output\n');
  const outcome = await runJob(C.openPerfData, vscode.Uri.file(bogus));
  assert.ok(outcome.failure, 'expected a failure');
  assert.ok(!/^Internal error/.test(outcome.failure.failure.message), outcome.failure.failure.message);
});

test("a build error reports cargo's message, nothing is recorded", async () => {
  const outcome = await runJob(C.profileTarget, {
    manifestPath: path.join(workspace(), 'broken-build', 'Cargo.toml'),
    kind: 'bin',
    name: 'broken-build',
  });
  assert.ok(outcome.failure, 'the broken build must fail');
  assert.equal(outcome.failure.failure.userError, true);
  assert.match(outcome.failure.failure.message, /build failed/);
  assert.match(outcome.failure.failure.details ?? '', /error\[E0308\]: mismatched types/);
}, 180_000);

test("the failed build's errors are in the Problems panel at their file:line:col, until the next build", async () => {
  const main = vscode.Uri.file(path.join(workspace(), 'broken-build', 'src', 'main.rs'));
  const ours = () => vscode.languages.getDiagnostics(main).filter((d) => d.source?.startsWith('rust-flamegraph'));
  const diags = await until('the build error in the Problems panel', () => (ours().length ? ours() : undefined));
  const e = diags.find((d) => d.code === 'E0308');
  assert.ok(e, `no E0308 among ${JSON.stringify(diags.map((d) => d.message))}`);
  assert.equal(e.severity, vscode.DiagnosticSeverity.Error);
  assert.match(e.message, /mismatched types/);
  // `let n: u32 = "not a number";` is line 3 of main.rs, the string from column 18: 0-based in VS Code.
  assert.deepEqual([e.range.start.line, e.range.start.character], [2, 17]);
  const outcome = await runJob(C.profileTarget, {
    manifestPath: path.join(workspace(), 'seed-demo', 'Cargo.toml'),
    kind: 'bin',
    name: 'seed-demo',
  });
  assert.ok(outcome.result, `seed-demo failed: ${outcome.failure?.message}`);
  assert.deepEqual(ours(), [], "the next build clears the last build's problems");
}, 240_000);

test("the profile editor opens a profile.json by its URI (as VS Code does on reload); the view state is the webview's", async () => {
  const before = seedResult.profileJson!;
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(before), 'rustFlamegraph.profile');
  const tab = await until('the profile editor tab', () => activeProfileTab(), 30_000);
  assert.equal(tab.uri.fsPath, before);
  assert.equal(tab.viewType, 'rustFlamegraph.profile');
}, 120_000);

test("a message's buttons act on its data: Copy Command copies the fix's commands, Open Setting opens the setting it names", async () => {
  const log = vscode.window.createOutputChannel('Rust Flamegraph buttons', { log: true });
  try {
    const paranoid = editorView(perfNotPermitted(2, '').diagnostic);
    await offerActions(paranoid, log, 'Copy Command');
    assert.equal(
      await vscode.env.clipboard.readText(),
      "sudo sysctl kernel.perf_event_paranoid=1\necho 'kernel.perf_event_paranoid = 1' | sudo tee /etc/sysctl.d/99-perf.conf",
    );
    const unwind = editorView(stacksDoNotUnwind(90, 'one frame', 'fp'));
    assert.match(unwind.text, /"rustFlamegraph\.callGraph": "dwarf"/, 'VS Code names the setting, not --call-graph');
    await offerActions(unwind, log, 'Open Setting');
    await until('the Settings editor', () => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'Settings', 15_000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  } finally {
    log.dispose();
  }
});

export async function run(): Promise<void> {
  console.log(`extension-host suite in VS Code ${vscode.version}, workspace ${workspace()}`);
  await runAll();
}
