// The recording settings, each defined once: its key under `rustFlamegraph.`,
// JSON type, default, bounds or choices, description, command-line flag and
// validation. VS Code's settings (package.json `contributes.configuration`,
// checked against this table by test/unit/settings.test.ts), the extension's
// reader (src/extension/config.ts), the command line's flags and help
// (src/cli/args.ts) and the engine's defaults all come from here.
// Pure: no vscode, no Node APIs (the protocol's job types refer to it).

interface SettingBase<T> {
  type: 'string' | 'integer' | 'boolean' | 'array' | 'object';
  default: T;
  /** package.json's markdownDescription. */
  description: string;
  minimum?: number;
  maximum?: number;
  enum?: readonly string[];
  enumDescriptions?: readonly string[];
  /** package.json's `scope` when not the default (`window`). */
  scope?: 'machine' | 'resource';
  /**
   * The command line's flag, its value's name in the help (none: a flag without a value, setting true),
   * and the help's line(s). `repeat`: each use adds to the list (`--features a --features b`).
   */
  cli?: { flag: string; value?: string; help: string; repeat?: boolean };
  /** A value read from VS Code's settings (any JSON) → the setting, or undefined when invalid (the default is used). */
  read(v: unknown): T | undefined;
  /** A flag's text → the setting; throws the usage error's text. */
  parseFlag?(text: string): T;
}

function def<T>(s: SettingBase<T>): SettingBase<T> {
  return s;
}

const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
/** cargo's feature lists: comma or space separated, as `--features "a b"` and `--features a,b`. */
export function splitFeatures(text: string): string[] {
  return text.split(/[\s,]+/).filter((f) => f.length > 0);
}

const trimmed = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() : undefined);
const nonEmpty = (v: unknown): string | undefined => trimmed(v) || undefined;

/** `dwarf,SIZE` is the command line's; the setting offers dwarf, fp and lbr. */
const CALL_GRAPH_FLAG = /^(dwarf(,\d+)?|fp|lbr)$/;

