// Which cargo, perf and rustc to run, decided in one place for the command
// line, the engine worker, the extension and the lens server: the setting
// (or flag) when given, else the environment variable cargo and perf users
// know ($CARGO, $PERF, $RUSTC), else the name on the PATH.

import * as path from 'node:path';

export type Tool = 'cargo' | 'perf' | 'rustc';

const ENV_NAME: Record<Tool, string> = { cargo: 'CARGO', perf: 'PERF', rustc: 'RUSTC' };

export function toolPath(tool: Tool, setting?: string, env: NodeJS.ProcessEnv = process.env): string {
  return setting?.trim() || env[ENV_NAME[tool]] || tool;
}

/** `rustc` beside the given cargo (rustup puts them together), else the usual lookup. */
export function rustcBeside(cargo: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.isAbsolute(cargo) ? path.join(path.dirname(cargo), 'rustc') : toolPath('rustc', undefined, env);
}
