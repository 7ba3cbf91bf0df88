/**
 * One format's fuzz run in its own process, for `pnpm fuzz` (cli.ts): a heartbeat line per case on stdout, so the
 * parent can tell a hang (no line within the time limit, even in a synchronous loop) from slow progress, and the
 * report as the last line.
 */
import { writeFileSync } from 'node:fs';
import type { Format } from './corpus.js';
import { fuzzFormat } from './fuzz-format.js';

const [format, runs, seed, path, out] = process.argv.slice(2) as [Format, string, string, string, string];
const report = await fuzzFormat(format, {
  runs: Number(runs),
  seed: Number(seed),
  ...(path ? { path } : {}),
  onCase: (index) => process.stdout.write(`case ${index}\n`),
});
if (report.failure?.bytes) writeFileSync(out, report.failure.bytes);
const { bytes: _, ...failure } = report.failure ?? {};
process.stdout.write(`report ${JSON.stringify({ ...report, ...(report.failure ? { failure } : {}) })}\n`);
