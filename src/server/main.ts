// dist/server.js: the profile language server as the extension starts it
// (vscode-languageclient's node-module transport: --node-ipc on argv).

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startProfileServer } from './server';

startProfileServer(createConnection(ProposedFeatures.all));
