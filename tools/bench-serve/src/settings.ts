// What one `pnpm bench:serve` run measures: the server configurations, the concurrencies, the durations, the bounds.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BENCH_DIR = join(ROOT, '.cache/bench');
export const RESULT_FILE = join(BENCH_DIR, 'serve.json');
export const CLI = join(ROOT, 'packages/cli/dist/bin.js');

export type Dtype = 'int8' | 'fp32';
export const DTYPES: readonly Dtype[] = ['int8', 'fp32'];

/** One `swsl serve` configuration: its batching flags. Ids are stable: the docs' report keys on them. */
export interface ServeConfig {
  readonly id: string;
  /** Dynamic batching on (more than one image per model run)? */
  readonly batching: boolean;
  readonly maxBatch: number;
  readonly maxQueueDelayMs: number;
  /** `--decode-workers`; absent: the server's default (`serverDecodeWorkers`: 0 on the CPU). */
  readonly decodeWorkers?: number;
}

/**
 * Batching on with the defaults, on with a longer wait, and off; then on and off again with `--decode-workers 0`
 * given explicitly (decoding on the main thread, where sharp decodes several requests' images at once in libuv's
 * pool). That is the server's default on the CPU since this benchmark found one decode worker feeding the batcher
 * one image at a time; the pair stays as a second sample of it. The first is "batching on" in the goals, `batch1`
 * "off".
 */
export const CONFIGS: readonly ServeConfig[] = [
  { id: 'batch8-delay4', batching: true, maxBatch: 8, maxQueueDelayMs: 4 },
  { id: 'batch8-delay10', batching: true, maxBatch: 8, maxQueueDelayMs: 10 },
  { id: 'batch1', batching: false, maxBatch: 1, maxQueueDelayMs: 0 },
  { id: 'batch8-delay4-dw0', batching: true, maxBatch: 8, maxQueueDelayMs: 4, decodeWorkers: 0 },
  { id: 'batch1-dw0', batching: false, maxBatch: 1, maxQueueDelayMs: 0, decodeWorkers: 0 },
];
export const BATCHING_ON = 'batch8-delay4';
export const BATCHING_OFF = 'batch1';
export const BATCHING_ON_DW0 = 'batch8-delay4-dw0';
export const BATCHING_OFF_DW0 = 'batch1-dw0';

export const CONCURRENCIES: readonly number[] = [1, 8, 32];

export interface Settings {
  readonly imagesDir: string;
  readonly threads: number;
  /** `swsl classify --batch`. */
  readonly batch: number;
  /** Seconds of load per cell, after `warmupSeconds` of the same load (not counted). */
  readonly cellSeconds: number;
  readonly warmupSeconds: number;
  /** `--max-queue` of the measured servers: more than the highest concurrency, so nothing is refused. */
  readonly maxQueue: number;
  /** About how many seconds of work the `swsl classify` baseline gets (the photos are repeated to fill them). */
  readonly classifySeconds: number;
  readonly overload: {
    /** Offered rate ÷ the sustainable rate (int8, batching on, concurrency 32). */
    readonly factor: number;
    readonly seconds: number;
    readonly connections: number;
    /** The server's default `--max-queue`: the overload meets what a user gets. */
    readonly maxQueue: number;
    /** Peak RSS of the server process must stay under this. */
    readonly rssBoundBytes: number;
    /** autocannon gives up on a request after this: past the server's 30 s deadline, so the server answers each. */
    readonly clientTimeoutSeconds: number;
  };
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

/**
 * Defaults: 8 s per cell after 2 s of warm-up, 5 configurations × 3 concurrencies × 2 dtypes, ~3 s of `swsl classify`
 * before and after each dtype's cells, 30 s of overload: about 7 minutes on the 2-core reference VM.
 */
export function readSettings(): Settings {
  return {
    imagesDir: resolve(process.env.SWSL_BENCH_IMAGES ?? join(ROOT, '../shared/images/imagenet-test')),
    // Fixed, like bench:e2e's: the comparison is "2 threads" everywhere.
    threads: 2,
    batch: 8,
    cellSeconds: positive('SWSL_BENCH_SERVE_SECONDS', 8),
    warmupSeconds: positive('SWSL_BENCH_SERVE_WARMUP', 2),
    maxQueue: 256,
    classifySeconds: positive('SWSL_BENCH_SERVE_CLASSIFY_SECONDS', 3),
    overload: {
      factor: 4,
      seconds: positive('SWSL_BENCH_SERVE_OVERLOAD_SECONDS', 30),
      connections: 128,
      maxQueue: 64,
      rssBoundBytes: 1.5 * 2 ** 30,
      clientTimeoutSeconds: 35,
    },
  };
}