export const RECORD_SETTINGS = {
  programArguments: def<string[]>({
    type: 'array',
    default: [],
    description: 'Arguments passed to the profiled program (one item per argument, no shell quoting).',
    read: (v) => (Array.isArray(v) ? v.filter((a): a is string => typeof a === 'string') : undefined),
  }),
  environment: def<Record<string, string>>({
    type: 'object',
    default: {},
    description: 'Extra environment variables for the profiled program, e.g. `{"RUST_LOG": "info"}`.',
    read: (v) => {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
      const out: Record<string, string> = {};
      for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
      return out;
    },
  }),
  cargoProfile: def<string>({
    type: 'string',
    default: 'release',
    description:
      'Cargo profile to build with (`release`, `dev`, `bench` or your own). Debug info is added for the profile build without touching `Cargo.toml`.',
    cli: { flag: 'profile', value: 'NAME', help: 'cargo profile to build with, debug info added (default %d)' },
    read: nonEmpty,
    parseFlag: (t) => t,
  }),
  frequency: def<number>({
    type: 'integer',
    default: 997,
    minimum: 1,
    maximum: 100000,
    description: 'Sampling frequency in Hz (`perf record -F`).',
    cli: { flag: 'freq', value: 'HZ', help: 'sampling frequency (default %d)' },
    read: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 100000 ? v : undefined),
    parseFlag: (t) => {
      const n = Number(t);
      if (!Number.isInteger(n) || n < 1 || n > 100000) throw new Error(`takes a whole number of Hz from 1 to 100000, not "${t}".`);
      return n;
    },
  }),
  event: def<string>({
    type: 'string',
    default: '',
    description: 'perf event to sample (`perf record -e`). Empty: `cycles` where the CPU counts them, else `cpu-clock` (VMs, containers).',
    cli: {
      flag: 'event',
      value: 'E',
      help: 'perf event (default cycles where the machine has it, else cpu-clock);\npage-faults or context-switches for I/O-bound programs',
    },
    read: trimmed,
    parseFlag: (t) => t.trim(),
  }),
  callGraph: def<string>({
    type: 'string',
    default: 'dwarf',
    enum: ['dwarf', 'fp', 'lbr'],
    enumDescriptions: [
      'DWARF unwinding (32 KB of stack per sample): complete stacks, inlined frames, larger perf.data.',
      'Frame pointers: small and fast, but Rust omits frame pointers by default, so stacks break.',
      'Last Branch Record (recent Intel CPUs only).',
    ],
    description: 'How perf records call stacks (`perf record --call-graph`).',
    cli: { flag: 'call-graph', value: 'MODE', help: '%d (the default, see below), dwarf,SIZE, fp or lbr' },
    read: (v) => (typeof v === 'string' && ['dwarf', 'fp', 'lbr'].includes(v) ? v : undefined),
    parseFlag: (t) => {
      if (!CALL_GRAPH_FLAG.test(t)) throw new Error(`takes dwarf, dwarf,SIZE, fp or lbr, not "${t}".`);
      return t;
    },
  }),
  compression: def<string>({
    type: 'string',
    default: 'zstd',
    enum: ['zstd', 'none'],
    enumDescriptions: [
      "perf's zstd compression (`perf record -z`): measured 57-86 times smaller perf.data and no lost chunks under load; reading it back takes 10-25% longer. Used when this perf has zstd.",
      'Uncompressed perf.data (about 33 KB per sample with DWARF call graphs), for tools that cannot read compressed files.',
    ],
    description: 'How perf writes perf.data (`perf record -z`).',
    cli: { flag: 'compression', value: 'MODE', help: 'zstd (the default, when perf has it) or none' },
    read: (v) => (v === 'zstd' || v === 'none' ? v : undefined),
    parseFlag: (t) => {
      if (t !== 'zstd' && t !== 'none') throw new Error(`takes zstd or none, not "${t}".`);
      return t;
    },
  }),
  features: def<string[]>({
    type: 'array',
    default: [],
    description:
      'Cargo features to enable for the build (`cargo build --features`), e.g. `["extra"]` or `["my-crate/extra"]`; needed by a target with `required-features`.',
    cli: {
      flag: 'features',
      value: 'FEATURES',
      help: 'cargo features to enable, comma or space separated; repeatable\n(a target with required-features needs them)',
      repeat: true,
    },
    read: (v) => (Array.isArray(v) ? v.filter((a): a is string => typeof a === 'string').flatMap(splitFeatures) : undefined),
    parseFlag: splitFeatures,
  }),
  allFeatures: def<boolean>({
    type: 'boolean',
    default: false,
    description: 'Enable every feature of the package (`cargo build --all-features`).',
    cli: { flag: 'all-features', help: 'enable every feature of the package' },
    read: bool,
  }),
  noDefaultFeatures: def<boolean>({
    type: 'boolean',
    default: false,
    description: 'Do not enable the `default` feature (`cargo build --no-default-features`).',
    cli: { flag: 'no-default-features', help: 'do not enable the default feature' },
    read: bool,
  }),
  targetDir: def<string>({
    type: 'string',
    default: '',
    scope: 'resource',
    description:
      "Cargo's target directory (`--target-dir`), relative to the workspace root. The profiling build goes to its `rust-flamegraph` folder, the profiles to `rust-flamegraph/profiles`. Empty: cargo's own (`CARGO_TARGET_DIR`, `build.target-dir`, else `target`).",
    cli: { flag: 'target-dir', value: 'DIR', help: "cargo's target directory; the build and profiles go to DIR/rust-flamegraph/" },
    read: trimmed,
    parseFlag: (t) => t,
  }),
  perfPath: def<string>({
    type: 'string',
    default: '',
    scope: 'machine',
    description: 'Path of the `perf` binary. Empty: `$PERF`, else `perf` on the PATH.',
    cli: { flag: 'perf', value: 'PATH', help: 'the perf binary (default: $PERF, else perf on PATH)' },
    read: trimmed,
    parseFlag: (t) => t,
  }),
  symbolizer: def<string>({
    type: 'string',
    default: '',
    scope: 'machine',
    description:
      "What resolves addresses to functions, inlined frames and source lines: `gimli` (the `addr2line` crate's binary, built once with `cargo install` into `~/.cache/rust-flamegraph/tools`), `llvm` (llvm-symbolizer), `binutils` (addr2line), or a program's path. Empty: `$RUST_FLAMEGRAPH_SYMBOLIZER`, else the first of them that is there (the gimli one is built in the background on first use). The profile is the same whichever runs; gimli answered 5 times faster than binutils on ripgrep, with a quarter of the memory.",
    cli: {
      flag: 'symbolizer',
      value: 'TOOL',
      help: 'gimli, llvm, binutils or a program (default: $RUST_FLAMEGRAPH_SYMBOLIZER,\nelse the first that is there; see rust-flamegraph setup)',
    },
    read: trimmed,
    parseFlag: (t) => {
      if (t.trim() === '') throw new Error('takes gimli, llvm, binutils, auto or a program.');
      return t.trim();
    },
  }),
  cargoPath: def<string>({
    type: 'string',
    default: '',
    scope: 'machine',
    description: 'Path of the `cargo` binary. Empty: `$CARGO`, else `cargo` on the PATH.',
    read: trimmed,
  }),
  historySize: def<number>({
    type: 'integer',
    default: 10,
    minimum: 1,
    maximum: 1000,
    description:
      'How many recordings of each target to keep: each recording gets its own folder under `target/rust-flamegraph/profiles/<kind>-<name>/`, and the oldest beyond this number are removed after a successful recording.',
    cli: { flag: 'keep', value: 'N', help: 'keep the newest N recordings of the target (default %d); older ones are removed' },
    read: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1000 ? v : undefined),
    parseFlag: (t) => {
      const n = Number(t);
      if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`takes a whole number of recordings from 1 to 1000, not "${t}".`);
      return n;
    },
  }),
};

