// The settings and flags the bad-day fixes ask to change, by both of their
// names: the VS Code setting and the command-line flag.
// TODO(issue 8, H2's settings table): take `key` and `cliFlag` from the one
// settings definition when it lands, and drop this map.

import type { SettingChange } from '../../model/diagnostics';

const NAMES = {
  frequency: { key: 'rustFlamegraph.frequency', cliFlag: '--freq' },
  event: { key: 'rustFlamegraph.event', cliFlag: '--event' },
  callGraph: { key: 'rustFlamegraph.callGraph', cliFlag: '--call-graph' },
  perfPath: { key: 'rustFlamegraph.perfPath', cliFlag: '--perf' },
  cargoPath: { key: 'rustFlamegraph.cargoPath', cliFlag: 'the CARGO environment variable' },
  // Command line only: VS Code records into the target's profiles folder, for as long as the program runs.
  output: { cliFlag: '--output' },
  duration: { cliFlag: '--duration' },
} satisfies Record<string, SettingChange>;

export type SettingName = keyof typeof NAMES;

export function setting(name: SettingName, value?: string | number): SettingChange {
  return value === undefined ? { ...NAMES[name] } : { ...NAMES[name], value };
}
