// What one `pnpm bench:e2e` run measures, from the environment (the same variables as bench:pipeline).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Everything the benchmark makes (ONNX files, the transformers.js model folder, e2e.json); gitignored. */
export const BENCH_DIR = join(ROOT, '.cache/bench');
export const WORK_DIR = join(BENCH_DIR, 'e2e');
export const RESULT_FILE = join(BENCH_DIR, 'e2e.json');
export const CLI = join(ROOT, 'packages/cli/dist/bin.js');
export const PY_DIR = join(ROOT, 'tools/bench-e2e/py');
export const ARCH = 'resnet50';
/** `swsl classify` has no `--arch`: a variant name pins the checkpoint's architecture (and its ImageNet labels). */
export const VARIANT = 'resnet50_swsl';

export interface Settings {
  readonly imagesDir: string;
  readonly repeat: number;
  readonly rounds: number;
  /** Whole-process runs per single-image latency (after one untimed run). */
  readonly latencyRuns: number;
  readonly threads: number;
  readonly batch: number;
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

/**
 * Defaults: the 32 ImageNet JPEGs × 6 = 192 images, 3 rounds (a median needs three), 3 latency runs — about 8
 * minutes on the 2-core reference VM. SWSL_BENCH_IMAGES / _REPEAT / _ROUNDS / _LATENCY_RUNS override.
 */
export function readSettings(): Settings {
  return {
    imagesDir: resolve(process.env.SWSL_BENCH_IMAGES ?? join(ROOT, '../shared/images/imagenet-test')),
    repeat: positiveInt('SWSL_BENCH_REPEAT', 6),
    rounds: positiveInt('SWSL_BENCH_ROUNDS', 3),
    latencyRuns: positiveInt('SWSL_BENCH_LATENCY_RUNS', 3),
    // Both fixed, not read from the machine: the comparison is "2 threads, batch 8" everywhere.
    threads: 2,
    batch: 8,
  };
}
