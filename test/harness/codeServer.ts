// A real VS Code (1.100.3, from the npm package code-server@4.100.3) for tests, because VS Code itself
// cannot be downloaded here. Install it first: `bash scripts/install-code-server.sh`.
// scripts/install-code-server.sh says why each install step is done the way it is.
//
// Every process started here runs in its own process group (detached) and is killed by group, on
// success, failure, timeout, and when this Node process exits or gets SIGINT/SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';

const CODE_SERVER_VERSION = '4.100.3';
const INSTALL_HINT = 'run `bash scripts/install-code-server.sh` (about a minute, once per machine)';

/** Folder holding node_modules/code-server; same rule as scripts/install-code-server.sh. */
export function codeServerRoot(): string {
  const root = process.env.RF_VSCODE_CACHE || path.join(os.homedir(), '.cache', 'rust-flamegraph', `code-server-${CODE_SERVER_VERSION}`);
  // The marker is written last by the script, so its presence means the install completed.
  if (!fs.existsSync(path.join(root, '.rf-install-ok')) || !fs.existsSync(serverMain(root))) {
    const env = process.env.RF_VSCODE_CACHE ? ' with the same RF_VSCODE_CACHE' : '';
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${root}: ${INSTALL_HINT}${env}`);
  }
  return root;
}

const serverMain = (root: string) => path.join(root, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const codeServerEntry = (root: string) => path.join(root, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** User settings of every test profile: no trust prompt (it refuses to run tests), no network chatter. */
const BASE_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'npm.fetchOnlinePackageInfo': false,
  'git.openRepositoryInParentFolders': 'never', // its toast covers the UI (the checkout is a git repo)
};

export const CHROMIUM_ARGS = [
  '--no-sandbox', // we run as root in containers
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.RF_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

// ---------------------------------------------------------------------------------------------
// Process groups: kill everything we started, whatever happens.

const liveGroups = new Set<number>();
const liveTmpDirs = new Set<string>();
const onExit = () => {
  liveGroups.forEach((g) => signalGroup(g, 'SIGKILL'));
  liveTmpDirs.forEach(removeTmp);
};
const onSignal = (sig: NodeJS.Signals) => {
  onExit();
  untrack();
  process.removeListener('exit', onExit);
  // Re-raise so the default behaviour (exit) happens unless someone else handles the signal.
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
};
function track(pgid: number) {
  if (liveGroups.size === 0) {
    process.on('exit', onExit);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  liveGroups.add(pgid);
}
function untrack(pgid?: number) {
  if (pgid !== undefined) liveGroups.delete(pgid);
  else liveGroups.clear();
  if (liveGroups.size === 0) {
    process.removeListener('exit', onExit);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
function signalGroup(pgid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, sig);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

interface Group {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or -1 on a signal) once the group leader exits. */
  exited: Promise<number>;
  kill(): Promise<void>;
}

/** Environment for VS Code children: inheriting VSCODE_* from a VS Code terminal turns code-server into a CLI client. */
function childEnv(extra?: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('VSCODE_') && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
  }
  return { ...env, ...extra };
}

function startGroup(args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void): Group {
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`could not start ${args[0]}`);
  track(pgid);
  let out = '';
  let partial = '';
  const take = (chunk: Buffer) => {
    const s = chunk.toString('utf8');
    out += s;
    const lines = (partial + s).split('\n');
    partial = lines.pop() ?? '';
    if (onLine) lines.forEach(onLine);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  child.on('error', () => undefined); // reported through `exited`/output
  return {
    child,
    output: () => out,
    exited,
    async kill() {
      // SIGTERM first so VS Code's pty host can end the shells it started (they live in other sessions).
      if (signalGroup(pgid, 'SIGTERM')) {
        for (let i = 0; i < 50 && signalGroup(pgid, 0); i++) await sleep(100);
        signalGroup(pgid, 'SIGKILL');
      }
      untrack(pgid);
    },
  };
}

/** Temporary folders are removed at the end, even on SIGINT, unless RF_KEEP_VSCODE_TMP is set. */
function makeTmp(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  liveTmpDirs.add(dir);
  return dir;
}
function removeTmp(dir: string) {
  liveTmpDirs.delete(dir);
  if (!process.env.RF_KEEP_VSCODE_TMP) fs.rmSync(dir, { recursive: true, force: true });
}

/** unref: for a timer that only bounds a race, so that it does not keep Node alive after the race. */
const sleep = (ms: number, unref = false) =>
  new Promise<void>((r) => {
    const t = setTimeout(r, ms);
    if (unref) t.unref();
  });

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls until the HTTP server answers anything; fails early if the process dies. */
async function waitForHttp(port: number, group: Group, timeoutMs: number): Promise<void> {
  let dead = false;
  void group.exited.then(() => (dead = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (dead) throw new Error(`server exited before listening:\n${tail(group.output())}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/', timeout: 2000 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
    });
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`server not listening on ${port} after ${timeoutMs} ms:\n${tail(group.output())}`);
}

