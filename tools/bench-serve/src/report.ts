// The run's results → the JSON the docs read (`.cache/bench/serve.json`), the goals, and the tables it prints.
import { median } from '@swsl/bench-e2e/stats';
import type { LatencySummary } from './numbers.js';
import {
  BATCHING_OFF,
  BATCHING_OFF_DW0,
  BATCHING_ON,
  BATCHING_ON_DW0,
  CONFIGS,
  DTYPES,
  type Dtype,
  type ServeConfig,
} from './settings.js';

export interface CellResult {
  readonly dtype: Dtype;
  readonly config: string;
  readonly concurrency: number;
  /** Its place in the run (cells of a dtype are interleaved across configurations). */
  readonly order: number;
  readonly seconds: number;
  readonly imagesPerSecond: number;
  readonly latencyMs: LatencySummary | null;
  readonly ok: number;
  readonly non2xx: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly timeouts: number;
  /** From the server's /metrics, the cell's difference: images ÷ model runs. */
  readonly batchSizeMean: number | null;
  readonly batches: number;
}

export interface Runs {
  readonly runsImagesPerSecond: readonly number[];
}

export interface BaselineResult {
  readonly dtype: Dtype;
  /** Images per run: the distinct photos × `repeat`. */
  readonly images: number;
  readonly repeat: number;
  /** `swsl classify <folder> --json > /dev/null`, whole process; one run before the dtype's cells, one after. */
  readonly classifyProcess: Runs;
  /** The same pipeline warm (stream API); also before and after. */
  readonly stream: Runs;
}

export interface Attempt {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly top1: number | null;
  readonly ms: number;
}

export interface OverloadResult {
  readonly dtype: Dtype;
  readonly config: string;
  readonly maxQueue: number;
  readonly sustainableImagesPerSecond: number;
  readonly factor: number;
  readonly offeredRate: number;
  readonly connections: number;
  readonly seconds: number;
  readonly sent: number;
  readonly ok: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly timeouts: number;
  /** 503 answers autocannon saw without a Retry-After header (every answer is checked). */
  readonly status503WithoutRetryAfter: number;
  readonly goodputImagesPerSecond: number;
  readonly latencyMs: LatencySummary | null;
  /** Our own fetch requests during the overload, every 500 ms. */
  readonly samples: {
    readonly statusCodes: Readonly<Record<string, number>>;
    readonly status503WithoutRetryAfter: number;
    readonly failures: number;
  };
  /** The server's own count (`swsl_requests_total`) over the overload (our samples and the check after included). */
  readonly serverStatusCodes: Readonly<Record<string, number>>;
  /** The server's own request durations over the same span (`swsl_request_duration_seconds`, cumulative buckets). */
  readonly serverRequestSeconds: readonly { readonly le: number | null; readonly count: number }[];
  /** autocannon's per-request timeout: longer than the server's 30 s deadline, so every request gets its answer. */
  readonly clientTimeoutSeconds: number;
  readonly rss: {
    readonly idleBytes: number;
    readonly peakBytes: number;
    readonly samples: number;
    readonly everyMs: number;
  };
  readonly rssBoundBytes: number;
  /** One photo (the one with the widest top-1 margin) right after the overload, Retry-After honoured. */
  readonly after: {
    readonly photo: string;
    readonly expected: { readonly index: number; readonly name: string };
    readonly attempts: readonly Attempt[];
  };
  /** Then every photo once, one at a time: top-1 equal to `swsl classify`'s. */
  readonly allPhotosAfter: { readonly agree: number; readonly of: number; readonly ok: number };
}

export interface Goal {
  readonly id: string;
  readonly name: string;
  readonly value: number;
  readonly op: '>=' | '<=';
  readonly goal: number;
  readonly unit: 'x' | 'count' | 'bytes' | 'bool';
  readonly met: boolean;
}

export function configName(config: ServeConfig): string {
  const workers = config.decodeWorkers === undefined ? '' : ` --decode-workers ${config.decodeWorkers}`;
  const flags = `--max-batch ${config.maxBatch} --max-queue-delay-ms ${config.maxQueueDelayMs}${workers}`;
  return config.batching ? `batching on (${flags})` : `batching off (${flags})`;
}

