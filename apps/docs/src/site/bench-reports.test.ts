import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_SOURCES, flattenRows, loadBenchReports } from './bench-reports.js';

const CONVERT = {
  arch: 'resnext101_32x16d',
  checkpointBytes: 777_527_256,
  ours: { medianSeconds: 2.26, runs: [3.1, 2.26, 2.0], peakRssBytes: 239_583_232, onnxBytes: 775_479_167 },
  torch: {
    seconds: 17.29,
    loadSeconds: 0.43,
    loadStateDictSeconds: 1.93,
    exportSeconds: 14.93,
    peakRssBytes: 5_992_910_848,
    onnxBytes: 775_490_087,
  },
  speedup: 7.65,
  peakRssOverCheckpoint: 0.308,
};

const result = (runtime: string, threads: number, msPerImage: number, ratio: number) => ({
  runtime,
  threads,
  msPerImage,
  'ratio vs node, same threads': ratio,
});
const WEB = {
  model: 'resnet50',
  images: ['chelsea.jpg'],
  measure: 'ms per image',
  machine: { cpus: 2, cpuModel: 'AMD EPYC' },
  versions: { chromium: '156' },
  top5IdenticalAcrossRuns: true,
  results: [
    result('runtime-node (onnxruntime-node CPU)', 2, 50.75, 1),
    result('runtime-web (onnxruntime-web WASM)', 1, 313.73, 3.93),
    result('runtime-web (onnxruntime-web WASM)', 2, 192.72, 3.8),
  ],
};

