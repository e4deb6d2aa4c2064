#!/usr/bin/env node
// Self-check of test/harness/codeServer.ts: runs tests.js in a real VS Code extension host with the
// throwaway extension in ./extension, and exits with the extension host's exit code.
//   node test/harness/selfcheck/run.js            -> 0 when the assertions in tests.js pass
//   RF_SELFCHECK_FAIL=1 node .../run.js           -> non-zero (a deliberate failing assertion)
// RF_SELFCHECK_VERBOSE=1 prints the server and extension host logs on failure. See loadHarness.js.
'use strict';
const path = require('node:path');

const { loadHarness } = require('./loadHarness');

async function main() {
  const harness = loadHarness();
  const started = Date.now();
  const env = {};
  if (process.env.RF_SELFCHECK_FAIL) env.RF_SELFCHECK_FAIL = '1';
  const { exitCode, serverLog } = await harness.runExtensionHostTests({
    extensionPath: path.join(__dirname, 'extension'),
    testsModule: path.join(__dirname, 'tests.js'),
    workspaceFolder: path.join(__dirname, 'workspace'),
    timeoutMs: 120_000,
    log: (s) => console.log(`  [exthost] ${s}`),
    env,
  });
  if (exitCode !== 0 && process.env.RF_SELFCHECK_VERBOSE) console.log(serverLog);
  console.log(`selfcheck: extension host exited with ${exitCode} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = exitCode;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
