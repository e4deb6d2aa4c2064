// The untrusted-workspace suite: runs in a real VS Code with workspace trust
// ON and the folder untrusted (see ../untrustedWorkspace.test.ts). Profiling
// builds and runs the workspace's code, so it must be refused with a reason
// and start nothing: no engine worker, no child process, no cargo (cargo is a
// fake here that leaves a marker file when run, named in the user settings,
// $CARGO and PATH). Opening an existing perf.data still works (with the
// user's perf, not the workspace's, and writing nothing beside it), and its 🔥
// lenses show, without the lens server running cargo either.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RustFlamegraphApi } from '../../../src/extension/extension';
import type { SessionOutcome } from '../../../src/extension/engineSession';
import type { Profile } from '../../../src/model/profileTypes';
import { test, runAll, until } from './miniRunner';
import { nextCall } from './apiSpies';
import { RecordedView } from './recordedView';

const workspace = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const env = (name: string) => {
  const v = process.env[name];
  assert.ok(v, `${name} is not set by the launcher`);
  return v;
};
const cargoMarker = () => env('RF_UNTRUSTED_CARGO_MARKER');
const cargoRuns = () => (fs.existsSync(cargoMarker()) ? fs.readFileSync(cargoMarker(), 'utf8') : '');
let api: RustFlamegraphApi;
/** The profile.json the Open perf.data test got written (in the extension's storage). */
let openedProfileJson: string | undefined;

/** Every live descendant of this extension host: its command line, or [its name] once it has exited. */
function descendants(): Map<number, string> {
  const procs = new Map<number, { ppid: number; comm: string }>();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      // The command name (field 2) may hold spaces and parentheses: the fields after the last ')' are safe.
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      procs.set(Number(e), { ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), comm });
    } catch {
      /* gone */
    }
  }
  const out = new Map<number, string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, { ppid, comm }] of procs) {
      if (out.has(pid) || (ppid !== process.pid && !out.has(ppid))) continue;
      out.set(pid, commandOf(pid, comm));
      grew = true;
    }
  }
  return out;
}

/** The command line; the name from /proc/PID/stat when it has exited since (a zombie, or gone). */
function commandOf(pid: number, comm: string): string {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    if (cmd) return cmd.slice(0, 200);
  } catch {
    /* gone */
  }
  return `[${comm}]`;
}

/**
 * VS Code's own extension host polls for listening ports every few seconds (`ls -l /proc/[0-9]*\/fd/[0-9]* |
 * grep socket:` and `ps -F -A -l | grep root`, whatever remote.autoForwardPorts says): not ours. Nor is the
 * built-in TypeScript extension, in the same host, listing the workspace's tsconfig files with VS Code's own
 * ripgrep (seen once in a CI run, when it happened to fall inside the watch).
 */
const VSCODE_PORT_FINDER = [
  /^\/bin\/sh -c (ls -l \/proc\/\[0-9\]\*\/fd\/\[0-9\]\* \| grep socket:|ps -F -A -l \| grep root)$/,
  /^ls -l \/proc\/\d+\/fd\//,
  /^ps -F -A -l$/,
  /^grep (socket:|root)$/,
  /^\[(sh|ls|ps|grep)\]$/,
  /^\S+\/lib\/vscode\/node_modules\/@vscode\/ripgrep\/bin\/rg --files .* -g \*\*\/tsconfig\*\.json /,
];
const isPortFinder = (cmd: string) => VSCODE_PORT_FINDER.some((re) => re.test(cmd));

test('the folder is untrusted and the extension runs in it (restricted mode)', async () => {
  assert.equal(vscode.workspace.isTrusted, false, 'the test needs an untrusted folder: is workspace trust on?');
  const ext = vscode.extensions.getExtension<RustFlamegraphApi>('rust-flamegraph.rust-flamegraph');
  assert.ok(ext, 'extension not found');
  api = await ext.activate();
  assert.ok(api.jobs, 'activate() returned no API');
});

