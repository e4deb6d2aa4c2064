// `rust-flamegraph lsp --stdio` fed what a broken or hostile client (or
// workspace) sends: a malformed header, huge documents, a profile.json that
// is /dev/zero, a FIFO or huge, requests before initialize, params that are
// null, names and file names full of Markdown. No cargo runs here: the
// workspaces are written by hand and `trusted: false` keeps cargo off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../helpers/repo';
import { StdioClient, Message } from '../helpers/lspClient';
import { ProfileBuilder } from '../../src/model/builder';
import type { SymbolicFrame } from '../../src/model/profileTypes';

const HOT_RS = 'fn main() {\n    hot();\n}\n\nfn hot() {\n    let x = 1;\n}\n';

interface Workspace {
  root: string;
  mainRs: string;
  profileJson: string;
}

/** A crate folder with src/main.rs and a profile under target/ whose samples are in `hot` (line 6) called by `callers`. */
function workspace(callers: SymbolicFrame[] = [], extraFiles: Record<string, string> = {}): Workspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-lsp-hard-'));
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n');
  const mainRs = path.join(root, 'src', 'main.rs');
  fs.writeFileSync(mainRs, HOT_RS);
  const b = new ProfileBuilder({ workspaceRoot: root, mainBinary: null });
  const frame = (name: string, file: string, line: number): SymbolicFrame => ({ name, file, line, inlined: false, dso: null });
  const main = frame('app::main', mainRs, 2);
  b.addStack('app', [...callers, main, frame('app::hot', mainRs, 6)], 90);
  for (const [rel, text] of Object.entries(extraFiles)) {
    const file = path.join(root, rel);
    fs.writeFileSync(file, text);
    b.addStack('app', [main, frame('app::other', file, 2)], 10);
  }
  const profile = b.build({
    event: 'cpu-clock',
    frequency: 997,
    callGraph: null,
    command: null,
    workspaceRoot: root,
    createdAt: 'x',
    warnings: [],
  });
  const dir = path.join(root, 'target', 'rust-flamegraph', 'profiles', 'bin-app');
  fs.mkdirSync(dir, { recursive: true });
  const profileJson = path.join(dir, 'profile.json');
  fs.writeFileSync(profileJson, JSON.stringify(profile));
  return { root, mainRs, profileJson };
}

function startServer(cwd: string) {
  const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), 'lsp', '--stdio'], { cwd });
  const client = new StdioClient(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, client, exited };
}

async function initialize(client: StdioClient, root: string): Promise<void> {
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    capabilities: {},
    initializationOptions: { trusted: false, lens: { threshold: 1 } },
  });
  client.notify('initialized', {});
}

function open(client: StdioClient, file: string, text: string): string {
  const uri = pathToFileURL(file).href;
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text } });
  return uri;
}

const titles = async (client: StdioClient, uri: string) =>
  (await client.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } })).map((l) => l.command.title);

const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))]);

/** Text a JavaScript failure would leak into a message. */
const RAW_JS = /Cannot read propert|is not a function|undefined|TypeError|RangeError|at .*\.js:\d+/;

test('a malformed header ends the connection: exit non-zero and one line on stderr, never a deaf process', async () => {
  for (const header of [
    'Content-Length: abc',
    'Content-Length: -5',
    'Content-Length: 99999999999',
    'Content-Type: application/json',
    'no colon here',
  ]) {
    const { child, client, exited } = startServer(os.tmpdir());
    try {
      child.stdin.write(`${header}\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`);
      const code = await within(exited, 10_000, `after "${header}" the server still runs`);
      assert.notEqual(code, 0);
      const stderr = client.stderr.join('');
      assert.match(stderr, /malformed message header/i, stderr);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    } finally {
      child.kill();
    }
  }
});

