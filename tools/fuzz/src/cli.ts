/**
 * `pnpm fuzz`: ≥ 10,000 mutated images, checkpoints and ONNX models (SWSL_FUZZ_RUNS in all, default 10,200), a
 * random seed unless SWSL_FUZZ_SEED is given (SWSL_FUZZ_PATH replays a failing path, SWSL_FUZZ_FORMATS picks
 * formats). Each format runs in a child process watched for hangs; the table shows outcomes per format, and any crash,
 * hang or untyped error exits non-zero with the seed, the shrunk counterexample and its bytes in a file.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORMATS, type Format } from './formats.js';
import { type ChildResult, fuzzInChild } from './supervise.js';

/** Share of the runs per format: an image case costs ~1 ms, a conversion ~5 ms, an ONNX session ~10 ms. */
const SHARE: Record<Format, number> = { images: 0.5, checkpoints: 0.3, onnx: 0.2 };
/** No heartbeat for this long is a hang (the per-case limit inside the child is 15 s for async work). */
const HANG_MS = Number(process.env.SWSL_FUZZ_HANG_MS ?? 60_000);

const total = Number(process.env.SWSL_FUZZ_RUNS ?? 10_200);
const seed = Number(process.env.SWSL_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const path = process.env.SWSL_FUZZ_PATH ?? '';
const formats = (process.env.SWSL_FUZZ_FORMATS?.split(',') as Format[] | undefined) ?? [...FORMATS];
const outDir = mkdtempSync(join(tmpdir(), 'swsl-fuzz-'));

function runFormat(format: Format, runs: number): Promise<ChildResult> {
  return fuzzInChild(format, {
    runs,
    seed,
    path,
    hangMs: HANG_MS,
    out: join(outDir, `counterexample-${format}.bin`),
    onProgress: (n) => {
      if (n % 1000 === 0 && n > 0) process.stderr.write(`  ${format}: ${n} cases\n`);
    },
  });
}

console.log(`swsl fuzz: ${total} inputs, seed ${seed}${path ? `, path ${path}` : ''}`);
const results: ChildResult[] = [];
for (const format of formats) {
  const runs = Math.max(1, Math.round((total * SHARE[format]) / formats.reduce((s, f) => s + SHARE[f], 0)));
  results.push(await runFormat(format, runs));
}

let failed = false;
for (const { format, report, problem } of results) {
  if (problem || !report) {
    failed = true;
    console.log(`\n${format}: ${problem}`);
    continue;
  }
  const rate = (report.runs / (report.ms / 1000)).toFixed(0);
  console.log(
    `\n${format}: ${report.runs} inputs in ${(report.ms / 1000).toFixed(1)} s (${rate}/s), peak RSS +${report.rssGrowthMb.toFixed(0)} MB after the first case`,
  );
  for (const [outcome, count] of Object.entries(report.outcomes).sort((a, b) => b[1] - a[1])) {
    console.log(`  ${String(count).padStart(6)}  ${outcome}`);
  }
  if (report.failure) {
    failed = true;
    console.log(`  FAILURE (seed ${seed}, path ${report.failure.path}): ${report.failure.message}`);
    console.log(`  shrunk counterexample (from ${report.failure.seedName}): ${report.failure.counterexample}`);
    console.log(`  its bytes: ${join(outDir, `counterexample-${format}.bin`)}`);
    console.log(
      `  replay: SWSL_FUZZ_SEED=${seed} SWSL_FUZZ_PATH=${report.failure.path} SWSL_FUZZ_FORMATS=${format} pnpm fuzz`,
    );
  }
}
console.log(failed ? `\nFAILED (seed ${seed})` : `\nok: no crash, hang or untyped error (seed ${seed})`);
process.exit(failed ? 1 : 0);