for (const [label, command, args] of [
  ['Profile Rust Binary', 'rustFlamegraph.profile', []],
  ['a ▶ Profile lens (profileTarget)', 'rustFlamegraph.profileTarget', [{ manifestPath: '', kind: 'bin', name: 'seed-demo' }]],
] as const) {
  test(`${label} is refused with the reason; no process starts, no cargo runs`, async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(path.join(workspace(), 'seed-demo', 'src', 'main.rs')));
    const before = descendants();
    console.log(`extension host ${process.pid} children before: ${JSON.stringify([...before.values()])}`);
    let jobs = 0;
    const sub = api.jobs.onDidStartJob(() => jobs++);
    // New children are looked for every 20 ms while the command runs and for 3 s after it.
    const seen = new Map<number, string>();
    const poll = setInterval(() => descendants().forEach((cmd, pid) => before.has(pid) || isPortFinder(cmd) || seen.set(pid, cmd)), 20);
    try {
      const refused = nextCall<string>('showErrorMessage', 20_000);
      const callArgs = args.map((a) =>
        'manifestPath' in a ? { ...a, manifestPath: path.join(workspace(), 'seed-demo', 'Cargo.toml') } : a,
      );
      await vscode.commands.executeCommand(command, ...callArgs);
      const message = await refused;
      assert.match(message, /needs a trusted workspace/);
      assert.match(message, /Open perf\.data/, 'the refusal must say what still works');
      await new Promise((r) => setTimeout(r, 3000));
    } finally {
      clearInterval(poll);
      sub.dispose();
    }
    assert.equal(jobs, 0, 'an engine job started in an untrusted workspace');
    assert.equal(api.jobs.busy, false);
    assert.deepEqual([...seen.values()], [], 'a process was started in an untrusted workspace');
    assert.equal(cargoRuns(), '', 'cargo ran in an untrusted workspace');
  });
}

test('Open perf.data opens a recorded perf.data into the flamegraph; its 🔥 lenses show; still no cargo', async () => {
  const perfData = env('RF_UNTRUSTED_PERF_DATA');
  // The workspace's own perf and addr2line (made by the launcher) first on the PATH, as direnv puts a project's bin
  // folder there: the report job must run the user's, never these. Set here, as the server's shell environment
  // replaces the PATH the launcher gives (the worker gets the extension host's environment when the job starts).
  const pathBefore = process.env.PATH;
  process.env.PATH = `${path.join(workspace(), 'bin')}${path.delimiter}${pathBefore ?? ''}`;
  let opened: SessionOutcome | undefined;
  try {
    opened = await vscode.commands.executeCommand<SessionOutcome>('rustFlamegraph.openPerfData', vscode.Uri.file(perfData));
  } finally {
    process.env.PATH = pathBefore;
  }
  const wsToolMarker = env('RF_UNTRUSTED_WS_TOOL_MARKER');
  assert.equal(fs.existsSync(wsToolMarker) ? fs.readFileSync(wsToolMarker, 'utf8') : '', '', 'a program of the workspace ran');
  // The job commands resolve with the job's outcome.
  const outcome = opened!;
  assert.ok(outcome.result, `open failed: ${outcome.failure?.message} ${outcome.failure?.failure.details ?? ''}`);
  assert.equal(outcome.result.samples, Number(env('RF_UNTRUSTED_SAMPLES')), 'not the samples the CLI recorded');
  // The perf.data opens in the profile editor (as a double-click on it would).
  const tab = await until(
    'the profile editor of perf.data',
    () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputCustom && input.uri.fsPath === perfData && input;
    },
    30_000,
  );
  assert.equal(tab.viewType, 'rustFlamegraph.profile');
  const profileJson = outcome.result.profileJson!;
  // The perf.data's folder is no profiles folder of ours: nothing is written beside it, profile.json goes to
  // the extension's storage, <globalStorage>/profiles/<hash of the path>/ (src/extension/openedOutputs.ts).
  assert.deepEqual(
    fs.readdirSync(path.dirname(perfData)),
    ['perf.data'],
    'opening a perf.data wrote beside it, in a folder that is not a profiles folder',
  );
  assert.equal(path.basename(path.dirname(path.dirname(profileJson))), 'profiles', profileJson);
  assert.match(profileJson, /globalStorage/, profileJson);
  openedProfileJson = profileJson;
  const shownProfile = {
    profile: JSON.parse(fs.readFileSync(profileJson, 'utf8')) as Profile,
    profileJson,
    title: outcome.result.title,
    workspaceRoot: outcome.result.workspaceRoot,
  };
  assert.ok(
    shownProfile.profile.functions.some((f) => f.name === 'seed_demo::process_data'),
    'process_data missing',
  );
  // The real webview (Chromium) says ready and receives the profile (recorded by the test).
  const panel = new RecordedView(shownProfile, vscode.extensions.getExtension('rust-flamegraph.rust-flamegraph')!.extensionUri);
  await until('the webview to say ready', () => panel.received.some((m) => m.type === 'ready'), 60_000);
  const shown = await until('showProfile to be posted', () => panel.posted.find((m) => m.type === 'showProfile'));
  assert.equal(shown.type === 'showProfile' && shown.profile.samples, outcome.result.samples);
  panel.dispose();

  // The lens server works from the profile without cargo: 🔥 lenses, but no ▶ Profile lens (that needs cargo metadata).
  const doc = await vscode.workspace.openTextDocument(path.join(workspace(), 'seed-demo', 'src', 'main.rs'));
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
  const lenses = () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri).then((l) => l ?? []);
  const hot = await until(
    'a 🔥 lens in main.rs',
    async () => {
      const l = (await lenses()).filter((x) => x.command?.title.startsWith('🔥'));
      return l.length ? l : undefined;
    },
    60_000,
  );
  console.log(`lenses: ${hot.map((l) => l.command!.title).join(' | ')}`);
  const all = await lenses();
  assert.deepEqual(
    all.filter((l) => l.command?.title.startsWith('▶')).map((l) => l.command!.title),
    [],
    'a ▶ Profile lens needs cargo metadata, which must not run untrusted',
  );
  assert.equal(cargoRuns(), '', 'cargo ran in an untrusted workspace (the lens server?)');
}, 300_000);

