import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { type Format, seedsFor } from './corpus.js';
import { type Case, caseArb } from './mutate.js';
import { caseBytes, FuzzFailure, runCase } from './targets.js';

export interface FuzzOptions {
  readonly runs: number;
  readonly seed: number;
  /** Replays from this fast-check path (printed with a failure) instead of generating from the start. */
  readonly path?: string;
  /** Per-case time limit (async work: sharp, onnxruntime); a synchronous loop is the parent's watchdog's job. */
  readonly caseTimeoutMs?: number;
  /** The most one case may raise the process's peak RSS. */
  readonly caseRssBoundMb?: number;
  /** Called before each generated case (the heartbeat the watchdog listens to). */
  readonly onCase?: (index: number) => void;
}

export interface FuzzReport {
  readonly format: Format;
  readonly runs: number;
  readonly seed: number;
  /** Outcome → count, over the generated cases (not the shrinking that follows a failure). */
  readonly outcomes: Record<string, number>;
  readonly failure?: {
    readonly message: string;
    readonly path: string;
    readonly counterexample: string;
    /** The shrunk input and the seed file it was made from. */
    readonly bytes?: Uint8Array;
    readonly seedName?: string;
  };
  readonly ms: number;
  /** Peak RSS growth over the run, after the valid inputs were built and the first case had run (MB). */
  readonly rssGrowthMb: number;
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/** Runs `runs` mutated inputs of one format through its targets under fast-check, shrinking any failure. */
export async function fuzzFormat(format: Format, options: FuzzOptions): Promise<FuzzReport> {
  const seeds = await seedsFor(format);
  const scratch = mkdtempSync(join(tmpdir(), `swsl-fuzz-${format}-`));
  const outcomes: Record<string, number> = {};
  const caseRssBound = options.caseRssBoundMb ?? 512;
  let generated = 0;
  let failing = false;
  let warmPeak = 0;
  const start = performance.now();
  const property = fc.asyncProperty(caseArb, async (c: Case) => {
    if (!failing) options.onCase?.(generated);
    const before = peakRssMb();
    let outcome: string;
    try {
      outcome = await runCase(format, seeds, c, { scratch });
    } catch (error) {
      failing = true;
      throw error;
    }
    const grew = peakRssMb() - before;
    if (grew > caseRssBound) {
      failing = true;
      throw new FuzzFailure(`one case raised peak RSS by ${grew.toFixed(0)} MB (bound ${caseRssBound} MB)`);
    }
    if (!failing) {
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (++generated === 1) warmPeak = peakRssMb();
    }
  });
  try {
    const details = await fc.check(property, {
      seed: options.seed,
      numRuns: options.runs,
      timeout: options.caseTimeoutMs ?? 15_000,
      ...(options.path ? { path: options.path } : {}),
    });
    const report: FuzzReport = {
      format,
      runs: generated,
      seed: options.seed,
      outcomes,
      ms: performance.now() - start,
      rssGrowthMb: peakRssMb() - warmPeak,
    };
    if (!details.failed) return report;
    const counterexample = details.counterexample?.[0] as Case | undefined;
    const error = details.errorInstance as Error | undefined;
    const shrunk = counterexample ? caseBytes(seeds, counterexample) : undefined;
    return {
      ...report,
      failure: {
        message: `${error?.message ?? 'property failed'}${error?.cause instanceof Error ? `\n${error.cause.stack}` : ''}`,
        path: details.counterexamplePath ?? '',
        counterexample: fc.stringify(counterexample),
        ...(shrunk ? { bytes: shrunk.bytes, seedName: shrunk.seed.name } : {}),
      },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