test('a body that is not JSON gets a parse error (-32700) and the connection goes on', async () => {
  const { child, client, exited } = startServer(os.tmpdir());
  try {
    const junk = '{"jsonrpc": "2.0", "id": 1, "method": "initialize", params: }';
    child.stdin.write(`Content-Length: ${Buffer.byteLength(junk)}\r\n\r\n${junk}`);
    const parseError = await client.notification(
      (m) => m.id === null && (m as { error?: { code: number } }).error?.code === -32700,
      10_000,
    );
    assert.doesNotMatch(JSON.stringify(parseError), RAW_JS);
    await initialize(client, os.tmpdir());
    await client.request('shutdown', null);
    client.notify('exit', null);
    assert.equal(await exited, 0);
  } finally {
    child.kill();
  }
});

test('a document over the size limit gets no lenses, heat or hover, with one log line; other files keep working', async () => {
  const ws = workspace([], { 'src/big.rs': 'fn other() {\n    let y = 2;\n}\n' });
  const { child, client, exited } = startServer(ws.root);
  try {
    await initialize(client, ws.root);
    // Over 2 MB: the hot fn first, then a long comment.
    const bigText = 'fn other() {\n    let y = 2;\n}\n' + `// ${'x'.repeat(99)}\n`.repeat(25_000);
    const bigUri = open(client, path.join(ws.root, 'src', 'big.rs'), bigText);
    assert.deepEqual(await titles(client, bigUri), []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: bigUri }, position: { line: 1, character: 4 } }), null);
    assert.deepEqual(await client.request('rustFlamegraph/lineHeat', { uri: bigUri }), []);
    const skipped = (m: Message) => m.method === 'window/logMessage' && /big\.rs/.test(JSON.stringify(m.params));
    const log = await client.notification(skipped, 5_000);
    assert.match((log.params as { message: string }).message, /larger than .* skipped/);
    // Edited, still too large: no second line.
    client.notify('textDocument/didChange', { textDocument: { uri: bigUri, version: 2 }, contentChanges: [{ text: bigText + '\n' }] });
    assert.deepEqual(await titles(client, bigUri), []);
    assert.equal(client.notifications.filter(skipped).length, 1, 'one log line per document');

    const uri = open(client, ws.mainRs, HOT_RS);
    assert.ok(
      (await titles(client, uri)).some((t) => t.startsWith('🔥')),
      'main.rs still has its lenses',
    );
    await client.request('shutdown', null);
    client.notify('exit', null);
    assert.equal(await exited, 0);
  } finally {
    child.kill();
    fs.rmSync(ws.root, { recursive: true, force: true });
  }
});

test('a profile.json that is /dev/zero, a FIFO or huge is skipped in plain words; the server keeps answering', async () => {
  const ws = workspace();
  const zero = path.join(ws.root, 'zero.json');
  fs.symlinkSync('/dev/zero', zero);
  const fifo = path.join(ws.root, 'fifo.json');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  // Sparse: takes no disk space.
  const huge = path.join(ws.root, 'huge.json');
  fs.writeFileSync(huge, '');
  fs.truncateSync(huge, 200 * 1024 * 1024);
  const { child, client } = startServer(ws.root);
  try {
    await initialize(client, ws.root);
    const uri = open(client, ws.mainRs, HOT_RS);
    assert.ok((await titles(client, uri)).some((t) => t.startsWith('🔥')));
    for (const [file, words] of [
      [zero, /is not a regular file/],
      [fifo, /is not a regular file/],
      [huge, /is 200 MB, larger than the 128 MB a profile may be/],
    ] as const) {
      client.notify('rustFlamegraph/profileChanged', { profileJson: file });
      const shown = await client.notification(
        (m) => m.method === 'window/showMessageRequest' && JSON.stringify(m.params).includes(path.basename(file)),
        20_000,
      );
      const message = (shown.params as { message: string }).message;
      assert.match(message, words);
      assert.doesNotMatch(message, RAW_JS);
      assert.ok(
        (await titles(client, uri)).some((t) => t.startsWith('🔥')),
        'the good profile still answers',
      );
    }
  } finally {
    child.kill();
    fs.rmSync(ws.root, { recursive: true, force: true });
  }
});

