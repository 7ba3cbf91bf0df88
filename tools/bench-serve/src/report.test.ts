import { describe, expect, it } from 'vitest';
import { clientPhotos, latencySummary, percentile, repeatsFor } from './numbers.js';
import {
  type BaselineResult,
  buildReport,
  type CellResult,
  computeGoals,
  formatReport,
  type OverloadResult,
  unexpectedStatuses,
} from './report.js';
import type { Dtype } from './settings.js';

const cell = (dtype: Dtype, config: string, concurrency: number, imagesPerSecond: number): CellResult => ({
  dtype,
  config,
  concurrency,
  order: 0,
  seconds: 8,
  imagesPerSecond,
  latencyMs: { p50: 10, p95: 20, p99: 30, mean: 12, max: 40 },
  ok: Math.round(imagesPerSecond * 8),
  non2xx: 0,
  statusCodes: { '200': Math.round(imagesPerSecond * 8) },
  errors: 0,
  timeouts: 0,
  batchSizeMean: config === 'batch1' ? 1 : 6,
  batches: 10,
});

const CELLS = [
  cell('int8', 'batch8-delay4', 32, 65),
  cell('int8', 'batch8-delay10', 32, 66),
  cell('int8', 'batch1', 32, 50),
  cell('int8', 'batch8-delay4', 1, 30),
  cell('int8', 'batch8-delay4-dw0', 32, 84),
  cell('int8', 'batch1-dw0', 32, 60),
  cell('fp32', 'batch8-delay4', 32, 21),
  cell('fp32', 'batch1', 32, 22),
];
const baseline = (dtype: Dtype, classify: number[], stream: number[]): BaselineResult => ({
  dtype,
  images: 160,
  repeat: 5,
  classifyProcess: { runsImagesPerSecond: classify },
  stream: { runsImagesPerSecond: stream },
});
const BASELINES = [baseline('int8', [70, 74], [80, 80]), baseline('fp32', [20, 24], [25, 25])];

const OVERLOAD: OverloadResult = {
  dtype: 'int8',
  config: 'batch8-delay4',
  maxQueue: 64,
  sustainableImagesPerSecond: 65,
  factor: 4,
  offeredRate: 260,
  connections: 128,
  seconds: 30,
  sent: 7800,
  ok: 1900,
  statusCodes: { '200': 1900, '503': 5800 },
  errors: 0,
  timeouts: 0,
  status503WithoutRetryAfter: 0,
  goodputImagesPerSecond: 63.3,
  latencyMs: { p50: 900, p95: 1000, p99: 1100, mean: 910, max: 1200 },
  samples: { statusCodes: { '200': 20, '503': 40 }, status503WithoutRetryAfter: 0, failures: 0 },
  serverStatusCodes: { '200': 1953, '503': 5840 },
  serverRequestSeconds: [
    { le: 0.5, count: 6000 },
    { le: 1, count: 7700 },
    { le: 2.5, count: 7790 },
    { le: 5, count: 7793 },
    { le: 10, count: 7793 },
    { le: null, count: 7793 },
  ],
  clientTimeoutSeconds: 35,
  rss: { idleBytes: 300 * 2 ** 20, peakBytes: 420 * 2 ** 20, samples: 150, everyMs: 200 },
  rssBoundBytes: 1.5 * 2 ** 30,
  after: {
    photo: 'ILSVRC2012_test_00000007.JPEG',
    expected: { index: 354, name: 'Arabian camel' },
    attempts: [
      { status: 503, retryAfter: '1', top1: null, ms: 2 },
      { status: 200, retryAfter: null, top1: 354, ms: 30 },
    ],
  },
  allPhotosAfter: { agree: 32, of: 32, ok: 32 },
};

const byId = (goals: ReturnType<typeof computeGoals>) => Object.fromEntries(goals.map((g) => [g.id, g]));

