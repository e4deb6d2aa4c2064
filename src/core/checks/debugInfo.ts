// Does the executable we built carry what the flamegraph needs? The cargo
// profile's debug/strip settings are overridden through environment variables
// (cargo/build.ts), which beat Cargo.toml; flags passed to rustc directly
// (RUSTFLAGS, `[build] rustflags` in .cargo/config.toml) come after them and
// win, so `-C strip=…` or `-C debuginfo=0` there still removes the debug info.
// We read the ELF section names and say which flag is the likely cause.

import { readElfInfo } from '../elf/elfFile';
import type { Profile } from '../../model/profileTypes';
import { Diagnostic, profileDiagnostics } from '../../model/diagnostics';
import { noLineTable, noSymbols } from './messages';

/** The first rustc flag in the environment that removes debug info or symbols. */
export function strippingFlag(env: NodeJS.ProcessEnv): string | null {
  for (const name of ['RUSTFLAGS', 'CARGO_ENCODED_RUSTFLAGS', 'CARGO_BUILD_RUSTFLAGS']) {
    const value = env[name];
    if (!value) continue;
    const flags = value.split(name === 'CARGO_ENCODED_RUSTFLAGS' ? '\x1f' : /\s+/).join(' ');
    const m = /-C ?(strip=(?:symbols|debuginfo)|debuginfo=(?:0|none))\b|-Cstrip=\w+/.exec(flags);
    if (m) return `${name} has \`${m[0].startsWith('-Cstrip') ? m[0] : `-C ${m[1]}`}\``;
  }
  return null;
}

export interface DebugInfoCheck {
  warnings: Diagnostic[];
  /** No symbol table: its frames are [unknown] whatever the unwinding did. */
  noSymbols: boolean;
  cause: string | null;
}

/** Before recording: the built executable's sections. */
export async function checkDebugInfo(executable: string, env: NodeJS.ProcessEnv = process.env): Promise<DebugInfoCheck> {
  const elf = await readElfInfo(executable);
  const cause = strippingFlag(env);
  const check: DebugInfoCheck = { warnings: [], noSymbols: false, cause };
  if (!elf) return check;
  check.noSymbols = !elf.sections.includes('.symtab');
  if (check.noSymbols) check.warnings.push(noSymbols(executable, cause));
  if (!elf.hasLineTable) check.warnings.push(noLineTable(executable, cause));
  return check;
}

/**
 * After symbolizing: `-C debuginfo=0` keeps the .debug_line of the standard
 * library linked in, so the section check passes while the workspace's own
 * functions have no line. Seen from the profile: none of the executable's
 * Rust functions got a line.
 */
export function userLinesWarning(profile: Profile, executable: string, cause: string | null): Diagnostic | null {
  if (profileDiagnostics(profile.meta).some((d) => d.text.startsWith(executable))) return null;
  const own = profile.frames.filter((f) => f.dso === executable && f.kind !== 'std' && f.name.includes('::'));
  if (own.length === 0 || own.some((f) => f.line !== null)) return null;
  return noLineTable(executable, cause);
}
