// dist/server.js: the profile language server as the extension starts it
// (vscode-languageclient's node-module transport: --node-ipc on argv).

import { IPCMessageReader, IPCMessageWriter } from 'vscode-languageserver/node';
import { createProfileConnection } from './connection';
import { startProfileServer } from './server';

startProfileServer(createProfileConnection(new IPCMessageReader(process), new IPCMessageWriter(process)));
