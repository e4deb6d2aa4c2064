// The connection both transports give the profile server (node-ipc for the
// VS Code extension, stdio for `lsp --stdio`), with a gate in front of the
// handlers: as the LSP spec asks, requests before `initialize` get
// ServerNotInitialized and notifications before it are dropped; params of the
// wrong shape get InvalidParams in plain words; and no JavaScript error text
// reaches the client: an internal error's details go to stderr (the server's
// log), the client gets one plain sentence.

import {
  createConnection,
  Connection,
  ErrorCodes,
  Message,
  MessageReader,
  MessageWriter,
  ProposedFeatures,
  ResponseMessage,
} from 'vscode-languageserver/node';
import { paramsProblem } from './paramChecks';

/** What a client is told when a handler failed unexpectedly (the details are in the server's log). */
export const INTERNAL_ERROR_TEXT = 'The profile server failed to answer this request; its log (stderr) has the details.';

export function createProfileConnection(reader: MessageReader, writer: MessageWriter): Connection {
  let initializeSeen = false;
  const reply = (id: ResponseMessage['id'], code: number, message: string) =>
    void writer.write({ jsonrpc: '2.0', id, error: { code, message } } as ResponseMessage);
  /** Hands `message` on, or answers (or drops) it here. */
  const gate = (message: Message, next: (m: Message) => void) => {
    if (typeof message !== 'object' || message === null || Array.isArray(message))
      return reply(null, ErrorCodes.InvalidRequest, 'A message must be a JSON object.');
    if (Message.isRequest(message)) {
      if (!initializeSeen && message.method !== 'initialize')
        return reply(
          message.id,
          ErrorCodes.ServerNotInitialized,
          `The server is not initialized: send initialize before ${message.method}.`,
        );
      const problem = paramsProblem(message.method, message.params);
      if (problem) return reply(message.id, ErrorCodes.InvalidParams, `${message.method} needs ${problem}.`);
      if (message.method === 'initialize') initializeSeen = true;
    } else if (Message.isNotification(message)) {
      if (!initializeSeen && message.method !== 'exit') return;
      const problem = paramsProblem(message.method, message.params);
      if (problem) return connection.console.warn(`Ignored ${message.method}: it needs ${problem}.`);
    }
    next(message);
  };
  // The gate sits in the reader: vscode-jsonrpc reads some params ($/cancelRequest's) as soon as a message arrives.
  const gatedReader: MessageReader = {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    listen: (callback) => reader.listen((m) => gate(m, callback)),
    dispose: () => reader.dispose(),
  };
  const safeWriter: MessageWriter = {
    onError: writer.onError,
    onClose: writer.onClose,
    write: (msg) => writer.write(withoutInternals(msg)),
    end: () => writer.end(),
    dispose: () => writer.dispose(),
  };
  const connection = createConnection(ProposedFeatures.all, gatedReader, safeWriter);
  return connection;
}

/**
 * vscode-jsonrpc answers a handler's exception with InternalError and the
 * exception's message ("Request textDocument/hover failed with message: Cannot
 * read properties of …"): the message goes to stderr, the client gets a plain one.
 */
export function withoutInternals(msg: Message): Message {
  if (!Message.isResponse(msg) || msg.error?.code !== ErrorCodes.InternalError || msg.error.message === INTERNAL_ERROR_TEXT) return msg;
  process.stderr.write(`rust-flamegraph lsp: internal error: ${msg.error.message}\n`);
  return { ...msg, error: { code: ErrorCodes.InternalError, message: INTERNAL_ERROR_TEXT } } as ResponseMessage;
}
