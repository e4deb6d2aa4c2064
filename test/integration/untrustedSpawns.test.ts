// The spawn rule of an untrusted workspace (src/core/proc/spawnPolicy.ts),
// through the report job VS Code runs when a perf.data is opened there: every
// program runs outside the workspace, is found on the PATH without its
// relative entries and without the workspace's folders, and a perf named by a
// path inside the workspace (or a relative one) is refused. addr2line reads a
// regular file named without links. perf and addr2line are fakes that log
// their working folder, PATH and arguments; the workspace holds its own
// `perf` and `addr2line`, which must never run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as os from 'node:os';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { reportJob } from '../../src/core/jobs/jobs';
import type { ReportJob } from '../../src/protocol/engineMessages';
import { recordingHost } from '../helpers/jobHost';

interface Setup {
  ws: string;
  perfData: string;
  log: string;
  marker: string;
  outputDir: string;
  prog: string;
}

function script(file: string, body: string): void {
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
}

function setup(): Setup {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'rf-untrusted-spawn-')));
  const ws = path.join(root, 'workspace');
  const tools = path.join(root, 'tools');
  const log = path.join(root, 'spawns.log');
  const marker = path.join(root, 'workspace-tool-ran.txt');
  for (const d of [path.join(ws, 'bin'), tools]) mkdirSync(d, { recursive: true });
  // A program with a line table, for addr2line to be asked about; named in the perf.data through a link.
  const prog = path.join(root, 'prog');
  writeFileSync(`${prog}.c`, 'int main(void) { return 0; }\n');
  execFileSync('cc', ['-g', '-O0', '-o', prog, `${prog}.c`]);
  symlinkSync(prog, path.join(ws, 'prog-link'));
  const scriptText = path.join(root, 'script.txt');
  writeFileSync(
    scriptText,
    `prog  4242   100.000000:    1003009 cpu-clock:ppp: \n\t            1139 main+0x0 (${path.join(ws, 'prog-link')})\n\n`,
  );
  const perfData = path.join(ws, 'perf.data');
  writeFileSync(perfData, 'PERFILE2 (the fake perf does not read it)');
  // Each fake logs "<name> cwd=<folder> path=<PATH> args=<args>".
  const logLine = (name: string) => `echo "${name} cwd=$(pwd) path=$PATH args=$*" >> '${log}'`;
  script(path.join(tools, 'perf'), `${logLine('perf')}\ncase " $* " in *" script "*) cat '${scriptText}' ;; esac\nexit 0`);
  script(path.join(tools, 'addr2line'), `${logLine('addr2line')}\nexit 0`);
  for (const name of ['perf', 'addr2line']) script(path.join(ws, 'bin', name), `echo "${name} $*" >> '${marker}'\nexit 1`);
  return { ws, perfData, log, marker, outputDir: path.join(root, 'out'), prog };
}

/** Runs the report job with the workspace's bin folder first on the PATH (as direnv does), and `bin` (relative) too, from inside the workspace. */
async function report(s: Setup, job: Partial<ReportJob>) {
  const before = { path: process.env.PATH, cwd: process.cwd() };
  process.env.PATH = ['bin', path.join(s.ws, 'bin'), path.join(path.dirname(s.ws), 'tools'), before.path].join(path.delimiter);
  process.chdir(s.ws);
  const host = recordingHost();
  try {
    // binutils' addr2line, for the fake one on the PATH (the gimli one or llvm-symbolizer would be chosen before it).
    const full: ReportJob = {
      type: 'report',
      file: s.perfData,
      perf: 'perf',
      symbolizer: 'binutils',
      outputDir: s.outputDir,
      outputs: 'profileOnly',
      ...job,
    };
    return { host, result: await reportJob(full, host) };
  } finally {
    process.chdir(before.cwd);
    process.env.PATH = before.path;
  }
}

function spawns(s: Setup): { name: string; cwd: string; path: string; args: string }[] {
  if (!existsSync(s.log)) return [];
  return readFileSync(s.log, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => {
      const m = /^(\S+) cwd=(.*) path=(.*) args=(.*)$/.exec(l)!;
      return { name: m[1], cwd: m[2], path: m[3], args: m[4] };
    });
}

const inside = (p: string, dir: string) => p === dir || p.startsWith(dir + path.sep);

test('untrusted: perf and addr2line run outside the workspace, from the PATH without the workspace, never its own tools', async () => {
  const s = setup();
  try {
    const { result } = await report(s, { untrustedFolders: [s.ws] });
    assert.equal(result.profile.samples, 1);
    const seen = spawns(s);
    assert.deepEqual([...new Set(seen.map((x) => x.name))].sort(), ['addr2line', 'perf'], JSON.stringify(seen));
    for (const x of seen) {
      assert.ok(!inside(x.cwd, s.ws), `${x.name} ran in the workspace (${x.cwd})`);
      for (const dir of x.path.split(path.delimiter)) {
        assert.ok(path.isAbsolute(dir), `${x.name}'s PATH holds the relative folder ${dir}`);
        assert.ok(!inside(dir, s.ws), `${x.name}'s PATH holds the workspace folder ${dir}`);
      }
    }
    // addr2line reads the file itself, not the link the perf.data names.
    assert.match(seen.find((x) => x.name === 'addr2line')!.args, new RegExp(`-e ${s.prog}$`));
    assert.equal(existsSync(s.marker) ? readFileSync(s.marker, 'utf8') : '', '', 'a program of the workspace ran');
  } finally {
    rmSync(path.dirname(s.ws), { recursive: true, force: true });
  }
});

test('untrusted: a perf named by a path inside the workspace, or a relative one, is refused and never runs', async () => {
  const s = setup();
  try {
    for (const perf of [path.join(s.ws, 'bin', 'perf'), 'bin/perf', './bin/perf']) {
      await assert.rejects(report(s, { perf, untrustedFolders: [s.ws] }), (e: Error & { diagnostic?: { code: string } }) => {
        assert.equal(e.diagnostic?.code, 'untrusted-tool-path', `${perf}: ${e.message}`);
        assert.match(e.message, /untrusted workspace/);
        return true;
      });
    }
    assert.equal(existsSync(s.marker) ? readFileSync(s.marker, 'utf8') : '', '', 'a program of the workspace ran');
    assert.deepEqual(spawns(s), []);
  } finally {
    rmSync(path.dirname(s.ws), { recursive: true, force: true });
  }
});

test('trusted (no untrustedFolders): the same job runs with the PATH and folder it was given', async () => {
  // What the rule changes, seen from the other side: without it the workspace's own perf is the one found.
  const s = setup();
  try {
    await assert.rejects(report(s, {}));
    assert.match(readFileSync(s.marker, 'utf8'), /^perf /m);
  } finally {
    rmSync(path.dirname(s.ws), { recursive: true, force: true });
  }
});
