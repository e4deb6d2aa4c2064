// The `rust-flamegraph` command line: the engine, for terminals and CI.

import * as path from 'node:path';
import { createReadStream } from 'node:fs';
import { parseArgs, UsageError, HELP, CliOptions } from './args';
import { describeError, Reporter, terminalFailureText } from '../core/errors';
import { failureOf } from '../protocol/failure';
import { terminalText } from '../model/diagnostics';
import { recordPipeline } from '../core/pipeline/record';
import { reportFile } from '../core/pipeline/report';
import { perfPath } from '../core/perf/perfTool';
import { collapsePerfScript } from '../core/perf/collapse';
import { writeOutputs } from '../core/export/writeOutputs';
import { jsonSummary, hotFunctionsTable } from '../core/export/summary';
import { Profile } from '../model/profileTypes';
import { shellQuote } from '../model/format';
import { Interrupts } from './interrupts';
import { serveProfileLensesOverStdio } from '../server/stdio';

declare const VERSION: string | undefined;

function stderrReporter(verbose: boolean): Reporter {
  return {
    warn: (m) => process.stderr.write(`warning: ${typeof m === 'string' ? m : terminalText(m)}\n`),
    info: (m) => process.stderr.write(`${m}\n`),
    command: verbose ? (f, a) => process.stderr.write(`$ ${[f, ...a].map(shellQuote).join(' ')}\n`) : undefined,
  };
}

async function main(argv: string[]): Promise<number> {
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
    // Serves until the client sends exit (or closes stdin); stdout carries LSP frames only.
    return serveProfileLensesOverStdio();
  }
  const reporter = stderrReporter(opts.verbose);
  const interrupts = new Interrupts(reporter);
  const controller = interrupts.controller;
  interrupts.install();
  try {
    if (opts.command === 'collapse') {
      const folded = await collapsePerfScript(createReadStream(opts.file!), { pid: opts.pid, tid: opts.tid }, (w) => reporter.warn(`line ${w.line}: ${w.message}`));
      await writeStdout(folded);
      return 0;
    }
    const perf = perfPath(opts.perf);
    let profile: Profile;
    let outputDir: string;
    let title: string;
    if (opts.command === 'record') {
      const r = await recordPipeline({
        manifestPath: opts.manifestPath, package: opts.package, bin: opts.bin, example: opts.example, test: opts.test, bench: opts.bench, lib: opts.lib, unitTests: opts.unitTests,
        cwd: process.cwd(), cargo: process.env.CARGO || 'cargo', perf, profile: opts.profile, frequency: opts.freq, event: opts.event,
        callGraph: opts.callGraph, durationSeconds: opts.duration, args: opts.programArgs, outputDir: opts.output, reporter,
        signal: controller.signal, onProgramOutput: (t) => process.stderr.write(t),
        onPhase: interrupts.onPhase, onRecordingStarted: interrupts.onRecordingStarted, minFreeBytes: opts.minFreeMb === undefined ? undefined : opts.minFreeMb * 1e6,
      });
      profile = r.profile;
      outputDir = r.outputDir;
      title = `${r.target.kind} ${r.target.name}`;
      reporter.info(`perf.data kept in ${r.perfData}`);
    } else {
      const file = path.resolve(opts.file!);
      profile = await reportFile(file, { perf, reporter, signal: controller.signal });
      outputDir = path.resolve(opts.output ?? path.dirname(file));
      title = path.basename(file);
    }
    const written = await writeOutputs(profile, outputDir, title);
    reporter.info(`Wrote ${written.profile}, ${written.folded}, ${written.svg}, ${written.html}`);
    if (opts.json) await writeStdout(JSON.stringify(jsonSummary(profile, written)) + '\n');
    else await writeStdout(hotFunctionsTable(profile) + '\n');
    return 0;
  } catch (e) {
    const failure = failureOf(e, controller.signal.aborted);
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

function writeStdout(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

main(process.argv.slice(2)).then(
  // Exit at once: a child we could not stop must not keep the command alive.
  // stdout and stderr are synchronous for files and pipes on Linux, so nothing is lost.
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`error: ${describeError(e)}\n`);
    process.exit(1);
  },
);
