// `rust-flamegraph lsp --stdio`: the same server for any editor, over
// stdin/stdout. Resolves with the exit code once the client ends it.

import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startProfileServer } from './server';

export function serveProfileLensesOverStdio(): Promise<number> {
  return new Promise((resolve) => {
    const connection = createConnection(
      ProposedFeatures.all,
      new StreamMessageReader(process.stdin),
      new StreamMessageWriter(process.stdout),
    );
    let shutdownRequested = false;
    connection.onShutdown(() => {
      shutdownRequested = true;
    });
    // LSP: exit after shutdown is a clean end (0); without it, 1.
    connection.onExit(() => resolve(shutdownRequested ? 0 : 1));
    process.stdin.on('end', () => resolve(shutdownRequested ? 0 : 1));
    startProfileServer(connection);
  });
}