const sum = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((a, b) => a + b, 0);
/** Answers whose status is neither 2xx nor 503. */
export const unexpectedStatuses = (codes: Readonly<Record<string, number>>) =>
  sum(Object.fromEntries(Object.entries(codes).filter(([c]) => !(c.startsWith('2') || c === '503'))));

export function findCell(cells: readonly CellResult[], dtype: Dtype, config: string, concurrency: number) {
  return cells.find((c) => c.dtype === dtype && c.config === config && c.concurrency === concurrency);
}

/** Images/s of a cell over another's (NaN when either is missing or the other served nothing). */
function cellRatio(cells: readonly CellResult[], dtype: Dtype, a: string, b: string, concurrency: number): number {
  const x = findCell(cells, dtype, a, concurrency)?.imagesPerSecond;
  const y = findCell(cells, dtype, b, concurrency)?.imagesPerSecond;
  return x === undefined || y === undefined || y === 0 ? Number.NaN : x / y;
}

/** The fastest configuration of a dtype at a concurrency. */
export function bestCell(cells: readonly CellResult[], dtype: Dtype, concurrency: number): CellResult | undefined {
  return cells
    .filter((c) => c.dtype === dtype && c.concurrency === concurrency)
    .reduce<CellResult | undefined>((a, b) => (a && a.imagesPerSecond >= b.imagesPerSecond ? a : b), undefined);
}

const baselineOf = (baselines: readonly BaselineResult[], dtype: Dtype) => baselines.find((b) => b.dtype === dtype);

export function ratios(cells: readonly CellResult[], baselines: readonly BaselineResult[], top: number) {
  const perDtype = (f: (dtype: Dtype) => number) =>
    Object.fromEntries(DTYPES.map((d) => [d, f(d)])) as Record<Dtype, number>;
  return {
    /** Batching on (the defaults) ÷ off, at the highest concurrency. */
    batchingOnOverOff: perDtype((d) => cellRatio(cells, d, BATCHING_ON, BATCHING_OFF, top)),
    /** The same with `--decode-workers 0` on both sides. */
    batchingOnOverOffDecodeWorkers0: perDtype((d) => cellRatio(cells, d, BATCHING_ON_DW0, BATCHING_OFF_DW0, top)),
    /** The best configuration at the highest concurrency ÷ `swsl classify` (median of its runs). */
    bestOverClassifyProcess: perDtype((d) => {
      const best = bestCell(cells, d, top)?.imagesPerSecond;
      const base = baselineOf(baselines, d)?.classifyProcess.runsImagesPerSecond;
      return best === undefined || !base?.length ? Number.NaN : best / median(base);
    }),
    /** Which configuration that is. */
    bestConfig: Object.fromEntries(DTYPES.map((d) => [d, bestCell(cells, d, top)?.config ?? null])) as Record<
      Dtype,
      string | null
    >,
    bestOverStream: perDtype((d) => {
      const best = bestCell(cells, d, top)?.imagesPerSecond;
      const base = baselineOf(baselines, d)?.stream.runsImagesPerSecond;
      return best === undefined || !base?.length ? Number.NaN : best / median(base);
    }),
  };
}