export type RecordSettingKey = keyof typeof RECORD_SETTINGS;

/** Every recording setting's value, as a record job carries them. */
export type RecordSettings = { [K in RecordSettingKey]: (typeof RECORD_SETTINGS)[K]['default'] };

export const SETTINGS_SECTION = 'rustFlamegraph';

/** The settings read through `get` (VS Code's configuration or anything like it); invalid values fall back to the default. */
export function readRecordSettings(get: (key: RecordSettingKey) => unknown): RecordSettings {
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(RECORD_SETTINGS) as [RecordSettingKey, SettingBase<unknown>][]) {
    const v = s.read(get(key));
    out[key] = v === undefined ? structuredClone(s.default) : v;
  }
  return out as RecordSettings;
}

/** Every default, fresh (arrays and objects are copies). */
export function defaultRecordSettings(): RecordSettings {
  return readRecordSettings(() => undefined);
}

export interface SettingFlag {
  key: RecordSettingKey;
  flag: string;
  /** The value's name in the help; absent for a flag without a value (it sets true). */
  value?: string;
  help: string;
  /** Each use adds to the list. */
  repeat: boolean;
  /** Absent for a flag without a value. */
  parse?(text: string): unknown;
}

/** The settings that have a command-line flag, with the flag's name. */
export function settingFlags(): SettingFlag[] {
  const out: SettingFlag[] = [];
  for (const [key, s] of Object.entries(RECORD_SETTINGS) as [RecordSettingKey, SettingBase<unknown>][]) {
    if (!s.cli) continue;
    if (s.cli.value !== undefined && !s.parseFlag) continue;
    const shown = s.default === '' ? '' : String(s.default);
    out.push({
      key,
      flag: s.cli.flag,
      value: s.cli.value,
      help: s.cli.help.replace('%d', shown),
      repeat: s.cli.repeat === true,
      parse: s.cli.value === undefined ? undefined : s.parseFlag,
    });
  }
  return out;
}

/** The setting's table entry, loosely typed (for the package.json check and generic readers). */
export function settingEntry(key: RecordSettingKey): SettingBase<unknown> {
  return RECORD_SETTINGS[key] as SettingBase<unknown>;
}
