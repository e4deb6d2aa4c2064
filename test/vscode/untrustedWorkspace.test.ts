// Launcher of the untrusted-workspace suite (./suite/untrusted.ts) in a real
// VS Code with workspace trust ON: the workbench refuses trust prompts in test
// mode, so the folder stays untrusted (the suite checks it). cargo is a fake
// that writes a marker file when run, named in the user settings (cargoPath is
// machine-scoped), $CARGO and PATH; the perf.data the suite opens is recorded
// here, beforehand, with the CLI and the real cargo, into a folder of the
// workspace that is not a profiles folder. The workspace has a perf and an
// addr2line of its own, which the suite puts first on the PATH: they must never run.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { runExtensionHostTests } from '../harness/codeServer';
import { repoRoot, runCli } from '../helpers/repo';
import { makeTestWorkspace } from './workspaceCopy';

test('untrusted workspace: profiling refused, nothing spawned, Open perf.data works', { timeout: 900_000 }, async () => {
  for (const bundle of ['extension.js', 'engine.js', 'webview.js', 'server.js', 'cli.js']) {
    assert.ok(fs.existsSync(path.join(repoRoot(), 'dist', bundle)), `dist/${bundle} is missing: run npm run build first`);
  }
  const workspace = makeTestWorkspace('rf-untrusted-');
  const fakeBin = fs.mkdtempSync(path.join(path.dirname(workspace), 'rf-fake-cargo-'));
  const marker = path.join(fakeBin, 'cargo-ran.txt');
  const lines: string[] = [];
  try {
    const recorded = path.join(workspace, 'recorded');
    const rec = await runCli([
      'record',
      '--manifest-path',
      path.join(workspace, 'seed-demo', 'Cargo.toml'),
      '--output',
      recorded,
      '--json',
      '--',
      '10000',
    ]);
    assert.equal(rec.code, 0, `recording the perf.data failed:\n${rec.stderr}`);
    const samples = (JSON.parse(rec.stdout) as { samples: number }).samples;
    const perfData = path.join(recorded, 'perf.data');
    assert.ok(fs.existsSync(perfData));
    // Opening must produce its own profile.json, not find the CLI's.
    for (const f of fs.readdirSync(recorded)) if (f !== 'perf.data') fs.rmSync(path.join(recorded, f), { recursive: true });

    for (const name of ['cargo', 'rustc', 'rustup']) {
      const fake = path.join(fakeBin, name);
      fs.writeFileSync(fake, `#!/bin/sh\necho "${name} $*" >> '${marker}'\nexit 1\n`);
      fs.chmodSync(fake, 0o755);
    }
    // A folder an opened profile may name as its workspaceRoot, whose rust-toolchain.toml names a toolchain of
    // the attacker's: rustup would run its rustc in that folder (seen here: `rustc --print sysroot` ran it).
    const evilRoot = path.join(workspace, 'evil-root');
    const evilToolchain = path.join(workspace, 'evil-toolchain');
    const toolchainMarker = path.join(fakeBin, 'evil-rustc-ran.txt');
    fs.mkdirSync(path.join(evilToolchain, 'bin'), { recursive: true });
    fs.mkdirSync(evilRoot);
    fs.writeFileSync(path.join(evilToolchain, 'bin', 'rustc'), `#!/bin/sh\necho "rustc $*" >> '${toolchainMarker}'\necho /evil-sysroot\n`);
    fs.chmodSync(path.join(evilToolchain, 'bin', 'rustc'), 0o755);
    fs.writeFileSync(path.join(evilRoot, 'rust-toolchain.toml'), `[toolchain]\npath = "${evilToolchain}"\n`);
    // The workspace's own perf and addr2line, which the suite puts first on the PATH when it opens the perf.data:
    // they must never run (src/core/proc/spawnPolicy.ts).
    const wsToolMarker = path.join(fakeBin, 'workspace-tool-ran.txt');
    fs.mkdirSync(path.join(workspace, 'bin'));
    for (const name of ['perf', 'addr2line']) {
      fs.writeFileSync(path.join(workspace, 'bin', name), `#!/bin/sh\necho "${name} $*" >> '${wsToolMarker}'\nexit 1\n`);
      fs.chmodSync(path.join(workspace, 'bin', name), 0o755);
    }
    const realCargo = execFileSync('sh', ['-c', 'command -v cargo'], { encoding: 'utf8' }).trim();
    const { exitCode, serverLog } = await runExtensionHostTests({
      extensionPath: repoRoot(),
      testsModule: path.join(__dirname, 'suite', 'untrusted.js'),
      workspaceFolder: workspace,
      timeoutMs: 600_000,
      workspaceTrust: true,
      // VS Code's own processes would count as children of the extension host: git's, and the
      // port finder's (`ls -l /proc/[0-9]*/fd/[0-9]*`, `ps -F -A -l`) of remote.autoForwardPorts.
      settings: { 'rustFlamegraph.cargoPath': path.join(fakeBin, 'cargo'), 'git.enabled': false, 'remote.autoForwardPorts': false },
      env: {
        CARGO: path.join(fakeBin, 'cargo'),
        PATH: `${fakeBin}:${process.env.PATH ?? ''}`,
        RF_UNTRUSTED_CARGO_MARKER: marker,
        RF_UNTRUSTED_WS_TOOL_MARKER: wsToolMarker,
        RF_UNTRUSTED_PERF_DATA: perfData,
        RF_UNTRUSTED_SAMPLES: String(samples),
        RF_UNTRUSTED_EVIL_ROOT: evilRoot,
        RF_UNTRUSTED_TOOLCHAIN_MARKER: toolchainMarker,
        RF_REAL_CARGO: realCargo,
      },
      log: (s) => {
        lines.push(s);
        console.log(`  [exthost] ${s}`);
      },
    });
    if (exitCode !== 0 && process.env.RF_VSCODE_VERBOSE) console.log(serverLog);
    assert.equal(
      exitCode,
      0,
      `the untrusted-workspace suite failed (exit ${exitCode}):\n${lines
        .filter((l) => /FAIL|Error|assert/i.test(l))
        .slice(0, 40)
        .join('\n')}`,
    );
    assert.ok(
      lines.some((l) => / passed, 0 failed$/.test(l)),
      'the suite did not report its result',
    );
    assert.ok(!fs.existsSync(marker), `cargo ran: ${fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : ''}`);
    const wsTools = fs.existsSync(wsToolMarker) ? fs.readFileSync(wsToolMarker, 'utf8') : '';
    assert.equal(wsTools, '', 'a program of the untrusted workspace ran (its bin folder is on the PATH)');
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(fakeBin, { recursive: true, force: true });
  }
});
