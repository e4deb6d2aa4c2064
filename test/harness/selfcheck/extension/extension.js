// Minimal extension for the harness self-check: one command that returns a value (for the
// extension-host test) and shows a notification (for the UI smoke).
const vscode = require('vscode');

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand('rfSelfcheck.hello', (name) => {
      const text = `Hello ${name ?? 'from the selfcheck'} in ${vscode.env.appName} ${vscode.version}`;
      void vscode.window.showInformationMessage(text);
      return text;
    }),
  );
};
exports.deactivate = () => undefined;
