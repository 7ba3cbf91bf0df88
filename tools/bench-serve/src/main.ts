// pnpm bench:serve — `swsl serve` under load, in one run, on bench:e2e's resnet50 (fp32 and int8 ONNX made by
// `swsl convert`) and the 32 real JPEGs, `--device cpu --threads 2`:
//   - for each dtype, one server per configuration (batching on with the defaults, on with a 10 ms wait, off; on and
//     off with --decode-workers 0), all started before the dtype's cells and stopped after; at concurrency 1, 8 and 32 each (the configurations' order
//     alternating from one concurrency to the next): images/s, latency p50/p95/p99, non-2xx, the mean batch size
//     from the server's /metrics;
//   - `swsl classify` over the same photos (whole process, and warm through the stream API), before and after the
//     dtype's cells;
//   - int8 with batching on, overloaded: 4× the rate it sustained at concurrency 32, 30 s, against the default
//     --max-queue 64: answers by status, Retry-After on every 503, peak RSS, a correct answer right after.
// SWSL_BENCH_IMAGES (default ../shared/images/imagenet-test), SWSL_BENCH_SERVE_SECONDS (8), _WARMUP (2),
// _CLASSIFY_SECONDS (3), _OVERLOAD_SECONDS (30). Writes .cache/bench/serve.json (the docs' benchmarks page reads it).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { imageFolder, listImages, repeatList } from '@swsl/bench-e2e/images';
import { loadAverage, machineInfo } from '@swsl/bench-e2e/machine';
import { prepareSwslModels } from '@swsl/bench-e2e/models';
import { defaultDecodeWorkers, onnxruntimeInfo } from '@swsl/runtime-node';
import { classifyProcess, classifyStream, classifyTop1, type Top1 } from './baseline.js';
import { classifyOnce, classifyWithRetry, sampleDuring } from './client.js';
import { type Photo, runLoad } from './load.js';
import { repeatsFor } from './numbers.js';
import { batchDelta, bucketDelta, statusDelta } from './prometheus.js';
import {
  type BaselineResult,
  buildReport,
  type CellResult,
  configName,
  findCell,
  formatReport,
  type OverloadResult,
} from './report.js';
import { rssBytes, type ServerChild, startServer, watchRss } from './server-child.js';
import {
  BATCHING_ON,
  CONCURRENCIES,
  CONFIGS,
  DTYPES,
  type Dtype,
  RESULT_FILE,
  ROOT,
  readSettings,
  type ServeConfig,
  type Settings,
} from './settings.js';

const log = (line: string) => console.error(`bench:serve: ${line}`);
const f1 = (x: number) => x.toFixed(1);

async function measureCell(
  settings: Settings,
  server: ServerChild,
  photos: readonly Photo[],
  dtype: Dtype,
  config: ServeConfig,
  concurrency: number,
  order: number,
): Promise<CellResult> {
  const load = { url: server.url, model: server.model, photos, connections: concurrency };
  await runLoad({ ...load, seconds: settings.warmupSeconds });
  await server.settle();
  const before = await server.metrics();
  const result = await runLoad({ ...load, seconds: settings.cellSeconds });
  // The requests cut off at the end still run: their batches belong to this cell.
  await server.settle();
  const batch = batchDelta(before, await server.metrics(), server.model);
  const cell: CellResult = {
    dtype,
    config: config.id,
    concurrency,
    order,
    seconds: result.seconds,
    imagesPerSecond: result.imagesPerSecond,
    latencyMs: result.latencyMs,
    ok: result.ok,
    non2xx: result.non2xx,
    statusCodes: result.statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    batchSizeMean: batch.batchSizeMean,
    batches: batch.batches,
  };
  const l = result.latencyMs;
  log(
    `${dtype} ${configName(config)}, ${concurrency} concurrent: ${f1(cell.imagesPerSecond)} images/s, ` +
      `p50/p95/p99 ${l ? `${f1(l.p50)}/${f1(l.p95)}/${f1(l.p99)}` : '—'} ms, non-2xx ${cell.non2xx}, errors ${cell.errors}, ` +
      `batch mean ${cell.batchSizeMean?.toFixed(2) ?? '—'}`,
  );
  return cell;
}