/** The issue's goals, each met or not (a ratio that could not be measured, NaN, is not met). */
export function computeGoals(
  cells: readonly CellResult[],
  baselines: readonly BaselineResult[],
  overload: OverloadResult | null,
  top: number,
): Goal[] {
  const r = ratios(cells, baselines, top);
  const goal = (g: Omit<Goal, 'met'>): Goal => ({
    ...g,
    met: Number.isFinite(g.value) && (g.op === '>=' ? g.value >= g.goal : g.value <= g.goal),
  });
  const goals: Goal[] = [
    goal({
      id: 'int8-batching',
      name: `int8, ${top} concurrent: batching on ÷ batch size 1`,
      value: r.batchingOnOverOff.int8,
      op: '>=',
      goal: 1.3,
      unit: 'x',
    }),
    goal({
      id: 'fp32-batching',
      name: `fp32, ${top} concurrent: batching on ÷ batch size 1`,
      value: r.batchingOnOverOff.fp32,
      op: '>=',
      goal: 1.0,
      unit: 'x',
    }),
    goal({
      id: 'int8-server-vs-classify',
      name: `int8: the best server configuration at ${top} concurrent ÷ swsl classify (whole process)`,
      value: r.bestOverClassifyProcess.int8,
      op: '>=',
      goal: 0.9,
      unit: 'x',
    }),
    goal({
      id: 'fp32-server-vs-classify',
      name: `fp32: the best server configuration at ${top} concurrent ÷ swsl classify (whole process)`,
      value: r.bestOverClassifyProcess.fp32,
      op: '>=',
      goal: 0.9,
      unit: 'x',
    }),
  ];
  if (overload) {
    const after = overload.after.attempts.at(-1);
    goals.push(
      goal({
        id: 'overload-only-503',
        name: 'overload: answers other than 2xx and 503, connection errors and timeouts',
        value:
          unexpectedStatuses(overload.statusCodes) +
          unexpectedStatuses(overload.samples.statusCodes) +
          overload.errors + // timeouts included
          overload.samples.failures,
        op: '<=',
        goal: 0,
        unit: 'count',
      }),
      goal({
        id: 'overload-retry-after',
        name: 'overload: 503 answers without Retry-After',
        value: overload.status503WithoutRetryAfter + overload.samples.status503WithoutRetryAfter,
        op: '<=',
        goal: 0,
        unit: 'count',
      }),
      goal({
        id: 'overload-rss',
        name: 'overload: peak RSS of the server process',
        value: overload.rss.peakBytes,
        op: '<=',
        goal: overload.rssBoundBytes,
        unit: 'bytes',
      }),
      goal({
        id: 'overload-after',
        name: "right after the overload: 200 with swsl classify's top-1",
        value: after?.status === 200 && after.top1 === overload.after.expected.index ? 1 : 0,
        op: '>=',
        goal: 1,
        unit: 'bool',
      }),
    );
  }
  return goals;
}

export function buildReport(input: {
  cells: readonly CellResult[];
  baselines: readonly BaselineResult[];
  overload: OverloadResult | null;
  concurrencies: readonly number[];
  distinctImages: number;
  imagesFrom: string;
  threads: number;
  batch: number;
  decodeWorkers: number;
  maxQueue: number;
  cellSeconds: number;
  warmupSeconds: number;
  machine: Record<string, unknown>;
  versions: Record<string, string>;
  totalSeconds: number;
}) {
  const top = Math.max(...input.concurrencies);
  const withRatios = input.cells.map((c) => {
    const base = baselineOf(input.baselines, c.dtype);
    const over = (runs: readonly number[] | undefined) => (runs?.length ? c.imagesPerSecond / median(runs) : null);
    return {
      ...c,
      overClassifyProcess: over(base?.classifyProcess.runsImagesPerSecond),
      overStream: over(base?.stream.runsImagesPerSecond),
    };
  });
  return {
    model: 'resnet50 (oracle-made, BN-calibrated, seed 1): swsl convert fp32 and int8 ONNX, CPU',
    endpoint: 'POST /v1/models/{name}/classify, content-type image/jpeg, one photo per request',
    loadGenerator: 'autocannon (programmatic API), 127.0.0.1',
    distinctImages: input.distinctImages,
    imagesFrom: input.imagesFrom,
    threads: input.threads,
    device: 'cpu',
    decodeWorkers: input.decodeWorkers,
    classifyBatch: input.batch,
    maxQueue: input.maxQueue,
    cellSeconds: input.cellSeconds,
    warmupSeconds: input.warmupSeconds,
    concurrencies: input.concurrencies,
    configs: CONFIGS.map((c) => ({ ...c, name: configName(c) })),
    machine: input.machine,
    versions: input.versions,
    totalSeconds: input.totalSeconds,
    cells: withRatios,
    baselines: input.baselines.map((b) => ({
      ...b,
      classifyProcess: { ...b.classifyProcess, median: median(b.classifyProcess.runsImagesPerSecond) },
      stream: { ...b.stream, median: median(b.stream.runsImagesPerSecond) },
    })),
    ratios: ratios(input.cells, input.baselines, top),
    overload: input.overload,
    goals: computeGoals(input.cells, input.baselines, input.overload, top),
  };
}

