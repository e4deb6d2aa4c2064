// Types of the wasm-bindgen glue module of gecko-profiler-demangle (the
// package types only its index.js, which Node cannot load: see demangleLibrary.ts).
declare module 'gecko-profiler-demangle/index_bg.js' {
  export function __wbg_set_wasm(exports: Record<string, unknown>): void;
  export function demangle_any(name: string): string;
}