const tail = (s: string, n = 40) => s.split('\n').slice(-n).join('\n');

function writeSettings(userDataDir: string, settings?: object) {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const all = { ...BASE_SETTINGS, ...(settings ?? {}) };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(all, null, 2));
}

/** All *.log files below dir, each preceded by its path: where VS Code puts the extension host's own log. */
function collectLogs(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.log')) parts.push(`===== ${path.relative(dir, p)}\n${fs.readFileSync(p, 'utf8')}`);
    }
  };
  try {
    walk(dir);
  } catch {
    /* no logs written */
  }
  return parts.join('\n');
}

/** vscode-remote URI of an absolute path on the server, percent-encoding each segment. */
const remoteUri = (port: number, p: string) =>
  `vscode-remote://127.0.0.1:${port}` + path.resolve(p).split('/').map(encodeURIComponent).join('/');

// ---------------------------------------------------------------------------------------------
// Extension-host tests (what @vscode/test-electron would do, through the VS Code server + Chromium).

export interface ExtensionHostTestOptions {
  extensionPath: string;
  /** Absolute path of a compiled JS file exporting run(): Promise<void>. */
  testsModule: string;
  workspaceFolder: string;
  timeoutMs: number;
  log?: (s: string) => void;
  /** Added to the server's environment, which the extension host inherits. */
  env?: Record<string, string>;
  /** User settings of the test profile, over the base ones (machine-scoped settings go here). */
  settings?: object;
  /**
   * Keep workspace trust on (default off). The workbench refuses trust prompts in test mode, so the
   * folder stays untrusted: the extension runs in restricted mode, as in a freshly cloned repository.
   */
  workspaceTrust?: boolean;
}

// Marks the lines the tests' console writes to the extension host's real stdout (see testsWrapper),
// and the line saying how run() settled.
const OUT_MARK = '\u241frf\u241f';
const RESULT_MARK = '\u241frf-result\u241f';

/**
 * The module VS Code actually loads as extensionTestsPath. Why: in the web client, console.log of the
 * extension host only reaches the browser, mixed with the workbench's own log lines. This wrapper also
 * copies it, line by line with OUT_MARK, to fd 1 of the extension host (one fd keeps the order), which
 * the server prints as "<pid> text" (fs.writeSync bypasses VS Code's wrapped streams); it prints the error
 * when run() rejects; and it says whether run() resolved, because the workbench reports exit code 0 when
 * the extension host crashes. The tests module must return a promise from run() (no callback style).
 */
