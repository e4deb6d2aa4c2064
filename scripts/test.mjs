// Runs every test with Node's own runner, group by group: unit (fast, pure),
// integration (builds and profiles our fixture crates with real cargo and
// perf), browser (the flamegraph page in headless Chromium), vscode (the
// extension-host suite in a real VS Code), e2e (the packaged .vsix driven as a
// user would). `npm test -- unit` runs one group.
import { readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const groups = process.argv.slice(2);
const wanted = groups.length ? groups : ['unit', 'integration', 'browser', 'vscode', 'e2e'];
const files = [];
for (const g of wanted) {
  const dir = path.join('out', 'test', g);
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) if (f.endsWith('.test.js')) files.push(path.join(dir, f));
}
if (files.length === 0) {
  console.error(`No tests found for ${wanted.join(', ')}: run npm run build first.`);
  process.exit(1);
}
// The browser, vscode and e2e groups need Debian's Chromium and code-server's
// VS Code: install them first (a no-op taking under a second once done), so
// that `npm test` works on a fresh machine.
if (wanted.some((g) => g === 'browser' || g === 'vscode' || g === 'e2e')) {
  const inst = spawnSync('bash', ['scripts/install-code-server.sh'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (inst.status !== 0) {
    console.error(
      'Installing Chromium and code-server for the browser, vscode and e2e tests failed (see above). Run `bash scripts/install-code-server.sh` as root, or run `npm test -- unit integration`.',
    );
    process.exit(1);
  }
}
// One file at a time: integration tests run perf, and two perf runs on two
// cores disturb each other's samples.
// No test leaves a background cargo build of the fast symbolizer running in the user's cache (CI builds it
// beforehand with `rust-flamegraph setup`; tests of the build pass their own environment).
const env = { RUST_FLAMEGRAPH_BUILD_SYMBOLIZER: '0', ...process.env };
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
