// cargo's feature flags: what the build is given (`--features`,
// `--all-features`, `--no-default-features`) and whether a target's
// `required-features` are on, worked out from `cargo metadata` before
// building, so that the answer names our flag or setting instead of cargo's.

import type { CargoTarget } from '../../model/targets';
import type { RecordSettings } from '../../protocol/settings';

export type FeatureSettings = Pick<RecordSettings, 'features' | 'allFeatures' | 'noDefaultFeatures'>;

/** The feature flags as cargo build (and cargo test) takes them; nothing when none is set. */
export function featureArgs(s: FeatureSettings): string[] {
  const args: string[] = [];
  if (s.features.length) args.push('--features', s.features.join(','));
  if (s.allFeatures) args.push('--all-features');
  if (s.noDefaultFeatures) args.push('--no-default-features');
  return args;
}

const samePackage = (a: string, b: string) => a.replace(/-/g, '_') === b.replace(/-/g, '_');

/** The package's features these flags enable: the asked ones and `default` (unless --no-default-features), with what each enables in turn. */
export function enabledFeatures(table: Record<string, string[]>, packageName: string, s: FeatureSettings): Set<string> {
  const on = new Set<string>();
  const todo: string[] = [];
  const enable = (f: string) => {
    if (Object.hasOwn(table, f) && !on.has(f)) {
      on.add(f);
      todo.push(f);
    }
  };
  if (s.allFeatures) Object.keys(table).forEach(enable);
  if (!s.noDefaultFeatures) enable('default');
  for (const f of s.features) {
    const slash = f.indexOf('/');
    if (slash < 0) enable(f);
    else if (samePackage(f.slice(0, slash), packageName)) enable(f.slice(slash + 1));
  }
  while (todo.length) {
    for (const entry of table[todo.pop()!] ?? []) {
      // `feat`, or `dep/feat`, which also turns on the optional dependency's own feature `dep`; `dep:x` and `dep?/feat` do not.
      const m = /^([^/?:]+)(\/.*)?$/.exec(entry);
      if (m) enable(m[1]);
    }
  }
  return on;
}

/**
 * The target's required features that these flags leave off. Only the
 * package's own features are judged (a `dep/feat` requirement, or a name the
 * feature table lacks, is left for cargo to judge).
 */
export function missingRequiredFeatures(target: CargoTarget, s: FeatureSettings): string[] {
  const required = target.requiredFeatures ?? [];
  if (!required.length) return [];
  const table = target.featureTable ?? {};
  const on = enabledFeatures(table, target.packageName, s);
  return required.filter((f) => Object.hasOwn(table, f) && !on.has(f));
}