describe('the goals', () => {
  it('judges batching on ÷ off at the top concurrency, and the best server ÷ swsl classify (median of its runs)', () => {
    const goals = byId(computeGoals(CELLS, BASELINES, OVERLOAD, 32));
    expect(goals['int8-batching']).toMatchObject({ value: 1.3, goal: 1.3, met: true });
    expect(goals['fp32-batching']?.value).toBeCloseTo(21 / 22);
    expect(goals['fp32-batching']?.met).toBe(false);
    // the best int8 configuration is --decode-workers 0; classify's median is 72
    expect(goals['int8-server-vs-classify']?.value).toBeCloseTo(84 / 72);
    expect(goals['int8-server-vs-classify']?.met).toBe(true);
    expect(goals['fp32-server-vs-classify']?.value).toBeCloseTo(1);
    expect(goals['fp32-server-vs-classify']?.met).toBe(true);
  });

  it('is not met when a cell is missing (NaN), nor when int8 batching falls short', () => {
    const slower = CELLS.map((c) =>
      c.config === 'batch8-delay4' && c.dtype === 'int8' ? { ...c, imagesPerSecond: 64 } : c,
    );
    expect(byId(computeGoals(slower, BASELINES, null, 32))['int8-batching']?.met).toBe(false);
    const missing = byId(
      computeGoals(
        CELLS.filter((c) => c.dtype !== 'fp32'),
        BASELINES,
        null,
        32,
      ),
    );
    expect(missing['fp32-batching']).toMatchObject({ met: false });
    expect(Number.isNaN(missing['fp32-batching']?.value)).toBe(true);
    expect(missing['overload-rss']).toBeUndefined();
  });

  it('overload: only 503s with Retry-After, RSS under the bound, the right top-1 right after', () => {
    const ok = byId(computeGoals(CELLS, BASELINES, OVERLOAD, 32));
    for (const id of ['overload-only-503', 'overload-retry-after', 'overload-rss', 'overload-after']) {
      expect(ok[id]?.met, id).toBe(true);
    }
    const bad = byId(
      computeGoals(
        CELLS,
        BASELINES,
        {
          ...OVERLOAD,
          statusCodes: { '200': 1900, '503': 5700, '504': 100 },
          samples: { ...OVERLOAD.samples, status503WithoutRetryAfter: 1 },
          rss: { ...OVERLOAD.rss, peakBytes: 2 * 2 ** 30 },
          after: { ...OVERLOAD.after, attempts: [{ status: 200, retryAfter: null, top1: 673, ms: 30 }] },
        },
        32,
      ),
    );
    expect(bad['overload-only-503']).toMatchObject({ value: 100, met: false });
    expect(bad['overload-retry-after']).toMatchObject({ value: 1, met: false });
    expect(bad['overload-rss']?.met).toBe(false);
    expect(bad['overload-after']).toMatchObject({ value: 0, met: false });
    expect(unexpectedStatuses({ '200': 5, '503': 2, '429': 1, '500': 2 })).toBe(3);
    // autocannon counts a timeout in its errors too: once, not twice
    const timedOut = byId(computeGoals(CELLS, BASELINES, { ...OVERLOAD, errors: 1, timeouts: 1 }, 32));
    expect(timedOut['overload-only-503']).toMatchObject({ value: 1, met: false });
  });

  it('the report: ratios per cell, medians of the baselines, and tables that name every goal', () => {
    const report = buildReport({
      cells: CELLS,
      baselines: BASELINES,
      overload: OVERLOAD,
      concurrencies: [1, 8, 32],
      distinctImages: 32,
      imagesFrom: '../shared/images/imagenet-test',
      threads: 2,
      batch: 8,
      decodeWorkers: 1,
      maxQueue: 256,
      cellSeconds: 8,
      warmupSeconds: 2,
      machine: { cpus: 2, cpuModel: 'AMD EPYC', loadAverage: { start: [1, 1, 1], end: [2, 2, 2] } },
      versions: { node: '20.20.2' },
      totalSeconds: 300,
    });
    expect(report.cells[0]?.overClassifyProcess).toBeCloseTo(65 / 72);
    expect(report.cells[0]?.overStream).toBeCloseTo(65 / 80);
    expect(report.baselines[1]?.classifyProcess.median).toBe(22);
    expect(report.ratios.batchingOnOverOff.int8).toBeCloseTo(1.3);
    expect(report.ratios.batchingOnOverOffDecodeWorkers0.int8).toBeCloseTo(1.4);
    expect(Number.isNaN(report.ratios.batchingOnOverOffDecodeWorkers0.fp32)).toBe(true);
    expect(report.ratios.bestConfig).toEqual({ int8: 'batch8-delay4-dw0', fp32: 'batch1' });
    expect(report.configs.find((c) => c.id === 'batch1-dw0')?.name).toBe(
      'batching off (--max-batch 1 --max-queue-delay-ms 0 --decode-workers 0)',
    );
    const text = formatReport(report);
    expect(text).toContain(
      '| int8 | batching on (--max-batch 8 --max-queue-delay-ms 4) | 32 | 65.0 | 10.0 | 20.0 | 30.0 | 0 | 6.00 | 0.90× | 0.81× |',
    );
    expect(text).toContain('| fp32, 32 concurrent: batching on ÷ batch size 1 | 0.95× (goal ≥ 1) | no |');
    expect(text).toContain('| overload: peak RSS of the server process | 420 MiB (goal ≤ 1536 MiB) | yes |');
    expect(text).toContain('right after: 503 (Retry-After 1) → 200; top-1 354');
    expect(text).toContain(
      "the server's request durations: ≤ 0.5 s 77.0%, ≤ 1 s 98.8%, ≤ 2.5 s 100.0%, ≤ 5 s 100.0%, ≤ 10 s 100.0%, of 7793; the slowest 2xx answer took 1.2 s",
    );
  });
});

describe('helpers', () => {
  it('percentiles by nearest rank', () => {
    const ms = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    expect(percentile(ms, 0.5)).toBe(50);
    expect(percentile(ms, 0.95)).toBe(95);
    expect(percentile(ms, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(() => percentile([], 0.5)).toThrow(RangeError);
    expect(latencySummary([1, 2, 3, 4])).toEqual({ p50: 2, p95: 4, p99: 4, mean: 2.5, max: 4 });
    expect(latencySummary([])).toBeNull();
  });

  it('repeats the photos for about the wanted seconds of work, at least once', () => {
    expect(repeatsFor(60, 3, 32)).toBe(6);
    expect(repeatsFor(20, 3, 32)).toBe(2);
    expect(repeatsFor(2, 3, 32)).toBe(1);
  });

  it('gives each connection every photo from its own start, or 8 of them past 32 connections', () => {
    expect(clientPhotos(0, 32, 1)).toHaveLength(32);
    expect(clientPhotos(1, 32, 8).slice(0, 3)).toEqual([4, 5, 6]);
    expect(clientPhotos(31, 32, 32).slice(0, 2)).toEqual([31, 0]);
    expect(clientPhotos(33, 32, 128)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