async function overloadInt8(
  settings: Settings,
  onnx: string,
  photos: readonly Photo[],
  reference: ReadonlyMap<string, Top1>,
  sustainable: number,
): Promise<OverloadResult> {
  const o = settings.overload;
  const offeredRate = Math.max(1, Math.round(o.factor * sustainable));
  // The defaults: batching on (--max-batch 8 --max-queue-delay-ms 4) and --max-queue 64.
  const server = await startServer({ weights: onnx, threads: settings.threads });
  try {
    const idleBytes = rssBytes(server.pid) ?? 0;
    const before = await server.metrics();
    log(
      `overload: ${offeredRate} requests/s (${o.factor} × ${f1(sustainable)}) for ${o.seconds} s, ${o.connections} connections`,
    );
    const rss = watchRss(server.pid, 200);
    const sampler = sampleDuring(server.url, server.model, photos, 500);
    const load = await runLoad({
      url: server.url,
      model: server.model,
      photos,
      connections: o.connections,
      seconds: o.seconds,
      overallRate: offeredRate,
      timeoutSeconds: o.clientTimeoutSeconds,
      checkHeaders: true,
    });
    const samplesDone = sampler.stop();
    // Right after: the photo whose top-1 is furthest from a tie, as a client that honours Retry-After sends it.
    const [photoName, expected] = [...reference.entries()].reduce((a, b) => (b[1].margin > a[1].margin ? b : a));
    const photo = photos.find((p) => p.name === photoName) as Photo;
    const attempts = await classifyWithRetry(server.url, server.model, photo);
    const samples = await samplesDone;
    await server.settle();
    const peak = rss.stop();
    const afterMetrics = await server.metrics();
    // Then every photo once, one at a time.
    let agree = 0;
    let ok = 0;
    for (const p of photos) {
      const a = await classifyOnce(server.url, server.model, p);
      if (a.status === 200) ok++;
      if (a.top1 !== null && a.top1 === reference.get(p.name)?.index) agree++;
    }
    const sampleCodes: Record<string, number> = {};
    for (const a of samples.answers) sampleCodes[a.status] = (sampleCodes[a.status] ?? 0) + 1;
    const result: OverloadResult = {
      dtype: 'int8',
      config: BATCHING_ON,
      maxQueue: o.maxQueue,
      sustainableImagesPerSecond: sustainable,
      factor: o.factor,
      offeredRate,
      connections: o.connections,
      seconds: load.seconds,
      sent: load.sent,
      ok: load.ok,
      statusCodes: load.statusCodes,
      errors: load.errors,
      timeouts: load.timeouts,
      status503WithoutRetryAfter: load.status503WithoutRetryAfter ?? 0,
      goodputImagesPerSecond: load.imagesPerSecond,
      latencyMs: load.latencyMs,
      samples: {
        statusCodes: sampleCodes,
        status503WithoutRetryAfter: samples.answers.filter((a) => a.status === 503 && !a.retryAfter).length,
        failures: samples.failures.length,
      },
      serverStatusCodes: statusDelta(before, afterMetrics, server.model),
      serverRequestSeconds: bucketDelta(before, afterMetrics, 'swsl_request_duration_seconds', {
        model: server.model,
      }),
      clientTimeoutSeconds: o.clientTimeoutSeconds,
      rss: { idleBytes, ...peak },
      rssBoundBytes: o.rssBoundBytes,
      after: { photo: photoName, expected: { index: expected.index, name: expected.name }, attempts },
      allPhotosAfter: { agree, of: photos.length, ok },
    };
    log(
      `overload: ${JSON.stringify(load.statusCodes)}, errors ${load.errors}, 503 without Retry-After ${result.status503WithoutRetryAfter}; ` +
        `peak RSS ${Math.round(peak.peakBytes / 2 ** 20)} MiB; right after: ${attempts.map((a) => a.status).join(' → ')}`,
    );
    return result;
  } finally {
    await server.stop();
  }
}

const started = performance.now();
const settings = readSettings();
const distinct = listImages(settings.imagesDir);
const photos: Photo[] = distinct.map((f) => ({ name: basename(f), bytes: readFileSync(f) }));
const machine = machineInfo();
const models = prepareSwslModels();
const onnx: Record<Dtype, string> = { int8: models.int8, fp32: models.fp32 };
// What `swsl classify` uses on the CPU by default (the baselines); `swsl serve` decodes in its own thread instead
// (serverDecodeWorkers: 0 on the CPU), unless a configuration says otherwise.
const decodeWorkers = defaultDecodeWorkers('cpu');
const { threads, batch } = settings;
const stream = { threads, batch, decodeWorkers };