describe('benchmark reports', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'swsl-bench-'));
  const runDir = join(scratch, 'run');
  const snapshotDir = join(scratch, 'snapshot');
  mkdirSync(runDir);
  mkdirSync(snapshotDir);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('prefers a local run, falls back to the dated snapshot, and otherwise says how to produce the numbers', () => {
    writeFileSync(
      join(snapshotDir, 'convert-resnext101_32x16d.json'),
      JSON.stringify({ snapshot: { measuredAt: '2026-01-02', machine: '2-core VM' }, ...CONVERT }),
    );
    writeFileSync(join(runDir, 'web.json'), JSON.stringify(WEB));
    const byId = Object.fromEntries(loadBenchReports(runDir, snapshotDir).map((r) => [r.id, r]));

    expect(byId.convert).toMatchObject({ origin: 'snapshot', snapshot: { measuredAt: '2026-01-02' } });
    expect(byId.convert?.summary).toBe('7.7× faster than PyTorch; peak RSS 0.31× the checkpoint.');
    expect(byId.convert?.rows).toContainEqual(['swsl convertFile (median)', '2.26 s, peak RSS 240 MB']);
    expect(byId.web).toMatchObject({ origin: 'run', summary: expect.stringContaining('193 ms/image, 3.8×') });
    expect(byId.web?.rows).toContainEqual([
      'runtime-web (onnxruntime-web WASM), 1 thread',
      '313.7 ms/image (3.93× node, same threads)',
    ]);
    expect(byId.preprocess).toMatchObject({ origin: 'missing', rows: [] });
    expect(byId.classify).toMatchObject({ origin: 'missing' });
    expect(byId.preprocess?.missingNote).toContain('pnpm bench:preprocess');
    expect(byId.classify?.produce).toContain('pnpm bench:classify');

    writeFileSync(join(runDir, 'convert-resnext101_32x16d.json'), JSON.stringify({ ...CONVERT, speedup: 8 }));
    const rerun = loadBenchReports(runDir, snapshotDir).find((r) => r.id === 'convert');
    expect(rerun).toMatchObject({ origin: 'run', summary: expect.stringMatching(/^8\.0× faster/) });
    expect(rerun?.snapshot).toBeUndefined();
  });

  it('in Korean: the same numbers with Korean titles, row names and summaries', () => {
    const ko = Object.fromEntries(loadBenchReports(runDir, snapshotDir, BENCH_SOURCES, 'ko').map((r) => [r.id, r]));
    const en = Object.fromEntries(loadBenchReports(runDir, snapshotDir).map((r) => [r.id, r]));
    expect(ko.convert?.title).toBe('resnext101_32x16d 변환: .pth → .onnx, swsl 대 PyTorch');
    expect(ko.convert?.rows).toContainEqual(['swsl convertFile (중앙값)', '2.26 s, 최대 RSS 240 MB']);
    expect(ko.web?.rows).toContainEqual([
      'runtime-web (onnxruntime-web WASM), 스레드 1개',
      '이미지당 313.7 ms (같은 스레드 수의 node 대비 3.93배)',
    ]);
    expect(ko.web?.summary).toContain('이미지당 193 ms');
    expect(ko.preprocess?.missingNote).toContain('pnpm bench:preprocess');
    // Row for row, every value's numbers are the English page's.
    const numbers = (s: string) => s.match(/\d+(?:\.\d+)?/g);
    for (const id of Object.keys(en)) {
      expect(ko[id]?.rows.map(([, v]) => numbers(v))).toEqual(en[id]?.rows.map(([, v]) => numbers(v)));
      expect(ko[id]?.origin).toBe(en[id]?.origin);
    }
  });

  it('the pipeline benchmark: images/s per path with its ratio to the sequential one, in both languages', () => {
    const path = (id: string, imagesPerSecond: number, ratioVsSequential: number) => ({
      id,
      imagesPerSecond,
      ratioVsSequential,
    });
    const dir = join(scratch, 'pipeline');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'pipeline-resnet50.json'),
      JSON.stringify({
        images: 128,
        distinctImages: 32,
        batch: 8,
        threads: 2,
        rounds: 3,
        machine: { cpus: 2, cpuModel: 'AMD EPYC' },
        results: [
          path('sequential', 10, 1),
          path('pipelined-0', 10.5, 1.05),
          path('pipelined-1', 11, 1.1),
          path('torch-seed', 5, 0.5),
          path('torch-dataloader', 4, 0.4),
        ],
      }),
    );
    const [en, ko] = (['en', 'ko'] as const).map((lang) =>
      loadBenchReports(dir, join(scratch, 'none'), BENCH_SOURCES, lang).find((r) => r.id === 'pipeline'),
    );
    expect(en?.rows).toContainEqual(['swsl pipelined, 1 decode worker', '11.00 images/s (1.10× sequential)']);
    expect(en?.rows).toContainEqual(['swsl pipelined, 0 decode workers', '10.50 images/s (1.05× sequential)']);
    expect(en?.summary).toBe(
      "swsl pipelined, 1 decode worker: 1.10× our sequential path, 2.2× Facebook's original PyTorch loop, 2.8× PyTorch with a DataLoader.",
    );
    expect(ko?.rows).toContainEqual(['swsl 파이프라인, 디코드 워커 1개', '초당 11.00장 (순차 처리의 1.10배)']);
    expect(ko?.summary).toContain('PyTorch 원본 루프의 2.2배');
  });

  it('flattens any JSON into path → value rows, arrays of numbers on one row', () => {
    expect(flattenRows({ a: { b: 1.23456789, c: [1, 2] }, d: 'x' })).toEqual([
      ['a.b', '1.235'],
      ['a.c', '1, 2'],
      ['d', 'x'],
    ]);
  });

  it('the committed snapshots parse and say when and where they were measured', () => {
    const snapshots = new URL('../../data/bench/', import.meta.url).pathname;
    const reports = loadBenchReports(join(scratch, 'none'), snapshots);
    expect(reports.map((r) => r.id)).toEqual(BENCH_SOURCES.map((s) => s.id));
    for (const report of reports.filter((r) => r.origin === 'snapshot')) {
      expect(report.snapshot?.measuredAt).toMatch(/^\d{4}-\d{2}-\d{2}/);
      expect(report.snapshot?.machine).toBeTruthy();
      expect(report.rows.length).toBeGreaterThan(0);
    }
  });
});