test('a profile.json opens in the profile editor without trust, and nothing is started for it', async () => {
  // The one the report job above wrote in the extension's storage.
  const profileJson = openedProfileJson;
  assert.ok(profileJson && fs.existsSync(profileJson), `${profileJson} was not written`);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const before = descendants();
  let jobs = 0;
  const sub = api.jobs.onDidStartJob(() => jobs++);
  const seen = new Map<number, string>();
  const poll = setInterval(() => descendants().forEach((cmd, pid) => before.has(pid) || isPortFinder(cmd) || seen.set(pid, cmd)), 20);
  try {
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(profileJson), 'rustFlamegraph.profile');
    const tab = await until(
      'the profile editor of profile.json',
      () => {
        const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
        return input instanceof vscode.TabInputCustom && input.uri.fsPath === profileJson && input;
      },
      30_000,
    );
    assert.equal(tab.viewType, 'rustFlamegraph.profile');
    await new Promise((r) => setTimeout(r, 2000));
  } finally {
    clearInterval(poll);
    sub.dispose();
  }
  assert.equal(jobs, 0, 'opening a profile.json started an engine job');
  assert.deepEqual([...seen.values()], [], 'opening a profile.json started a process');
  assert.equal(cargoRuns(), '', 'cargo ran in an untrusted workspace');
}, 60_000);

test('clicking a std frame of an opened profile never runs rustc in the folder the profile names', async () => {
  // The profile is attacker data: its workspaceRoot may name a folder whose rust-toolchain.toml names any rustc,
  // and rustup honours it in rustc's working folder. With the real rustup as rustc (cargoPath → the real cargo),
  // the std frame's source lookup must not run the toolchain of that folder.
  const config = vscode.workspace.getConfiguration('rustFlamegraph');
  const before = config.inspect<string>('cargoPath')?.globalValue;
  await config.update('cargoPath', env('RF_REAL_CARGO'), vscode.ConfigurationTarget.Global);
  const profileJson = openedProfileJson;
  assert.ok(profileJson, 'the Open perf.data test wrote no profile.json');
  const profile = JSON.parse(fs.readFileSync(profileJson, 'utf8')) as Profile;
  const evilRoot = env('RF_UNTRUSTED_EVIL_ROOT');
  profile.meta.workspaceRoot = evilRoot;
  const std = profile.tree.frame.findIndex((f, node) => node > 0 && /^\/rustc\/[0-9a-f]+\/library\//.test(profile.frames[f].file ?? ''));
  assert.ok(std > 0, 'the recorded profile has a std frame');
  const view = new RecordedView(
    { profile, profileJson, title: 'evil', workspaceRoot: evilRoot },
    vscode.extensions.getExtension('rust-flamegraph.rust-flamegraph')!.extensionUri,
  );
  try {
    await view.openFrame(std);
  } finally {
    view.dispose();
    await config.update('cargoPath', before, vscode.ConfigurationTarget.Global);
  }
  const marker = env('RF_UNTRUSTED_TOOLCHAIN_MARKER');
  assert.equal(fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : '', '', "the toolchain named by the profile's folder ran");
}, 60_000);

export async function run(): Promise<void> {
  console.log(`untrusted-workspace suite in VS Code ${vscode.version}, workspace ${workspace()}, trusted: ${vscode.workspace.isTrusted}`);
  await runAll();
}