export type ServeReport = ReturnType<typeof buildReport>;

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const mib = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;
const codes = (r: Readonly<Record<string, number>>) =>
  Object.entries(r)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ') || '—';

export function formatGoalValue(g: Goal): string {
  switch (g.unit) {
    case 'x':
      return `${f2(g.value)}× (goal ${g.op === '>=' ? '≥' : '≤'} ${g.goal})`;
    case 'bytes':
      return `${mib(g.value)} (goal ${g.op === '>=' ? '≥' : '≤'} ${mib(g.goal)})`;
    case 'count':
      return `${g.value} (goal ${g.op === '>=' ? '≥' : '≤'} ${g.goal})`;
    case 'bool':
      return g.value >= g.goal ? 'yes' : 'no';
  }
}

/** "≤ 1 s 90%, ≤ 2.5 s 98%, …" of cumulative buckets (a null bound is +Inf, as JSON writes it). */
export function serverShare(buckets: readonly { readonly le: number | null; readonly count: number }[]): string {
  const total = buckets.find((b) => b.le === null || b.le === Number.POSITIVE_INFINITY)?.count ?? 0;
  if (!total) return '—';
  return buckets
    .filter((b) => b.le !== null && Number.isFinite(b.le) && b.le >= 0.5 && b.le <= 10)
    .map((b) => `≤ ${b.le} s ${((100 * b.count) / total).toFixed(1)}%`)
    .concat(`of ${total}`)
    .join(', ');
}

