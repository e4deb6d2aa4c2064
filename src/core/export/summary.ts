// The `--json` summary printed on stdout: every function and every source
// line seen, hottest first (the model already keeps them sorted).

import { Profile } from '../../model/profileTypes';
import { percent } from '../../model/format';

export interface JsonSummary {
  samples: number;
  event: string;
  functions: { name: string; file: string | null; line: number | null; selfSamples: number; totalSamples: number }[];
  lines: { file: string; line: number; selfSamples: number; totalSamples: number }[];
  outputs?: Record<string, string>;
  warnings: string[];
}

export function jsonSummary(profile: Profile, outputs?: Record<string, string>): JsonSummary {
  return {
    samples: profile.samples,
    event: profile.meta.event,
    functions: profile.functions.map((f) => ({
      name: f.name,
      file: f.file,
      line: f.line,
      selfSamples: f.selfSamples,
      totalSamples: f.totalSamples,
    })),
    lines: profile.lines.map((l) => ({ file: l.file, line: l.line, selfSamples: l.selfSamples, totalSamples: l.totalSamples })),
    ...(outputs ? { outputs } : {}),
    warnings: profile.meta.warnings,
  };
}

/**
 * The terminal's view: where the CPU was (by self time, the leaves of the
 * flamegraph), then the workspace's own functions by total time (the code
 * the user can change, with the time of everything it calls).
 */
export function hotFunctionsTable(profile: Profile, limit = 10): string {
  const total = profile.samples || 1;
  const row = (f: Profile['functions'][number]) => {
    const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '';
    return `${percent(f.selfSamples, total, 1).padStart(6)} ${percent(f.totalSamples, total, 1).padStart(6)}  ${f.name}${where ? `  (${where})` : ''}`;
  };
  const bySelf = profile.functions
    .filter((f) => f.selfSamples > 0)
    .sort((a, b) => b.selfSamples - a.selfSamples)
    .slice(0, limit);
  const user = profile.functions.filter((f) => f.kind === 'user').slice(0, limit);
  const out = [
    `${profile.samples} samples of ${profile.meta.event}.`,
    '',
    'Hottest functions by self time:',
    '  self  total  function',
    ...bySelf.map(row),
  ];
  if (user.length) out.push('', 'Your code by total time:', '  self  total  function', ...user.map(row));
  return out.join('\n');
}
