// rustc-demangle, the crate rustc and the Rust tools use, in the Firefox
// Profiler's WebAssembly build (the gecko-profiler-demangle package). That
// package is a wasm-bindgen "bundler" build: its index.js imports the .wasm as
// an ES module, which Node cannot do, so the module is compiled and
// instantiated here, synchronously and once, on first use.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as glue from 'gecko-profiler-demangle/index_bg.js';

/** The name the build gives the .wasm beside the bundles (scripts/build.mjs copies it). */
export const DEMANGLE_WASM = 'gecko-profiler-demangle.wasm';

// The project's lib (ES2022, no DOM) declares no WebAssembly; Node has it. Only what is used here:
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, object>) => { exports: Record<string, unknown> };
};

let demangleAny: ((name: string) => string) | undefined;

/**
 * The library's `demangle_any`: rustc-demangle's `{:#}` text for a Rust name;
 * otherwise a C++ (or MSVC) demangling, else the name without its leading `_`.
 * Loading it throws when the .wasm is missing (a broken build, never ignored).
 */
export function libraryDemangler(): (name: string) => string {
  demangleAny ??= instantiate();
  return demangleAny;
}

function instantiate(): (name: string) => string {
  const module = new WebAssembly.Module(fs.readFileSync(wasmPath()));
  const instance = new WebAssembly.Instance(module, { './index_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start === 'function') start();
  return glue.demangle_any;
}

/** Beside the bundle (dist/), else the package's own file above us (tests run from out/). */
function wasmPath(): string {
  const candidates = [path.join(__dirname, DEMANGLE_WASM)];
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'node_modules', 'gecko-profiler-demangle', 'index_bg.wasm'));
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`${DEMANGLE_WASM} is missing beside ${__dirname}: rebuild with npm run build.`);
  return found;
}
