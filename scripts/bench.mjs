// `npm run bench`: the engine's speed and memory targets, printed as
// figures measured in one run (ratios against a baseline run alongside).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);

const { benchReport, benchReportWithDebugInfo } = require('../out/bench/reportBench.js');
const { benchMemory } = require('../out/bench/memoryBench.js');
const collapse = existsSync('out/bench/collapseBench.js') ? require('../out/bench/collapseBench.js') : undefined;

const f = (n, d = 2) => n.toFixed(d);
const r = await benchReport();
console.log(`report (rustc -O -g profile, ${r.samples} samples): perf script --no-inline ${f(r.perfScriptMs / 1000)} s, rust-flamegraph report ${f(r.reportMs / 1000)} s -> ${f(r.ratio)}x (target <= 2x); ${r.framesWithLines} functions with file:line, ${r.inlinedFrames} inlined`);
const d = await benchReportWithDebugInfo();
console.log(`report (seed-demo with debug info, ${d.samples} samples): perf script --no-inline ${f(d.perfScriptMs / 1000)} s, rust-flamegraph report ${f(d.reportMs / 1000)} s -> ${f(d.ratio)}x (target <= 2x; includes ~70 ms of Node start); ${d.framesWithLines} functions with file:line, ${d.inlinedFrames} inlined; perf script with its own inline expansion and srcline: ${f(d.perfInlineMs / 1000)} s`);
if (collapse) {
  const c = await collapse.benchCollapse();
  console.log(`collapse: ${f(c.bytes / 1e6, 1)} MB, ${c.distinctPaths} distinct call paths in ${f(c.ms / 1000)} s -> ${f(c.mbPerSec, 1)} MB/s (target >= 80 MB/s)`);
}
const m = await benchMemory();
console.log(`memory: ${m.samples1} samples peak ${f(m.rss1, 1)} MB; ${10 * m.samples1} samples peak ${f(m.rss10, 1)} MB -> ${f(m.ratio)}x (target <= 1.5x)`);