test('requests before initialize get ServerNotInitialized (-32002); notifications before it are dropped', async () => {
  const ws = workspace();
  const { child, client, exited } = startServer(ws.root);
  try {
    const uri = open(client, ws.mainRs, HOT_RS);
    for (const [method, params] of [
      ['textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 4 } }],
      ['textDocument/codeLens', { textDocument: { uri } }],
      ['rustFlamegraph/lineHeat', { uri }],
      ['shutdown', null],
    ] as const) {
      const r = await client.call(method, params);
      assert.equal(r.error?.code, -32002, `${method}: ${JSON.stringify(r)}`);
      assert.doesNotMatch(r.error.message, RAW_JS);
    }
    await initialize(client, ws.root);
    // The didOpen sent before initialize was dropped: the server knows no such document.
    assert.deepEqual(await titles(client, uri), []);
    await client.request('shutdown', null);
    client.notify('exit', null);
    assert.equal(await exited, 0);
  } finally {
    child.kill();
    fs.rmSync(ws.root, { recursive: true, force: true });
  }
});

test('null or malformed params get InvalidParams (-32602) in plain words; no JavaScript error text reaches the client', async () => {
  const ws = workspace();
  const { child, client, exited } = startServer(ws.root);
  try {
    const bad = await client.call('initialize', null);
    assert.equal(bad.error?.code, -32602, JSON.stringify(bad));
    assert.doesNotMatch(bad.error.message, RAW_JS);
    await initialize(client, ws.root);
    const uri = open(client, ws.mainRs, HOT_RS);
    // Notifications with bad params are dropped (a log line), the server stays up.
    client.notify('rustFlamegraph/profileChanged', null);
    client.notify('textDocument/didOpen', null);
    client.notify('textDocument/didChange', { textDocument: { uri }, contentChanges: 'x' });
    client.notify('$/cancelRequest', null);
    for (const [method, params] of [
      ['textDocument/hover', null],
      ['textDocument/hover', { textDocument: { uri }, position: { line: 'five', character: 0 } }],
      ['textDocument/hover', { textDocument: { uri: 7 }, position: { line: 5, character: 0 } }],
      ['textDocument/codeLens', null],
      ['textDocument/codeLens', { textDocument: null }],
      ['rustFlamegraph/lineHeat', null],
      ['rustFlamegraph/lineHeat', [1, 2]],
    ] as const) {
      const r = await client.call(method, params);
      assert.equal(r.error?.code, -32602, `${method} ${JSON.stringify(params)}: ${JSON.stringify(r)}`);
      assert.doesNotMatch(r.error.message, RAW_JS);
      assert.match(r.error.message, new RegExp(`^${method.replace('/', '\\/')} `));
    }
    assert.ok(
      (await titles(client, uri)).some((t) => t.startsWith('🔥')),
      'still answers',
    );
    for (const n of client.notifications) assert.doesNotMatch(JSON.stringify(n.params ?? null), RAW_JS);
    assert.doesNotMatch(client.stderr.join(''), RAW_JS);
    await client.request('shutdown', null);
    client.notify('exit', null);
    assert.equal(await exited, 0);
  } finally {
    child.kill();
    fs.rmSync(ws.root, { recursive: true, force: true });
  }
});

test('hover Markdown shows file and function names as text: no links, no emphasis, no HTML', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-lsp-md-'));
  const evilFile = path.join(dir, 'a*b_[x](javascript:alert(1)).rs');
  const evilName = 'app::Wrap<T>::run_*fast*_&amp;`x`';
  const ws = workspace([{ name: evilName, file: evilFile, line: 7, inlined: false, dso: null }]);
  const { child, client } = startServer(ws.root);
  try {
    await initialize(client, ws.root);
    const uri = open(client, ws.mainRs, HOT_RS);
    // Line 2 (`hot();`, 0-based 1) is called from the evil frame (main's caller).
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 1, character: 4 },
    });
    const md = hover!.contents.value;
    // The file name with each punctuation character escaped; the name in a code span fenced by more backticks than it holds.
    const line = '- `` app::Wrap<T>::run_*fast*_&amp;`x` `` (a\\*b\\_\\[x\\]\\(javascript\\:alert\\(1\\)\\)\\.rs:7): 90 samples, 100.0%';
    assert.ok(md.split('\n').includes(line), md);
  } finally {
    child.kill();
    fs.rmSync(ws.root, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
