// The profile language server in an untrusted workspace (VS Code's client
// says `trusted: false`): it runs no cargo (cargo metadata reads the
// workspace's rust-toolchain.toml and .cargo/config.toml, which can name any
// binary), so no ▶ Profile lens; once told the workspace is trusted, it runs
// cargo and the ▶ Profile lenses appear. cargo here is a wrapper script that
// notes each run in a file, then runs the real cargo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { fixtureCrate, repoRoot } from '../helpers/repo';
import { StdioClient } from '../helpers/lspClient';

interface Lens {
  range: { start: { line: number } };
  command: { title: string };
}

test('lsp: trusted: false runs no cargo and gives no ▶ Profile lens, until workspaceTrusted', async () => {
  const crate = fixtureCrate('lens-attribution');
  const mainRs = path.join(crate, 'src', 'main.rs');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-lsp-trust-'));
  const marker = path.join(dir, 'cargo-runs.txt');
  const cargo = path.join(dir, 'cargo');
  fs.writeFileSync(cargo, `#!/bin/sh\necho "$*" >> '${marker}'\nexec cargo "$@"\n`);
  fs.chmodSync(cargo, 0o755);
  const runs = () => (fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : '');

  const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), 'lsp', '--stdio'], { cwd: crate });
  const client = new StdioClient(child);
  try {
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(crate).href,
      capabilities: {},
      initializationOptions: { cargo, trusted: false },
    });
    client.notify('initialized', {});
    const uri = pathToFileURL(mainRs).href;
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text: fs.readFileSync(mainRs, 'utf8') } });
    const profileLenses = async () =>
      (await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } })).filter((l) => l.command.title === '▶ Profile');

    assert.deepEqual(await profileLenses(), [], 'no ▶ Profile lens without cargo metadata');
    assert.equal(runs(), '', 'cargo ran in an untrusted workspace');

    client.notify('rustFlamegraph/workspaceTrusted', null);
    const deadline = Date.now() + 60_000;
    let lenses: Lens[] = [];
    while (!lenses.length && Date.now() < deadline) {
      lenses = await profileLenses();
      if (!lenses.length) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(lenses.length > 0, 'no ▶ Profile lens once trusted');
    assert.match(runs(), /^metadata /m, 'cargo metadata did not run once trusted');
  } finally {
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