describe('the end-to-end report (pnpm bench:e2e)', () => {
  const bm = (best: number, median: number) => ({ best, median });
  const path = (id: string, ips: [number, number], agree: [number, number] | null, overCeiling?: [number, number]) => ({
    id,
    imagesPerSecond: bm(...ips),
    top1AgreementWithSwslFp32: agree ? { agree: agree[0], of: agree[1] } : null,
    ...(overCeiling ? { overCeiling: bm(...overCeiling) } : {}),
  });
  const E2E = {
    images: 192,
    distinctImages: 32,
    batch: 8,
    threads: 2,
    decodeWorkers: 1,
    rounds: 3,
    machine: { cpus: 2, cpuModel: 'AMD EPYC', flags: { avx512_vnni: 'yes' } },
    versions: { onnxruntime: '1.30.0', torch: '1.13.0a0', transformersJs: '4.3.1' },
    quantizedEngine: { engine: 'onednn', note: null },
    results: [
      path('torch-seed', [14, 13.5], [192, 192]),
      path('torch-fx-int8', [30, 28], [150, 192]),
      path('transformers-js', [15, 14], [170, 192]),
      path('swsl-fp32-stream', [22.5, 22], [192, 192], [0.97, 0.95]),
      path('swsl-int8-stream', [60, 58], [160, 192], [0.92, 0.9]),
      path('swsl-int8-cli', [50, 48], null, [0.77, 0.75]),
    ],
    ceiling: {
      preprocessSecondsPerImage: bm(0.0035, 0.0037),
      inferenceImagesPerSecond: { fp32: bm(24, 23.6), int8: bm(70, 68) },
      fp32: bm(23.5, 23.1),
      int8: bm(65.5, 63.8),
    },
    goals: [
      { id: 'int8-stream-vs-fx-int8', value: bm(2, 2.07), goal: 1.5, met: true },
      { id: 'fp32-stream-vs-transformers-js', value: bm(1.5, 1.57), goal: 1.5, met: true },
      { id: 'fp32-cli-vs-stream', value: bm(0.9, 0.88), goal: 0.85, met: true },
      { id: 'int8-cli-vs-stream', value: bm(0.83, 0.83), goal: 0.85, met: false },
    ],
    latency: [
      { id: 'swsl-int8-onnx', medianSeconds: 0.61, runsSeconds: [0.6, 0.61, 0.7] },
      { id: 'torch-seed-one', medianSeconds: 2.5, runsSeconds: [2.4, 2.5, 2.6] },
    ],
  };

  it('images/s per path (best and median), agreement, ceilings, goals and single-image latency, in both languages', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'swsl-bench-e2e-'));
    try {
      writeFileSync(join(scratch, 'e2e.json'), JSON.stringify(E2E));
      const [en, ko] = (['en', 'ko'] as const).map((lang) =>
        loadBenchReports(scratch, join(scratch, 'none'), BENCH_SOURCES, lang).find((r) => r.id === 'e2e'),
      );
      expect(en?.origin).toBe('run');
      expect(en?.rows).toContainEqual([
        'swsl int8, stream API (warm)',
        '60.00 images/s best, 58.00 median; top-1 = swsl fp32 for 160/192; 0.90× its ceiling (median)',
      ]);
      expect(en?.rows).toContainEqual([
        "PyTorch FX int8 (onednn), Facebook's original loop",
        '30.00 images/s best, 28.00 median; top-1 = swsl fp32 for 150/192',
      ]);
      expect(en?.rows).toContainEqual([
        'swsl int8, the whole swsl classify process',
        '50.00 images/s best, 48.00 median; 0.75× its ceiling (median)',
      ]);
      expect(en?.rows).toContainEqual([
        'ceiling, int8',
        '63.80 images/s = 2 / (p + 2 / r): p 3.70 ms/image, r 68.00 images/s (medians)',
      ]);
      expect(en?.rows).toContainEqual([
        'goal: swsl int8 CLI process ÷ stream',
        '0.83× best, 0.83× median (goal ≥ 0.85: not met)',
      ]);
      expect(en?.rows).toContainEqual([
        "one image: Facebook's original PyTorch script",
        '2.50 s (whole process, median of 3)',
      ]);
      expect(en?.summary).toBe(
        "Medians: swsl int8's stream 2.07× PyTorch FX int8's loop, swsl fp32's 1.57× transformers.js; the whole swsl classify process 0.88× (fp32) and 0.83× (int8) the stream.",
      );
      expect(ko?.title).toContain('처음부터 끝까지');
      expect(ko?.rows).toContainEqual([
        '목표: swsl int8 CLI 프로세스 ÷ 스트림',
        '최고 0.83배, 중앙값 0.83배 (목표 0.85배 이상: 미달)',
      ]);
      expect(ko?.summary).toContain('PyTorch FX int8 루프의 2.07배');
      const numbers = (v: string) => v.match(/\d+(?:\.\d+)?/g);
      expect(ko?.rows.map(([, v]) => numbers(v))).toEqual(en?.rows.map(([, v]) => numbers(v)));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('says how to produce the numbers when there are none', () => {
    const report = loadBenchReports(join(tmpdir(), 'swsl-none'), join(tmpdir(), 'swsl-none')).find(
      (r) => r.id === 'e2e',
    );
    expect(report).toMatchObject({ origin: 'missing', rows: [] });
    expect(report?.produce).toContain('pnpm bench:e2e');
  });
});

