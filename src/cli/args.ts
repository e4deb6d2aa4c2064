// Command-line parsing with Node's util.parseArgs (tokens mode), plus what
// it does not do for us: which options apply to which command, the values'
// checks, and usage errors that say exactly what was wrong (exit code 2).
// The recording settings' flags, checks and defaults come from the settings
// table (src/protocol/settings.ts), as in VS Code.

import { parseArgs as parseTokens } from 'node:util';
import { RECORD_SETTINGS, RecordSettingKey, RecordSettings, defaultRecordSettings, settingFlags } from '../protocol/settings';
import { DEFAULT_CALL_GRAPH, COMPRESSION_FLAG } from '../core/perf/record';
import { DEFAULT_MIN_FREE_BYTES } from '../core/checks/diskSpace';
import { BYTES_PER_MB } from '../core/checks/messages';

export class UsageError extends Error {}

export type Command = 'record' | 'report' | 'collapse' | 'lsp' | 'setup' | 'help' | 'version';

export interface CliOptions {
  command: Command;
  file?: string;
  manifestPath?: string;
  package?: string;
  bin?: string;
  example?: string;
  test?: string;
  bench?: string;
  duration?: number;
  /** record: stop recording when free space under --output falls under this many MB. */
  minFreeMb?: number;
  output?: string;
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
  /** setup, as the engine starts it (not in the help): start the build detached, or be that build. */
  detach: boolean;
  background: boolean;
  programArgs: string[];
  /** record: every recording setting, the flags given over the table's defaults (programArguments: after --). */
  settings: RecordSettings;
}

type ValueParser = (text: string) => unknown;

interface OptionSpec {
  /** The CliOptions field; absent for a recording setting's flag (it sets `settings`). */
  key?: string;
  short?: string;
  /** A value option with its check; absent for a flag. */
  parse?: ValueParser;
  commands: readonly Command[];
  /** The recording setting this flag sets. */
  setting?: RecordSettingKey;
  /** Each use adds to the setting's list (--features). */
  repeat?: boolean;
}

function number(what: string, ok: (n: number) => boolean): ValueParser {
  return (t) => {
    const n = Number(t);
    if (!ok(n)) throw new Error(`takes ${what}, not "${t}".`);
    return n;
  };
}
const text: ValueParser = (t) => t;

