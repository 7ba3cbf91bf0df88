import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Format } from './corpus.js';
import { fuzzInChild } from './supervise.js';

/**
 * The CI slice of `pnpm fuzz`: a fixed seed and a few hundred mutated inputs (< 60 s on two cores), run the way
 * `pnpm fuzz` runs them (a watched child process per format, so a hang or a native crash fails the test instead of
 * the test runner). The long run (≥ 10,000 inputs, a random or given seed) is `pnpm fuzz`; see tools/fuzz/README.md.
 */
const SEED = 20_251_130;
const RUNS: Record<Format, number> = { images: 400, checkpoints: 300, onnx: 200 };
const out = mkdtempSync(join(tmpdir(), 'swsl-fuzz-ci-'));

describe('fuzz (fixed seed): a typed error or a valid answer, never a crash, hang or unbounded allocation', () => {
  for (const format of Object.keys(RUNS) as Format[]) {
    it(`${format}: ${RUNS[format]} mutated inputs`, async () => {
      const result = await fuzzInChild(format, {
        runs: RUNS[format],
        seed: SEED,
        hangMs: 30_000,
        out: join(out, `${format}.bin`),
      });
      expect(result.problem).toBeUndefined();
      const report = result.report!;
      console.log(`${format}: ${report.runs} inputs in ${(report.ms / 1000).toFixed(1)} s`, report.outcomes);
      const failure = report.failure && `${report.failure.message}\nshrunk: ${report.failure.counterexample}`;
      expect(failure).toBeUndefined();
      expect(report.runs).toBe(RUNS[format]);
      // Peak RSS over the run, after the first case: bounded, whatever the inputs declared.
      expect(report.rssGrowthMb).toBeLessThan(512);
    });
  }
});
