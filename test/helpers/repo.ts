// Paths and runners shared by the tests. Tests run compiled from out/test/…,
// so the repository root is found by walking up to package.json.

import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';

export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) || dir.endsWith(`${path.sep}out`) || dir.includes(`${path.sep}out${path.sep}`)) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + __dirname);
    dir = up;
  }
  return dir;
}

export const fixtureCrate = (name: string) => path.join(repoRoot(), 'test', 'fixtures', 'crates', name);
/** FlameGraph's perf script corpus with stackcollapse-perf.pl's folds of it (CDDL, see its README.md). */
export const corpusDir = () => path.join(repoRoot(), 'test', 'fixtures', 'perf-corpus');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled command line (dist/cli.js) as a user would. */
export function runCli(
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliResult> {
  const cli = path.join(repoRoot(), 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: opts.cwd ?? repoRoot(),
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
