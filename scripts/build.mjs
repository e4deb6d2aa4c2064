// Bundles with esbuild after `tsc --noEmit` (run by `npm run build`):
// dist/cli.js (the rust-flamegraph command), and the compiled tests in out/.
import { build } from 'esbuild';
import { readFileSync, chmodSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  banner: { js: '#!/usr/bin/env node' },
  define: { VERSION: JSON.stringify(pkg.version) },
});
chmodSync('dist/cli.js', 0o755);

// Tests and benchmarks run as plain CommonJS from out/, compiled by tsc so
// that their paths mirror the sources (fixtures are found relative to them).
rmSync('out', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.', '--outDir', 'out'], { stdio: 'inherit' });