const OPTIONS: Record<string, OptionSpec> = {
  'manifest-path': { key: 'manifestPath', parse: text, commands: ['record'] },
  package: { key: 'package', short: 'p', parse: text, commands: ['record'] },
  bin: { key: 'bin', parse: text, commands: ['record'] },
  example: { key: 'example', parse: text, commands: ['record'] },
  test: { key: 'test', parse: text, commands: ['record'] },
  bench: { key: 'bench', parse: text, commands: ['record'] },
  lib: { key: 'lib', commands: ['record'] },
  'unit-tests': { key: 'unitTests', commands: ['record'] },
  duration: {
    key: 'duration',
    parse: number('a number of seconds greater than 0', (n) => Number.isFinite(n) && n > 0),
    commands: ['record'],
  },
  'min-free': { key: 'minFreeMb', parse: number('a number of MB (0 or more)', (n) => Number.isFinite(n) && n >= 0), commands: ['record'] },
  output: { key: 'output', short: 'o', parse: text, commands: ['record', 'report'] },
  json: { key: 'json', commands: ['record', 'report'] },
  verbose: { key: 'verbose', short: 'v', commands: ['record', 'report', 'collapse', 'lsp', 'setup'] },
  pid: { key: 'pid', commands: ['collapse'] },
  tid: { key: 'tid', commands: ['collapse'] },
  stdio: { key: 'stdio', commands: ['lsp'] },
  detach: { key: 'detach', commands: ['setup'] },
  background: { key: 'background', commands: ['setup'] },
};
const SHORT: Record<string, string> = { freq: 'F', event: 'e' };
// The recording settings' flags; --perf and --symbolizer also apply to report (it runs perf script and the symbolizer).
for (const f of settingFlags()) {
  OPTIONS[f.flag] = {
    short: SHORT[f.flag],
    parse: f.parse,
    setting: f.key,
    repeat: f.repeat,
    commands: f.key === 'perfPath' || f.key === 'symbolizer' ? ['record', 'report'] : ['record'],
  };
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = {
    command: 'help',
    json: false,
    verbose: false,
    pid: false,
    tid: false,
    lib: false,
    unitTests: false,
    stdio: false,
    detach: false,
    background: false,
    programArgs: [],
    settings: defaultRecordSettings(),
  };
  if (argv.length === 0) return o;
  const first = argv[0];
  if (first === '--help' || first === '-h' || first === 'help') return o;
  if (first === '--version' || first === '-V') return { ...o, command: 'version' };
  if (first !== 'record' && first !== 'report' && first !== 'collapse' && first !== 'lsp' && first !== 'setup') {
    throw new UsageError(`Unknown command "${first}". The commands are record, report, collapse, lsp and setup.`);
  }
  o.command = first;
  const rest = argv.slice(1);
  // Every option is declared as a string so that util.parseArgs hands us each one with its raw value; what takes a value is ours to say.
  const declared = Object.fromEntries(
    Object.entries(OPTIONS).map(([name, spec]) => [
      name,
      { type: spec.parse ? ('string' as const) : ('boolean' as const), ...(spec.short ? { short: spec.short } : {}) },
    ]),
  );
  const { tokens } = parseTokens({
    args: [...rest],
    options: { ...declared, help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positional: string[] = [];
  const values = o as unknown as Record<string, unknown>;
  for (const tok of tokens) {
    if (tok.kind === 'option-terminator') {
      if (o.command !== 'record') throw new UsageError('Program arguments after -- are only for record.');
      o.programArgs = rest.slice(tok.index + 1);
      break;
    }
    if (tok.kind === 'positional') {
      positional.push(tok.value);
      continue;
    }
    if (tok.name === 'help') return { ...o, command: 'help' };
    const spec = Object.hasOwn(OPTIONS, tok.name) ? OPTIONS[tok.name] : undefined;
    if (!spec) throw new UsageError(`Unknown option ${tok.rawName} for ${o.command}. See rust-flamegraph --help.`);
    const shown = tok.rawName;
    if (!spec.commands.includes(o.command)) throw new UsageError(`${shown} does not apply to ${o.command}.`);
    if (!spec.parse) {
      if (tok.value !== undefined) throw new UsageError(`${shown} takes no value.`);
      if (spec.setting) (o.settings as Record<string, unknown>)[spec.setting] = true;
      else values[spec.key!] = true; // every flag without a value has its field
      continue;
    }
    if (tok.value === undefined) throw new UsageError(`${shown} needs a value.`);
    let value: unknown;
    try {
      value = spec.parse(tok.value);
    } catch (e) {
      throw new UsageError(`${shown} ${(e as Error).message}`);
    }
    const settings = o.settings as Record<string, unknown>;
    if (spec.setting && spec.repeat) settings[spec.setting] = [...(settings[spec.setting] as unknown[]), ...(value as unknown[])];
    else if (spec.setting) settings[spec.setting] = value;
    else values[spec.key!] = value;
  }
  o.settings.programArguments = o.programArgs;
  if (o.command === 'record' && positional.length > 0) {
    throw new UsageError(
      `Unexpected argument "${positional[0]}". Program arguments go after --, e.g. rust-flamegraph record -- ${positional.join(' ')}`,
    );
  }
  if (o.command === 'report' || o.command === 'collapse') {
    if (positional.length !== 1) throw new UsageError(`${o.command} needs exactly one FILE (a perf.data or saved perf script text).`);
    o.file = positional[0];
  }
  if (o.command === 'lsp' && positional.length > 0) throw new UsageError(`lsp takes no arguments; run it as rust-flamegraph lsp --stdio.`);
  if (o.command === 'setup' && positional.length > 0) throw new UsageError('setup takes no arguments.');
  if (o.command === 'record' && o.unitTests && !o.bin)
    throw new UsageError('--unit-tests goes with --bin NAME (for the library, use --lib).');
  return o;
}

const HELP_COLUMN = 25;

/** One option line of the help: the flag and its value's name, then its text (continuation lines indented). */
function line(flag: string, description: string): string {
  const head = `  ${flag}`.padEnd(HELP_COLUMN - 2) + '  ';
  return head + description.split('\n').join(`\n${' '.repeat(head.length)}`);
}

const CARGO_FLAGS = new Set<RecordSettingKey>(['features', 'allFeatures', 'noDefaultFeatures', 'targetDir']);
const flagLine = (f: ReturnType<typeof settingFlags>[number]) => line(f.value ? `--${f.flag} ${f.value}` : `--${f.flag}`, f.help);
const settingLines = settingFlags()
  .filter((f) => !CARGO_FLAGS.has(f.key))
  .map(flagLine);
const cargoLines = settingFlags()
  .filter((f) => CARGO_FLAGS.has(f.key))
  .map(flagLine);
const minFreeMb = Math.round(DEFAULT_MIN_FREE_BYTES / BYTES_PER_MB);

export const HELP = `rust-flamegraph: profile a Rust program with perf and see where its time goes.

Usage:
  rust-flamegraph record [--manifest-path P] [--package N] [--bin N [--unit-tests]|--lib|--example N|--test N|--bench N]
                         [--features F] [--all-features] [--no-default-features] [--target-dir DIR]
                         [--profile ${RECORD_SETTINGS.cargoProfile.default}] [--freq HZ] [--event E] [--call-graph MODE] [--compression MODE]
                         [--duration S] [--output DIR] [--keep N] [--min-free MB] [--perf PATH] [--json] [--verbose] [-- ARGS…]
      Build the crate's target with debug info (cargo's profile, plus debug info from the environment:
      your Cargo.toml and target/release are untouched), run it under perf record, and write
      profile.json (the profile, for the extension and the lsp), stacks.folded (for flamegraph.pl,
      inferno, speedscope), flamegraph.svg (opens in a browser) and flamegraph.html (the interactive
      flamegraph, offline) beside the kept perf.data. Default DIR: a new folder per recording,
      <target>/rust-flamegraph/profiles/<kind>-<name>/<UTC time>/, the newest --keep N of the target kept.
      Then print the hottest functions (or --json).
  rust-flamegraph report FILE [--output DIR] [--perf PATH] [--symbolizer TOOL] [--json]
      The same four outputs from a perf.data or saved \`perf script\` text (default DIR: beside FILE).
  rust-flamegraph collapse FILE [--pid] [--tid]
      Folded stacks on stdout, as stackcollapse-perf.pl prints them.
  rust-flamegraph lsp --stdio
      A language server for any editor: CodeLens on hot functions, line heat and hovers
      from the newest profile under the workspace's target/rust-flamegraph/profiles/.
  rust-flamegraph setup
      Build the fast symbolizer now (the addr2line crate's binary, with cargo install, once; else the
      first report builds it in the background and uses llvm-symbolizer or binutils' addr2line meanwhile).

Choosing the target and its features (record), as cargo run does: a crate with one binary needs no flag.
${line('--manifest-path P', 'the Cargo.toml of the crate (default: the one cargo finds from here)')}
${line('--package N, -p N', 'the workspace member to profile')}
${line('--bin N', 'a binary of the package')}
${line('--lib', "the library's unit tests (its test harness, built by cargo test --no-run)")}
${line('--unit-tests', "with --bin N: that binary's unit tests instead of the program")}
${line('--example N', 'an example (examples/N.rs)')}
${line('--test N', 'an integration test (tests/N.rs); one test alone: --test N -- tests::adds --exact')}
${line('--bench N', 'a bench (benches/N.rs)')}
${cargoLines.join('\n')}

Recording (record; the same settings as in VS Code, rustFlamegraph.*):
${settingLines.join('\n')}
${line('--duration S', 'stop recording after S seconds; the program is ended, the profile kept\n(Ctrl-C while recording does the same; a second Ctrl-C aborts)')}
${line('--min-free MB', `stop recording, keeping the profile, when free space under --output falls\nunder MB (default ${minFreeMb}, or a quarter of the free space at the start if less)`)}
${line('-- ARGS…', 'arguments for the program (its stdout and stderr go to stderr; its stdin is empty)')}

Output:
${line('--output DIR, -o DIR', "where the four outputs (and record's perf.data) go: exactly DIR (record refuses\na DIR that already holds a perf.data)")}
${line('--json', 'print one JSON object on stdout: samples, event, functions, lines, outputs, warnings')}
${line('--verbose, -v', 'show every command run, and stack traces of internal errors')}
${line('--pid, --tid', 'collapse: keep the process / thread id in each stack, as stackcollapse-perf.pl does')}
${line('--stdio', 'lsp: speak LSP over stdin and stdout (the only transport)')}

Environment: CARGO names the cargo binary, PERF the perf binary when --perf is not given,
RUST_FLAMEGRAPH_SYMBOLIZER the symbolizer when --symbolizer is not given, RUST_FLAMEGRAPH_BUILD_SYMBOLIZER=0
keeps report from starting the fast symbolizer's background build (setup still builds it).
The call graph dwarf means ${DEFAULT_CALL_GRAPH} (32 KB of stack per sample), written by perf with
zstd (${COMPRESSION_FLAG}) where perf has it: measured 384-980 bytes per sample instead of 33 KB.

Exit codes: 0 done (warnings on stderr), 1 failed (a message naming the fix), 2 usage error,
130 aborted (Ctrl-C while building or symbolizing, a second Ctrl-C, or SIGTERM).
`;
