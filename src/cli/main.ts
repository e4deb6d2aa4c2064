// The `rust-flamegraph` command line: the engine, for terminals and CI.

import * as path from 'node:path';
import { parseArgs, UsageError, HELP, CliOptions } from './args';
import { describeError, Reporter, terminalFailureText } from '../core/errors';
import { failureOf } from '../protocol/failure';
import { terminalText } from '../model/diagnostics';
import { selectTarget } from '../core/cargo/metadata';
import { collapseFile } from '../core/perf/collapseFile';
import { jsonSummary, hotFunctionsTable } from '../core/export/summary';
import { shellQuote } from '../model/format';
import { JobHost } from '../core/jobs/host';
import { ProfileJobResult, recordJob, reportJob, targetsJob } from '../core/jobs/jobs';
import { isAbortError } from '../core/jobs/abort';
import { toolPath } from '../core/tools';
import { BYTES_PER_MB } from '../core/checks/messages';
import { Interrupts } from './interrupts';
import { openInputFile } from '../core/pipeline/report';
import { killAllChildren } from '../core/proc/run';
import { setupCommand } from './setup';

declare const VERSION: string | undefined;

/**
 * How long a cancelled command may take to stop its children and exit on its own before it is made to.
 * RF_ABORT_BACKSTOP_MS moves it: the tests set it far away, so that only a stage's own cancel can pass them.
 */
const ABORT_BACKSTOP_MS = Number(process.env.RF_ABORT_BACKSTOP_MS) || 1500;

function stderrReporter(verbose: boolean): Reporter {
  return {
    warn: (m) => process.stderr.write(`warning: ${typeof m === 'string' ? m : terminalText(m)}\n`),
    info: (m) => process.stderr.write(`${m}\n`),
    command: verbose ? (f, a) => process.stderr.write(`$ ${[f, ...a].map(shellQuote).join(' ')}\n`) : undefined,
  };
}

/**
 * `rust-flamegraph report … --json | head`: the reader went away, so the rest of the output has nowhere to go.
 * Stop quietly (status 0: what was asked for is written; a C tool would die of SIGPIPE with 141) instead of
 * an unhandled EPIPE with a stack trace. The outputs on disk are already written by then.
 */
function quietOnClosedStdout(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

async function main(argv: string[]): Promise<number> {
  quietOnClosedStdout();
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n\n${HELP}`);
      return 2;
    }
    throw e;
  }
  if (opts.command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (opts.command === 'version') {
    process.stdout.write(`rust-flamegraph ${typeof VERSION === 'string' ? VERSION : 'dev'}\n`);
    return 0;
  }
  if (opts.command === 'lsp') {
    // Serves until the client sends exit (or closes stdin); stdout carries LSP frames only. Loaded here only,
    // from its own bundle (dist/lsp.js, see scripts/build.mjs): the language server's libraries are two thirds
    // of the code, and compiling and setting them up cost every other command ~20 ms at start.
    const { serveProfileLensesOverStdio } = await import('../server/stdio');
    return serveProfileLensesOverStdio();
  }
  const reporter = stderrReporter(opts.verbose);
  if (opts.command === 'setup') return setupCommand(opts, reporter);
  const interrupts = new Interrupts(reporter);
  const controller = interrupts.controller;
  interrupts.install();
  // A cancel ends the command within moments whatever it was waiting for: every stage stops on the
  // abort, and this is the backstop for one that does not.
  controller.signal.addEventListener('abort', () => {
    setTimeout(() => {
      process.stderr.write('Stopped.\n');
      exit(130);
    }, ABORT_BACKSTOP_MS);
  });
  try {
    if (opts.command === 'collapse') {
      const input = await openInputFile(opts.file!);
      let collapser;
      try {
        collapser = await collapseFile(
          input,
          { pid: opts.pid, tid: opts.tid },
          (w) => reporter.warn(`line ${w.line}: ${w.message}`),
          controller.signal,
        );
      } finally {
        await input.close();
      }
      for (const piece of collapser.foldedPieces()) await writeStdout(piece);
      return 0;
    }
    const host: JobHost = {
      signal: controller.signal,
      stopSignal: interrupts.stop.signal,
      progress: (p) => interrupts.onPhase(p.phase),
      log: (level, m) => (level === 'warn' ? reporter.warn(m) : reporter.info(typeof m === 'string' ? m : terminalText(m))),
      command: reporter.command,
      // The program's stdout goes to stderr too: stdout stays clean for --json.
      programOutput: (t) => process.stderr.write(t),
    };
    let r: ProfileJobResult;
    if (opts.command === 'record') {
      const ws = await targetsJob(
        { type: 'targets', manifestPath: opts.manifestPath, cwd: process.cwd(), cargoPath: opts.settings.cargoPath },
        host,
      );
      const target = selectTarget(ws, opts);
      // --target-dir is relative to where the command runs, as cargo takes it.
      if (opts.settings.targetDir) opts.settings.targetDir = path.resolve(opts.settings.targetDir);
      r = await recordJob(
        {
          type: 'record',
          workspace: ws,
          target,
          settings: opts.settings,
          durationSeconds: opts.duration,
          outputDir: opts.output,
          minFreeBytes: opts.minFreeMb === undefined ? undefined : opts.minFreeMb * BYTES_PER_MB,
        },
        host,
      );
      reporter.info(`perf.data kept in ${r.perfData}`);
    } else {
      const file = path.resolve(opts.file!);
      r = await reportJob(
        {
          type: 'report',
          file,
          perf: toolPath('perf', opts.settings.perfPath),
          symbolizer: opts.settings.symbolizer,
          outputDir: path.resolve(opts.output ?? path.dirname(file)),
        },
        host,
      );
    }
    const written = r.written;
    reporter.info(`Wrote ${written.profile}, ${written.folded}, ${written.svg}, ${written.html}`);
    if (opts.json) await writeStdout(JSON.stringify(jsonSummary(r.profile, written)) + '\n');
    else await writeStdout(hotFunctionsTable(r.profile) + '\n');
    return 0;
  } catch (e) {
    const failure = failureOf(e, isAbortError(e) || controller.signal.aborted);
    if (failure.cancelled) {
      process.stderr.write('Stopped.\n');
      return 130;
    }
    process.stderr.write(`error: ${terminalFailureText(failure)}\n`);
    if (opts.verbose && !failure.userError && failure.details) process.stderr.write(`${failure.details}\n`);
    return 1;
  } finally {
    interrupts.uninstall();
  }
}

function writeStdout(text: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

main(process.argv.slice(2)).then(
  // Exit at once: a child we could not stop must not keep the command alive, nor outlive it.
  // stdout and stderr are synchronous for files and pipes on Linux, so nothing is lost.
  (code) => exit(code),
  (e) => {
    process.stderr.write(`error: ${describeError(e)}\n`);
    exit(1);
  },
);

function exit(code: number): never {
  killAllChildren();
  process.exit(code);
}