function testsWrapper(testsModule: string): string {
  // VS Code defines console.log & co. with Object.defineProperty(console, m, { set() {}, get }) (not
  // configurable), so the methods cannot be replaced: the global `console` object is replaced instead.
  return `'use strict';
const fs = require('fs'), util = require('util');
const put = (args) => { try { fs.writeSync(1, util.format(...args).split('\\n').map((l) => ${JSON.stringify(OUT_MARK)} + l + '\\n').join('')); } catch {} };
const vsConsole = globalThis.console;
const ours = Object.create(vsConsole);
for (const name of ['log', 'info', 'debug', 'warn', 'error']) {
  Object.defineProperty(ours, name, { value: (...args) => { put(args); vsConsole[name](...args); } });
}
exports.run = async () => {
  globalThis.console = ours;
  try {
    await require(${JSON.stringify(path.resolve(testsModule))}).run();
    fs.writeSync(1, ${JSON.stringify(RESULT_MARK)} + 'ok\\n');
  } catch (e) {
    put(['run() failed:', e]);
    fs.writeSync(1, ${JSON.stringify(RESULT_MARK)} + 'failed\\n');
    throw e;
  } finally {
    globalThis.console = vsConsole;
  }
};
`;
}

export async function runExtensionHostTests(opts: ExtensionHostTestOptions): Promise<{ exitCode: number; serverLog: string }> {
  const root = codeServerRoot();
  const log = opts.log ?? (() => undefined);
  const tmp = makeTmp('rf-vscode-');
  const userDataDir = path.join(tmp, 'user-data');
  const trustSettings = opts.workspaceTrust
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
    : {};
  writeSettings(userDataDir, { ...opts.settings, ...trustSettings });
  const wrapper = path.join(tmp, 'tests-wrapper.js');
  fs.writeFileSync(wrapper, testsWrapper(opts.testsModule));
  const port = await freePort();

  // The workbench calls window.codeAutomationExit(code, logs) when the tests are over: code is 1 when
  // run() rejected, but also 0 when the extension host crashed (a lost connection counts as exit 0).
  // The server's "Extension Host Process exited with code: N" is no result either: the workbench
  // terminates the extension host after the tests, which then exits 0. So the result is the wrapper's
  // RESULT_MARK line; the other two only say that it is over (and N names a crash).
  let result: string | undefined;
  let resolveAutomation: (code: number) => void = () => undefined;
  const automation = new Promise<number>((r) => (resolveAutomation = r));
  let resolveHostExit: (code: number) => void = () => undefined;
  const hostExit = new Promise<number>((r) => (resolveHostExit = r));
  let browserLogs = '';
  const onLine = (line: string) => {
    const i = line.indexOf(OUT_MARK);
    if (i >= 0) log(line.slice(i + OUT_MARK.length));
    const r = line.indexOf(RESULT_MARK);
    if (r >= 0) result = line.slice(r + RESULT_MARK.length).trim();
    const e = /Extension Host Process exited with code: (-?\d+|null)/.exec(line);
    if (e) resolveHostExit(e[1] === 'null' ? -1 : Number(e[1]));
  };
  const server = startGroup(
    [
      serverMain(root),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-telemetry',
      '--user-data-dir',
      userDataDir,
      '--server-data-dir',
      path.join(tmp, 'server-data'),
      '--extensions-dir',
      path.join(tmp, 'extensions'),
    ],
    childEnv(opts.env),
    onLine,
  );
  const allLogs = () => `${server.output()}\n${collectLogs(tmp)}\n${browserLogs}`;
  let browser: Browser | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await waitForHttp(port, server, Math.min(opts.timeoutMs, 60_000));
    browser = await launchChromium();
    const page = await browser.newPage();
    page.on('pageerror', (err) => log(`[page error] ${err.message}`));
    // The workbench's own console is noisy (404s of optional files, offline marketplace); opt in.
    if (process.env.RF_VSCODE_BROWSER_CONSOLE) page.on('console', (m) => log(`[browser ${m.type()}] ${m.text()}`));
    await page.exposeFunction('codeAutomationExit', (code: number, logs?: { relativePath: string; contents: string }[]) => {
      browserLogs = (logs ?? []).map((l) => `===== browser ${l.relativePath}\n${l.contents}`).join('\n');
      resolveAutomation(code);
    });
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remoteUri(port, opts.extensionPath)],
      ['extensionTestsPath', remoteUri(port, wrapper)],
    ]);
    const folder = encodeURIComponent(path.resolve(opts.workspaceFolder));
    await page.goto(`http://127.0.0.1:${port}/?folder=${folder}&payload=${encodeURIComponent(payload)}`);

    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), opts.timeoutMs)));
    const crashed = hostExit.then(() => sleep(5000, true)).then(() => 'over' as const);
    const outcome = await Promise.race([
      automation.then(() => 'over' as const),
      crashed,
      timedOut,
      server.exited.then(() => 'server died' as const),
    ]);
    if (outcome === 'over') {
      // Let the extension host's last output lines arrive through the server.
      await Promise.race([hostExit, sleep(5000, true)]);
      await sleep(300);
      if (result === 'ok') return { exitCode: 0, serverLog: allLogs() };
      if (result === 'failed') return { exitCode: 1, serverLog: allLogs() };
      const code = await Promise.race([hostExit, Promise.resolve(-1)]);
      log(`the extension host ended (code ${code}) before run() settled`);
      return { exitCode: code > 0 ? code : 1, serverLog: allLogs() };
    }
    const why = outcome === 'timeout' ? `no test result after ${opts.timeoutMs} ms` : 'the VS Code server died';
    const err = new Error(`runExtensionHostTests: ${why}; server output:\n${tail(server.output())}`);
    throw Object.assign(err, { serverLog: allLogs() });
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => undefined);
    await server.kill();
    removeTmp(tmp);
  }
}

