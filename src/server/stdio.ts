// `rust-flamegraph lsp --stdio`: the same server for any editor, over
// stdin/stdout. Resolves with the exit code once the client ends it.

import { ErrorCodes, Message, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { createProfileConnection } from './connection';
import { HeaderCheck } from './headerCheck';
import { startProfileServer } from './server';

export function serveProfileLensesOverStdio(): Promise<number> {
  return new Promise((resolve) => {
    const reader = new StreamMessageReader(process.stdin.pipe(new HeaderCheck()));
    const writer = new StreamMessageWriter(process.stdout);
    reader.onError((e) => {
      // A body that is not JSON: its header said where it ends, the next message can still be read.
      if (e instanceof SyntaxError) {
        process.stderr.write('rust-flamegraph lsp: a message from the client is not JSON; answered with a parse error.\n');
        void writer.write({
          jsonrpc: '2.0',
          id: null,
          error: { code: ErrorCodes.ParseError, message: 'The message is not JSON.' },
        } as Message);
        return;
      }
      // A header that cannot be read (HeaderCheck, or vscode-jsonrpc itself) leaves the stream at an unknown
      // place: nothing after it can be trusted to be a message, so the connection ends.
      process.stderr.write(
        `rust-flamegraph lsp: malformed message header from the client (${e.message.split('\n')[0]}); closing the connection.\n`,
      );
      resolve(1);
    });
    const connection = createProfileConnection(reader, writer);
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
