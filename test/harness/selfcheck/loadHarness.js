// Loads test/harness/codeServer.ts for the self-check scripts: bundled with esbuild into out/ (so that
// `require('playwright-core')` resolves from the repo's node_modules), unless RF_HARNESS_JS names an
// already compiled harness.
'use strict';
const path = require('node:path');

exports.loadHarness = () => {
  if (process.env.RF_HARNESS_JS) return require(path.resolve(process.env.RF_HARNESS_JS));
  const repo = path.resolve(__dirname, '..', '..', '..');
  const outfile = path.join(repo, 'out', 'harness-selfcheck', 'codeServer.js');
  require('esbuild').buildSync({
    entryPoints: [path.join(__dirname, '..', 'codeServer.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['playwright-core'],
    outfile,
    logLevel: 'warning',
  });
  return require(outfile);
};