/** The report as markdown tables, for the terminal. */
export function formatReport(report: ServeReport): string {
  const lines: string[] = [];
  const m = report.machine as { cpus: number; cpuModel: string; loadAverage?: { start: number[]; end?: number[] } };
  lines.push(
    `${report.endpoint}; ${report.distinctImages} photos from ${report.imagesFrom} rotating; ${report.model}`,
    `swsl serve --device cpu --threads ${report.threads}, --max-queue ${report.maxQueue}; baselines with ${report.decodeWorkers} decode worker(s); ` +
      `${report.cellSeconds} s per cell after ${report.warmupSeconds} s of warm-up; ${report.loadGenerator}`,
    `${m.cpus} × ${m.cpuModel}; load average ${m.loadAverage?.start.join(' ')} → ${m.loadAverage?.end?.join(' ') ?? '?'}; ` +
      `${Object.entries(report.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; ${f1(report.totalSeconds)} s in all`,
    '',
    '| dtype | server | concurrency | images/s | p50 ms | p95 ms | p99 ms | non-2xx | batch mean | ÷ classify | ÷ stream |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  const names = new Map(report.configs.map((c) => [c.id, c.name]));
  const sorted = [...report.cells].sort(
    (a, b) =>
      DTYPES.indexOf(a.dtype) - DTYPES.indexOf(b.dtype) ||
      CONFIGS.findIndex((c) => c.id === a.config) - CONFIGS.findIndex((c) => c.id === b.config) ||
      a.concurrency - b.concurrency,
  );
  for (const c of sorted) {
    const l = c.latencyMs;
    lines.push(
      `| ${c.dtype} | ${names.get(c.config) ?? c.config} | ${c.concurrency} | ${f1(c.imagesPerSecond)} | ${l ? f1(l.p50) : '—'} | ${l ? f1(l.p95) : '—'} | ${l ? f1(l.p99) : '—'} | ${c.non2xx + c.errors} | ${c.batchSizeMean === null ? '—' : f2(c.batchSizeMean)} | ${c.overClassifyProcess === null ? '—' : `${f2(c.overClassifyProcess)}×`} | ${c.overStream === null ? '—' : `${f2(c.overStream)}×`} |`,
    );
  }
  lines.push('', '| baseline | images per run | images/s, runs | median |', '|---|---:|---|---:|');
  for (const b of report.baselines) {
    lines.push(
      `| swsl classify ${b.dtype}, whole process | ${b.images} | ${b.classifyProcess.runsImagesPerSecond.map(f1).join(', ')} | ${f1(b.classifyProcess.median)} |`,
      `| swsl ${b.dtype}, stream API (warm) | ${b.images} | ${b.stream.runsImagesPerSecond.map(f1).join(', ')} | ${f1(b.stream.median)} |`,
    );
  }
  const r = report.ratios;
  lines.push(
    '',
    `batching on ÷ off at the top concurrency: int8 ${f2(r.batchingOnOverOff.int8)}×, fp32 ${f2(r.batchingOnOverOff.fp32)}×; ` +
      `with --decode-workers 0: int8 ${f2(r.batchingOnOverOffDecodeWorkers0.int8)}×, fp32 ${f2(r.batchingOnOverOffDecodeWorkers0.fp32)}×`,
    `best server ÷ swsl classify (whole process): int8 ${f2(r.bestOverClassifyProcess.int8)}× (${names.get(r.bestConfig.int8 ?? '') ?? '—'}), ` +
      `fp32 ${f2(r.bestOverClassifyProcess.fp32)}× (${names.get(r.bestConfig.fp32 ?? '') ?? '—'}); ` +
      `÷ stream API: int8 ${f2(r.bestOverStream.int8)}×, fp32 ${f2(r.bestOverStream.fp32)}×`,
  );
  const o = report.overload;
  if (o) {
    const last = o.after.attempts.at(-1);
    lines.push(
      '',
      `overload: ${o.dtype} ${names.get(o.config) ?? o.config}, --max-queue ${o.maxQueue}: ${o.factor} × ${f1(o.sustainableImagesPerSecond)} = ${o.offeredRate} requests/s offered for ${o.seconds} s over ${o.connections} connections`,
      `  answers: ${codes(o.statusCodes)}; errors ${o.errors}, timeouts ${o.timeouts}; 503 without Retry-After: ${o.status503WithoutRetryAfter}; 2xx ${f1(o.goodputImagesPerSecond)} images/s, p50 ${o.latencyMs ? f1(o.latencyMs.p50) : '—'} ms, p99 ${o.latencyMs ? f1(o.latencyMs.p99) : '—'} ms`,
      `  the server's count: ${codes(o.serverStatusCodes)}; our samples: ${codes(o.samples.statusCodes)} (503 without Retry-After: ${o.samples.status503WithoutRetryAfter}, failed: ${o.samples.failures})`,
      `  the server's request durations: ${serverShare(o.serverRequestSeconds)}; the slowest 2xx answer took ${o.latencyMs ? f1(o.latencyMs.max / 1000) : '—'} s (client timeout ${o.clientTimeoutSeconds} s)`,
      `  RSS: ${mib(o.rss.idleBytes)} idle before, peak ${mib(o.rss.peakBytes)} (${o.rss.samples} samples every ${o.rss.everyMs} ms; bound ${mib(o.rssBoundBytes)})`,
      `  right after: ${o.after.attempts.map((a) => `${a.status}${a.retryAfter ? ` (Retry-After ${a.retryAfter})` : ''}`).join(' → ')}; top-1 ${last?.top1 ?? '—'}, swsl classify's ${o.after.expected.index} (${o.after.expected.name}, ${o.after.photo})`,
      `  then every photo once: top-1 = swsl classify for ${o.allPhotosAfter.agree}/${o.allPhotosAfter.of} (${o.allPhotosAfter.ok} answered 200)`,
    );
  }
  lines.push('', '| goal | value | met |', '|---|---|---|');
  for (const g of report.goals) lines.push(`| ${g.name} | ${formatGoalValue(g)} | ${g.met ? 'yes' : 'no'} |`);
  return lines.join('\n');
}
