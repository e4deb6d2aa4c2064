// The settings and flags the bad-day fixes ask to change, by both of their
// names: the VS Code setting and the command-line flag, both taken from the
// one settings table (src/protocol/settings.ts). `output` and `duration` are
// command-line only: VS Code records into the target's profiles folder, for
// as long as the program runs.

import type { SettingChange } from '../../model/diagnostics';
import { RecordSettingKey, SETTINGS_SECTION, settingEntry } from '../../protocol/settings';

const CLI_ONLY = { output: '--output', duration: '--duration' } as const;

export type SettingName = RecordSettingKey | keyof typeof CLI_ONLY;

/** cargoPath has no flag: the command line reads $CARGO. */
const NO_FLAG: Partial<Record<RecordSettingKey, string>> = { cargoPath: 'the CARGO environment variable' };

function names(name: SettingName): SettingChange {
  if (name in CLI_ONLY) return { cliFlag: CLI_ONLY[name as keyof typeof CLI_ONLY] };
  const key = name as RecordSettingKey;
  const flag = settingEntry(key).cli?.flag;
  return { key: `${SETTINGS_SECTION}.${key}`, cliFlag: flag ? `--${flag}` : (NO_FLAG[key] ?? '') };
}

export function setting(name: SettingName, value?: string | number): SettingChange {
  return value === undefined ? names(name) : { ...names(name), value };
}
