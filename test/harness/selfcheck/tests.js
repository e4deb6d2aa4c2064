// Extension-host tests module for the harness self-check: VS Code calls run() inside the extension
// host with the real `vscode` API. A rejected promise makes the extension host exit non-zero.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

exports.run = async () => {
  console.log(`selfcheck: VS Code ${vscode.version}, pid ${process.pid}`);
  assert.ok(vscode.version.startsWith('1.100'), `unexpected VS Code version ${vscode.version}`);

  // The workspace folder we asked for is open.
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  assert.deepEqual(folders, [path.resolve(__dirname, 'workspace')]);

  // The extension under development is loaded and its command works (activation on command).
  const text = await vscode.commands.executeCommand('rfSelfcheck.hello', 'harness');
  assert.match(String(text), /^Hello harness in .* 1\.100\./);
  const ext = vscode.extensions.getExtension('rust-flamegraph.rf-harness-selfcheck');
  assert.ok(ext && ext.isActive, 'selfcheck extension is not active');

  // Env passed to runExtensionHostTests reaches the extension host; used to prove failures are reported.
  if (process.env.RF_SELFCHECK_FAIL) assert.equal(vscode.version, '0.0.0', 'deliberate failure');
  console.log('selfcheck: all assertions passed');
};