log(`swsl classify's top-1 of the ${distinct.length} photos (int8), for the check after the overload`);
const reference = classifyTop1(distinct, models.int8, threads, batch);

const cells: CellResult[] = [];
const baselines: BaselineResult[] = [];
let order = 0;
for (const dtype of DTYPES) {
  // Enough repeats of the photos for about classifySeconds of `swsl classify`, from one warm pass.
  const estimate = await classifyStream(distinct, onnx[dtype], stream);
  const repeat = repeatsFor(estimate.imagesPerSecond, settings.classifySeconds, distinct.length);
  const paths = repeatList(distinct, repeat);
  const folder = imageFolder(distinct, repeat);
  const classifyRuns: number[] = [];
  const streamRuns: number[] = [];
  const baselineRound = async (when: string) => {
    const whole = classifyProcess(folder.dir, paths.length, onnx[dtype], threads, batch);
    classifyRuns.push(whole.imagesPerSecond);
    const warm = await classifyStream(paths, onnx[dtype], stream);
    streamRuns.push(warm.imagesPerSecond);
    log(
      `${dtype} ${when}: swsl classify ${paths.length} images, whole process ${f1(whole.imagesPerSecond)} images/s, stream API ${f1(warm.imagesPerSecond)}`,
    );
  };
  try {
    await baselineRound('before');
    const servers = new Map<string, ServerChild>();
    try {
      for (const config of CONFIGS) {
        servers.set(
          config.id,
          await startServer({
            weights: onnx[dtype],
            threads,
            maxBatch: config.maxBatch,
            maxQueueDelayMs: config.maxQueueDelayMs,
            maxQueue: settings.maxQueue,
            ...(config.decodeWorkers === undefined ? {} : { decodeWorkers: config.decodeWorkers }),
          }),
        );
      }
      for (const [i, concurrency] of CONCURRENCIES.entries()) {
        // ABCDE, EDCBA, ABCDE: a slow stretch of the shared machine lands on every configuration alike.
        for (const config of i % 2 ? [...CONFIGS].reverse() : CONFIGS) {
          const server = servers.get(config.id) as ServerChild;
          cells.push(await measureCell(settings, server, photos, dtype, config, concurrency, ++order));
        }
      }
    } finally {
      await Promise.all([...servers.values()].map((s) => s.stop()));
    }
    await baselineRound('after');
  } finally {
    folder.remove();
  }
  baselines.push({
    dtype,
    images: paths.length,
    repeat,
    classifyProcess: { runsImagesPerSecond: classifyRuns },
    stream: { runsImagesPerSecond: streamRuns },
  });
}

const top = Math.max(...CONCURRENCIES);
const sustainable = findCell(cells, 'int8', BATCHING_ON, top)?.imagesPerSecond ?? 0;
const overload = sustainable > 0 ? await overloadInt8(settings, models.int8, photos, reference, sustainable) : null;

const require = createRequire(import.meta.url);
const packageVersion = (name: string) =>
  (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
const serverPackage = JSON.parse(readFileSync(join(ROOT, 'packages/server/package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};
const report = buildReport({
  cells,
  baselines,
  overload,
  concurrencies: CONCURRENCIES,
  distinctImages: distinct.length,
  imagesFrom: relative(ROOT, settings.imagesDir),
  threads,
  batch,
  decodeWorkers,
  maxQueue: settings.maxQueue,
  cellSeconds: settings.cellSeconds,
  warmupSeconds: settings.warmupSeconds,
  machine: { ...machine, loadAverage: { ...machine.loadAverage, end: loadAverage() } },
  versions: {
    node: process.versions.node,
    onnxruntime: onnxruntimeInfo().version,
    swslServer: serverPackage.version,
    fastify: serverPackage.dependencies.fastify ?? '?',
    autocannon: packageVersion('autocannon'),
  },
  totalSeconds: (performance.now() - started) / 1000,
});
mkdirSync(dirname(RESULT_FILE), { recursive: true });
writeFileSync(RESULT_FILE, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\n${formatReport(report)}\n\nwrote ${relative(ROOT, RESULT_FILE)}`);