describe('the int8/w8 report', () => {
  const speed = (w8: number, int8: number) => ({
    fp32: { imagesPerSecond: 10, ratioVsFp32: 1 },
    w8: { imagesPerSecond: 10 * w8, ratioVsFp32: w8 },
    int8: { imagesPerSecond: 10 * int8, ratioVsFp32: int8 },
  });
  const agreement = (cosineMean: number) => ({
    cosineMean,
    cosineMin: cosineMean - 0.001,
    top1Agreement: 0.9,
    top5Overlap: 0.95,
  });
  const QUANT = {
    measure: 'images/s',
    machine: { cpus: 2, cpuModel: 'AMD EPYC' },
    results: [
      {
        arch: 'resnet50',
        bytes: { fp32: 102_000_000, w8: 25_800_000, int8: 26_000_000 },
        agreement: { w8: agreement(0.99993), int8: agreement(0.9989) },
        node: { batch1: speed(1, 2.6), batch8: speed(0.98, 3.3) },
      },
    ],
    wasm: [{ arch: 'resnet50', threads: 2, ...speed(1.01, 1.9) }],
    methodStudy: [{ arch: 'resnet50', method: 'minmax', ...agreement(0.99) }],
  };

  it('lays out size, agreement and speed per architecture and dtype, the method study and a summary, in both languages', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'swsl-bench-quant-'));
    try {
      writeFileSync(join(scratch, 'quant.json'), JSON.stringify(QUANT));
      const en = loadBenchReports(scratch, scratch).find((r) => r.id === 'quant');
      expect(en?.rows).toContainEqual([
        'resnet50, int8',
        '26 MB (0.255× fp32); cosine mean 0.99890 (min 0.99790), top-1 agreement 90%, top-5 overlap 95%; speed vs fp32: node batch 1: 2.60×, 8: 3.30×, WASM 2t: 1.90×',
      ]);
      expect(en?.rows).toContainEqual([
        'resnet50, int8, minmax',
        'cosine mean 0.99000 (min 0.98900), top-1 agreement 90%',
      ]);
      expect(en?.summary).toBe(
        "resnet50 int8: 3.30× fp32's images/s in the same run (batch 8, 2 threads); w8: a quarter of the file, cosine 0.99993.",
      );
      const ko = loadBenchReports(scratch, scratch, BENCH_SOURCES, 'ko').find((r) => r.id === 'quant');
      expect(ko?.title).toContain('아키텍처');
      expect(ko?.summary).toContain('3.30×');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('the serving report (pnpm bench:serve)', () => {
  const cell = (dtype: string, config: string, concurrency: number, ips: number, batch: number, over: number) => ({
    dtype,
    config,
    concurrency,
    imagesPerSecond: ips,
    latencyMs: { p50: 500, p95: 700.04, p99: 812.5, mean: 510, max: 900 },
    non2xx: 0,
    errors: 0,
    batchSizeMean: batch,
    overClassifyProcess: over,
  });
  const goal = (id: string, value: number | null, op: string, target: number, unit: string, met: boolean) => ({
    id,
    value,
    op,
    goal: target,
    unit,
    met,
  });
  const SERVE = {
    distinctImages: 32,
    threads: 2,
    decodeWorkers: 1,
    maxQueue: 256,
    cellSeconds: 8,
    warmupSeconds: 2,
    concurrencies: [1, 8, 32],
    configs: [
      { id: 'batch8-delay4', batching: true, maxBatch: 8, maxQueueDelayMs: 4 },
      { id: 'batch1', batching: false, maxBatch: 1, maxQueueDelayMs: 0 },
      { id: 'batch8-delay4-dw0', batching: true, maxBatch: 8, maxQueueDelayMs: 4, decodeWorkers: 0 },
    ],
    machine: { cpus: 2, cpuModel: 'AMD EPYC' },
    versions: { node: '20.20.2', autocannon: '9.0.0' },
    cells: [
      cell('fp32', 'batch1', 32, 20.5, 1, 0.95),
      cell('int8', 'batch1', 32, 45, 1, 0.75),
      cell('int8', 'batch8-delay4', 32, 61.25, 7.9, 1.02),
      cell('int8', 'batch8-delay4-dw0', 32, 84, 7.8, 1.4),
    ],
    baselines: [
      {
        dtype: 'int8',
        images: 160,
        classifyProcess: { runsImagesPerSecond: [59, 61], median: 60 },
        stream: { runsImagesPerSecond: [66, 66], median: 66 },
      },
    ],
    ratios: {
      batchingOnOverOff: { int8: 1.3611, fp32: null },
      batchingOnOverOffDecodeWorkers0: { int8: 1.4, fp32: 1.01 },
      bestOverClassifyProcess: { int8: 1.0208, fp32: 0.95 },
    },
    overload: {
      dtype: 'int8',
      maxQueue: 64,
      sustainableImagesPerSecond: 61.25,
      factor: 4,
      offeredRate: 245,
      connections: 128,
      seconds: 30,
      statusCodes: { '200': 1800, '503': 5500 },
      errors: 0,
      timeouts: 0,
      status503WithoutRetryAfter: 0,
      goodputImagesPerSecond: 60,
      samples: { statusCodes: { '200': 10, '503': 50 }, status503WithoutRetryAfter: 0 },
      rss: { idleBytes: 300 * 2 ** 20, peakBytes: 420 * 2 ** 20 },
      rssBoundBytes: 1.5 * 2 ** 30,
      serverRequestSeconds: [
        { le: 0.25, count: 100 },
        { le: 0.5, count: 6000 },
        { le: 1, count: 7000 },
        { le: 10, count: 7300 },
        { le: null, count: 7300 },
      ],
      latencyMs: { p50: 600, max: 7304.5 },
      after: {
        expected: { index: 354, name: 'Arabian camel' },
        attempts: [
          { status: 503, top1: null },
          { status: 200, top1: 354 },
        ],
      },
      allPhotosAfter: { agree: 31, of: 32 },
    },
    goals: [
      goal('int8-batching', 1.3611, '>=', 1.3, 'x', true),
      goal('fp32-batching', null, '>=', 1, 'x', false),
      goal('overload-only-503', 0, '<=', 0, 'count', true),
      goal('overload-retry-after', 0, '<=', 0, 'count', true),
      goal('overload-rss', 420 * 2 ** 20, '<=', 1.5 * 2 ** 30, 'bytes', true),
      goal('overload-after', 1, '>=', 1, 'bool', true),
    ],
  };

  it('a row per configuration and concurrency, the baselines, the overload and the goals, in both languages', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'swsl-bench-serve-'));
    try {
      writeFileSync(join(scratch, 'serve.json'), JSON.stringify(SERVE));
      const [en, ko] = (['en', 'ko'] as const).map((lang) =>
        loadBenchReports(scratch, join(scratch, 'none'), BENCH_SOURCES, lang).find((r) => r.id === 'serve'),
      );
      expect(en?.origin).toBe('run');
      // int8 first, then by configuration as listed, then by concurrency
      expect(en?.rows.map(([k]) => k).slice(1, 5)).toEqual([
        'int8, batching on (--max-batch 8 --max-queue-delay-ms 4), 32 concurrent',
        'int8, batching off (--max-batch 1 --max-queue-delay-ms 0), 32 concurrent',
        'int8, batching on (--max-batch 8 --max-queue-delay-ms 4 --decode-workers 0), 32 concurrent',
        'fp32, batching off (--max-batch 1 --max-queue-delay-ms 0), 32 concurrent',
      ]);
      expect(en?.rows).toContainEqual([
        'batching on ÷ off, 32 concurrent',
        'int8 1.36×, fp32 — (with --decode-workers 0: int8 1.40×, fp32 1.01×)',
      ]);
      expect(en?.rows).toContainEqual([
        'int8, batching on (--max-batch 8 --max-queue-delay-ms 4), 32 concurrent',
        '61.3 images/s (1.02× swsl classify); p50 / p95 / p99 500.0 / 700.0 / 812.5 ms; mean batch 7.90; non-2xx 0',
      ]);
      expect(en?.rows).toContainEqual([
        'swsl classify int8, the whole process',
        '60.0 images/s (median of 2 runs of 160 images); the same pipeline warm (stream API) 66.0',
      ]);
      expect(en?.rows).toContainEqual([
        "overload: the server process's RSS",
        'peak 420 MiB (idle before 300 MiB; bound 1536 MiB)',
      ]);
      expect(en?.rows).toContainEqual([
        "overload: the server's own request durations",
        '≤ 0.5 s 82.2%, ≤ 1 s 95.9%, ≤ 10 s 100.0% (of 7300); the slowest 2xx answer 7.3 s',
      ]);
      expect(ko?.rows).toContainEqual([
        '과부하: 서버가 잰 요청 시간',
        '0.5초 이하 82.2%, 1초 이하 95.9%, 10초 이하 100.0% (전체 7300건); 가장 느린 2xx 응답 7.3초',
      ]);
      expect(en?.rows).toContainEqual([
        'right after the overload',
        "503 → 200 (Retry-After honoured); top-1 equal to swsl classify's (Arabian camel); then each photo once: 31/32 agree",
      ]);
      expect(en?.rows).toContainEqual([
        'goal: int8, 32 concurrent, batching on ÷ batch size 1',
        '1.36× (goal ≥ 1.3: met)',
      ]);
      expect(en?.rows).toContainEqual([
        'goal: fp32, 32 concurrent, batching on ÷ batch size 1',
        '— (goal ≥ 1: not met)',
      ]);
      expect(en?.rows).toContainEqual(['goal: overload, peak RSS of the server', '420 MiB (goal ≤ 1536 MiB: met)']);
      expect(en?.summary).toBe(
        'At 32 concurrent, batching on ÷ batch size 1: int8 1.36×, fp32 — (with --decode-workers 0: int8 1.40×, fp32 1.01×); the best server ÷ swsl classify: int8 1.02×, fp32 0.95×. Overloaded: only 503 with Retry-After, peak RSS 420 MiB.',
      );
      expect(ko?.title).toContain('과부하');
      expect(ko?.rows).toContainEqual([
        'int8, 배치 켬 (--max-batch 8 --max-queue-delay-ms 4), 동시 32개',
        '초당 61.3장 (swsl classify의 1.02배); p50 / p95 / p99 500.0 / 700.0 / 812.5 ms; 평균 배치 7.90; 2xx 아닌 응답 0',
      ]);
      expect(ko?.rows).toContainEqual([
        '목표: int8, 동시 32개, 배치 켬 ÷ 배치 크기 1',
        '1.36배 (목표 1.3배 이상: 달성)',
      ]);
      expect(ko?.summary).toContain('int8 1.36배');
      const numbers = (v: string) => v.match(/\d+(?:\.\d+)?/g);
      expect(ko?.rows.map(([, v]) => numbers(v))).toEqual(en?.rows.map(([, v]) => numbers(v)));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('says how to produce the numbers when there are none', () => {
    const report = loadBenchReports(join(tmpdir(), 'swsl-none'), join(tmpdir(), 'swsl-none')).find(
      (r) => r.id === 'serve',
    );
    expect(report).toMatchObject({ origin: 'missing', rows: [] });
    expect(report?.produce).toContain('pnpm bench:serve');
  });
});