// ---------------------------------------------------------------------------------------------
// code-server for UI tests driven by playwright.

export interface CodeServerOptions {
  workspaceFolder: string;
  extensionsDir?: string;
  userDataDir?: string;
  settings?: object;
  env?: Record<string, string>;
}

export async function startCodeServer(opts: CodeServerOptions): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const root = codeServerRoot();
  const tmp = makeTmp('rf-code-server-');
  const userDataDir = opts.userDataDir ?? path.join(tmp, 'user-data');
  const extensionsDir = opts.extensionsDir ?? path.join(tmp, 'extensions');
  writeSettings(userDataDir, opts.settings);
  const port = await freePort();
  const folder = path.resolve(opts.workspaceFolder);
  const server = startGroup(
    [
      codeServerEntry(root),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      folder,
    ],
    // Without CODE_SERVER_CONFIG, code-server writes ~/.config/code-server/config.yaml.
    childEnv({ CODE_SERVER_CONFIG: path.join(tmp, 'config.yaml'), ...opts.env }),
  );
  try {
    await waitForHttp(port, server, 60_000);
  } catch (e) {
    await server.kill();
    removeTmp(tmp);
    throw e;
  }
  return {
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`,
    port,
    async stop() {
      await server.kill();
      removeTmp(tmp);
    },
  };
}

/** Installs a packaged extension into extensionsDir, as `code-server --install-extension` does. */
export async function installVsix(vsixPath: string, extensionsDir: string): Promise<void> {
  const root = codeServerRoot();
  const tmp = makeTmp('rf-vsix-');
  const group = startGroup(
    [
      codeServerEntry(root),
      '--user-data-dir',
      path.join(tmp, 'user-data'),
      '--extensions-dir',
      extensionsDir,
      '--install-extension',
      path.resolve(vsixPath),
    ],
    childEnv({ CODE_SERVER_CONFIG: path.join(tmp, 'config.yaml') }),
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    const code = await Promise.race([group.exited, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 120_000)))]);
    // code-server prints the failure but may still exit 0: check its words too.
    if (code !== 0 || /Failed Installing Extensions/.test(group.output())) {
      throw new Error(`installing ${vsixPath} failed (${code}):\n${tail(group.output())}`);
    }
  } finally {
    clearTimeout(timer);
    await group.kill();
    removeTmp(tmp);
  }
}
