// `node scripts/vendor-bench-crate.mjs [CRATE_DIR]`: (re)vendors a bench crate's dependencies into its vendor/
// (default bench/crates/log-digest), then drops what the build never reads (the crates' tests, benches,
// examples, test data, CI files and lock files) to keep the repository small. cargo checks every file listed in
// a vendored crate's .cargo-checksum.json, so "files" is emptied: the "package" checksum (the .crate's, from
// the lock file) still ties each directory to its release. Needs the network once; the bench then builds offline.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';

const crate = path.resolve(process.argv[2] ?? 'bench/crates/log-digest');
const vendor = path.join(crate, 'vendor');
const UNUSED = ['tests', 'benches', 'examples', 'testdata', 'test-data', '.github', 'Cargo.lock'];

rmSync(vendor, { recursive: true, force: true });
// Without the source replacement cargo vendor reads crates-io itself; with it, it would read the vendor/ we just removed.
const config = path.join(crate, '.cargo', 'config.toml');
const saved = existsSync(config) ? readFileSync(config) : undefined;
if (saved) rmSync(config);
try {
  execFileSync('cargo', ['vendor', '--locked', '--versioned-dirs', 'vendor'], { cwd: crate, stdio: ['ignore', 'ignore', 'inherit'] });
} finally {
  if (saved) writeFileSync(config, saved);
}
for (const dir of readdirSync(vendor)) {
  for (const name of UNUSED) rmSync(path.join(vendor, dir, name), { recursive: true, force: true });
  const sums = path.join(vendor, dir, '.cargo-checksum.json');
  const json = JSON.parse(readFileSync(sums, 'utf8'));
  writeFileSync(sums, JSON.stringify({ files: {}, package: json.package }));
}
// The offline build is the proof that nothing it needs was dropped.
execFileSync('cargo', ['build', '--offline', '--locked', '--release'], { cwd: crate, stdio: 'inherit' });
console.log(`vendored into ${path.relative(process.cwd(), vendor)}`);
