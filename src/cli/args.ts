// Command-line parsing, by hand: the grammar is small, and a usage error
// must say exactly what was wrong (exit code 2).

export class UsageError extends Error {}

export type Command = 'record' | 'report' | 'collapse' | 'lsp' | 'help' | 'version';

export interface CliOptions {
  command: Command;
  file?: string;
  manifestPath?: string;
  package?: string;
  bin?: string;
  example?: string;
  test?: string;
  bench?: string;
  profile?: string;
  freq?: number;
  event?: string;
  callGraph?: string;
  duration?: number;
  /** record: stop recording when free space under --output falls under this many MB. */
  minFreeMb?: number;
  output?: string;
  perf?: string;
  json: boolean;
  verbose: boolean;
  pid: boolean;
  tid: boolean;
  /** record: the library's unit-test harness. */
  lib: boolean;
  /** record: with --bin, the binary's unit-test harness. */
  unitTests: boolean;
  /** lsp: talk LSP over stdin/stdout (the only transport). */
  stdio: boolean;
  programArgs: string[];
}

const VALUE_OPTIONS: Record<string, keyof CliOptions> = {
  '--manifest-path': 'manifestPath', '--package': 'package', '-p': 'package', '--bin': 'bin', '--example': 'example',
  '--test': 'test', '--bench': 'bench', '--profile': 'profile', '--freq': 'freq', '-F': 'freq', '--event': 'event',
  '-e': 'event', '--call-graph': 'callGraph', '--duration': 'duration', '--output': 'output', '-o': 'output', '--perf': 'perf',
  '--min-free': 'minFreeMb',
};
const FLAGS: Record<string, 'json' | 'verbose' | 'pid' | 'tid' | 'lib' | 'unitTests' | 'stdio'> = {
  '--json': 'json', '--verbose': 'verbose', '-v': 'verbose', '--pid': 'pid', '--tid': 'tid', '--lib': 'lib', '--unit-tests': 'unitTests', '--stdio': 'stdio',
};

const ALLOWED: Record<Command, ReadonlySet<string>> = {
  record: new Set(['manifestPath', 'package', 'bin', 'example', 'test', 'bench', 'profile', 'freq', 'event', 'callGraph', 'duration', 'output', 'perf', 'json', 'verbose', 'lib', 'unitTests', 'minFreeMb']),
  report: new Set(['output', 'perf', 'json', 'verbose']),
  collapse: new Set(['pid', 'tid', 'verbose']),
  lsp: new Set(['stdio', 'verbose']),
  help: new Set(),
  version: new Set(),
};

export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = { command: 'help', json: false, verbose: false, pid: false, tid: false, lib: false, unitTests: false, stdio: false, programArgs: [] };
  if (argv.length === 0) return o;
  const first = argv[0];
  if (first === '--help' || first === '-h' || first === 'help') return o;
  if (first === '--version' || first === '-V') return { ...o, command: 'version' };
  if (first !== 'record' && first !== 'report' && first !== 'collapse' && first !== 'lsp') {
    throw new UsageError(`Unknown command "${first}". The commands are record, report, collapse and lsp.`);
  }
  o.command = first;
  const positional: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const raw = argv[i];
    if (raw === '--') {
      if (o.command !== 'record') throw new UsageError('Program arguments after -- are only for record.');
      o.programArgs = argv.slice(i + 1);
      break;
    }
    if (raw === '--help' || raw === '-h') return { ...o, command: 'help' };
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    if (name in FLAGS) {
      if (eq > 0) throw new UsageError(`${name} takes no value.`);
      o[FLAGS[name]] = true;
      check(o.command, FLAGS[name], name);
      continue;
    }
    if (name in VALUE_OPTIONS) {
      const key = VALUE_OPTIONS[name];
      check(o.command, key, name);
      const value = eq > 0 ? raw.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value.`);
      setValue(o, key, name, value);
      continue;
    }
    if (raw.startsWith('-') && raw !== '-') throw new UsageError(`Unknown option ${raw} for ${o.command}. See rust-flamegraph --help.`);
    positional.push(raw);
  }
  if (o.command === 'record' && positional.length > 0) {
    throw new UsageError(`Unexpected argument "${positional[0]}". Program arguments go after --, e.g. rust-flamegraph record -- ${positional.join(' ')}`);
  }
  if (o.command === 'report' || o.command === 'collapse') {
    if (positional.length !== 1) throw new UsageError(`${o.command} needs exactly one FILE (a perf.data or saved perf script text).`);
    o.file = positional[0];
  }
  if (o.command === 'lsp' && positional.length > 0) throw new UsageError(`lsp takes no arguments; run it as rust-flamegraph lsp --stdio.`);
  if (o.command === 'record' && o.unitTests && !o.bin) throw new UsageError('--unit-tests goes with --bin NAME (for the library, use --lib).');
  return o;
}

function check(command: Command, key: string, name: string): void {
  if (!ALLOWED[command].has(key)) throw new UsageError(`${name} does not apply to ${command}.`);
}

function setValue(o: CliOptions, key: keyof CliOptions, name: string, value: string): void {
  if (key === 'freq') {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 100000) throw new UsageError(`${name} takes a whole number of Hz from 1 to 100000, not "${value}".`);
    o.freq = n;
  } else if (key === 'minFreeMb') {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`${name} takes a number of MB (0 or more), not "${value}".`);
    o.minFreeMb = n;
  } else if (key === 'duration') {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} takes a number of seconds greater than 0, not "${value}".`);
    o.duration = n;
  } else if (key === 'callGraph') {
    if (!/^(dwarf(,\d+)?|fp|lbr)$/.test(value)) throw new UsageError(`${name} takes dwarf, dwarf,SIZE, fp or lbr, not "${value}".`);
    o.callGraph = value;
  } else {
    (o as unknown as Record<string, string>)[key] = value;
  }
}

export const HELP = `rust-flamegraph: profile a Rust program with perf and see where its time goes.

Usage:
  rust-flamegraph record [--manifest-path P] [--package N] [--bin N [--unit-tests]|--lib|--example N|--test N|--bench N]
                         [--profile release] [--freq HZ] [--event E] [--call-graph MODE] [--duration S]
                         [--output DIR] [--min-free MB] [--perf PATH] [--json] [-- ARGS…]
      Build the crate's target with debug info, run it under perf record, and write
      profile.json, stacks.folded and flamegraph.svg (default: <target>/rust-flamegraph/profiles/<target>/).
      --lib or --bin N --unit-tests profile the unit tests (cargo test --no-run); one test alone:
      rust-flamegraph record --lib -- tests::adds --exact
  rust-flamegraph report FILE [--output DIR] [--json]
      The same outputs from a perf.data or saved \`perf script\` text (default DIR: beside FILE).
  rust-flamegraph collapse FILE [--pid] [--tid]
      Folded stacks on stdout, as stackcollapse-perf.pl prints them.
  rust-flamegraph lsp --stdio
      A language server for any editor: CodeLens on hot functions, line heat and hovers
      from the newest profile under the workspace's target/rust-flamegraph/profiles/.

Options:
  --freq HZ         sampling frequency (default 997)
  --event E         perf event (default cycles where the machine has it, else cpu-clock);
                    page-faults or context-switches for I/O-bound programs
  --call-graph M    dwarf (default, dwarf,32768), dwarf,SIZE, fp or lbr
  --duration S      stop recording after S seconds; the program is ended, the profile kept
                    (Ctrl-C while recording does the same; a second Ctrl-C aborts)
  --min-free MB     stop recording, keeping the profile, when free space under --output falls
                    under MB (default 512, or a quarter of the free space at the start if less)
  --perf PATH       the perf binary (default: $PERF, else perf on PATH)
  --json            print one JSON object on stdout: samples, event, functions, lines
  --verbose         show every command run, and stack traces of internal errors

The program's own output goes to stderr. Exit codes: 0 done (warnings on stderr), 1 failed, 2 usage error.
`;
