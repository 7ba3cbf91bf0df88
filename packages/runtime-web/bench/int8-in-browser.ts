// pnpm bench:web-int8 — int8 made in the browser, from a checkpoint, against runtime-node's int8 of the same
// checkpoint and against WASM fp32, in one run. An oracle-made, BN-calibrated resnet50 checkpoint (legacy .pth, as
// the official files; seed 1) is handed to `createClassifier({ checkpoint }, { dtype })` in a cross-origin isolated
// headless Chromium page (2 WASM threads): fp32 converted in the worker, int8 converted and calibrated in the worker
// (the registry's 11 CC0 photos). Measured: the int8 load's time, its main-thread long tasks until the session
// stage (the conversion and calibration must not block the page), top-5 agreement with runtime-node's int8 (its
// `nodeConverter`, the same photos) over the real JPEGs, and WASM throughput int8 vs fp32, end to end (classify() on
// batches of 8 blobs: decode + preprocess on the page's thread, inference) and inference alone (a ready batch of 8),
// rounds interleaved, median round.
// Images: SWSL_BENCH_IMAGES (default ../shared/images/imagenet-test, 32 real ImageNet JPEGs); SWSL_BENCH_ROUNDS
// (default 3). Writes .cache/bench/web-int8.json.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium } from '@swsl/browser-harness';
import { oracleStatus, runOracle } from '@swsl/reference';
import { createClassifier, nodeConverter } from '@swsl/runtime-node';
import { bundleTestPage } from '../src/test-support/bundle.js';
import type { PageGlobals } from '../src/test-support/page.js';
import { REPO_ROOT } from '../src/test-support/paths.js';
import { startTestServer } from '../src/test-support/server.js';

const ROUNDS = Number(process.env.SWSL_BENCH_ROUNDS ?? 3);
const THREADS = 2;
const BATCH = 8;
const imagesDir = resolve(process.env.SWSL_BENCH_IMAGES ?? join(REPO_ROOT, '../shared/images/imagenet-test'));
const dir = join(REPO_ROOT, '.cache/bench');
mkdirSync(dir, { recursive: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const checkpoint = join(dir, 'resnet50.legacy.pth');
if (!existsSync(checkpoint)) {
  const status = oracleStatus();
  if (!status.available)
    throw new Error(`bench:web-int8 needs the PyTorch oracle once, for ${checkpoint}: ${status.reason}`);
  runOracle(['checkpoint', '--arch', 'resnet50', '--format', 'legacy', '--seed', '1', '--out', checkpoint]);
}
if (!existsSync(imagesDir)) throw new Error(`no images at ${imagesDir}: set SWSL_BENCH_IMAGES`);
const names = readdirSync(imagesDir)
  .filter((f) => /\.jpe?g$/i.test(f))
  .sort();

// 1. runtime-node's int8 of the checkpoint: the reference answers.
console.error('runtime-node: converting and calibrating int8…');
const nodeStart = performance.now();
const { onnx } = await nodeConverter()(new Uint8Array(await readFile(checkpoint)), { dtype: 'int8', arch: 'resnet50' });
const nodeConvertSeconds = (performance.now() - nodeStart) / 1000;
const work = mkdtempSync(join(tmpdir(), 'swsl-bench-web-int8-'));
const nodeOnnx = join(work, 'node-int8.onnx');
writeFileSync(nodeOnnx, onnx);
const node = await createClassifier({ onnx: nodeOnnx }, { device: 'cpu', threads: THREADS });
const nodeTop5 = (await node.classify(names.map((n) => join(imagesDir, n)))).map((p) => p.map((x) => x.index));
await node.dispose();

// 2. Chromium: fp32 and int8 from the same checkpoint, converted in the page's conversion worker.
await bundleTestPage(join(work, 'site'));
const files: Record<string, string> = { 'resnet50.pth': checkpoint, 'node-int8.onnx': nodeOnnx };
for (const n of names) files[`images/${n}`] = join(imagesDir, n);
const server = await startTestServer(join(work, 'site'), files);
const browser = await launchChromium();
let chromium = '';
let page: Awaited<ReturnType<typeof browser.newPage>>;
try {
  chromium = browser.version();
  page = await (await browser.newContext()).newPage();
  // tsx (esbuild, keepNames) wraps the evaluated callbacks' functions in `__name(…)`, which the page lacks.
  await page.addInitScript('globalThis.__name = (f) => f');
  page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => 'swsl' in globalThis);
  console.error('Chromium: converting fp32 and int8 in the worker, then timing…');
  const r = await page.evaluate(
    async ({ names, rounds, threads, batch }) => {
      const { swsl, testkit } = globalThis as unknown as PageGlobals;
      const checkpoint = await testkit.blob('/files/resnet50.pth');
      type Loaded = {
        classifier: Awaited<ReturnType<typeof swsl.createClassifier>>;
        seconds: number;
        longTasks: number[];
        calibrateSeconds: number;
      };
      const loaded: Partial<Record<'fp32' | 'int8', Loaded>> = {};
      for (const dtype of ['fp32', 'int8'] as const) {
        // A task of its own: the previous step's work (the last session's creation, the checkpoint's fetch) ends
        // before the watch starts, so it is not counted as this conversion's.
        await new Promise((resolve) => setTimeout(resolve, 0));
        const start = performance.now();
        const stop = testkit.watchLongTasks();
        let longTasks: number[] | undefined;
        let calibrateSeconds = 0;
        const classifier = await swsl.createClassifier(
          { checkpoint, arch: 'resnet50' },
          {
            dtype,
            device: 'wasm',
            numThreads: threads,
            wasmPaths: '/ort/',
            cache: false,
            batchSize: batch,
            onProgress: (p) => {
              if (p.stage === 'calibrate' && p.loaded === p.total)
                calibrateSeconds = (performance.now() - start) / 1000;
              if (p.stage === 'session') longTasks ??= stop();
            },
          },
        );
        loaded[dtype] = {
          classifier,
          seconds: (performance.now() - start) / 1000,
          longTasks: longTasks ?? [],
          calibrateSeconds,
        };
      }
      const fp32 = loaded.fp32 as Loaded;
      const int8 = loaded.int8 as Loaded;
      const blobs = await Promise.all(names.map((n) => testkit.blob(`/files/images/${n}`)));
      // The first pass of each is also its warm-up. runtime-node's int8 file on WASM too: it separates what the
      // calibration on other kernels changes from what the int8 kernels themselves change.
      const nodeFile = await swsl.createClassifier(
        { url: '/files/node-int8.onnx' },
        { device: 'wasm', wasmPaths: '/ort/', cache: false, batchSize: batch },
      );
      const answers = { fp32: [] as number[][], int8: [] as number[][], nodeFileOnWasm: [] as number[][] };
      for (const dtype of ['fp32', 'int8', 'nodeFileOnWasm'] as const) {
        const c = dtype === 'fp32' ? fp32.classifier : dtype === 'int8' ? int8.classifier : nodeFile;
        answers[dtype] = (await c.classify(blobs)).map((p) => p.map((x) => x.index));
      }
      await nodeFile.dispose();
      // Inference alone: the pipeline's own runPreprocessed on one ready batch (values do not change the kernels' time).
      const data = new Float32Array(batch * 3 * 224 * 224).map((_, i) => ((i * 2654435761) % 1000) / 500 - 1);
      const ready = { data, dims: [batch, 3, 224, 224] };
      type Run = { runPreprocessed(b: typeof ready): Promise<unknown> };
      const perRound: Record<'fp32' | 'int8', number[]> = { fp32: [], int8: [] };
      const inferenceRound: Record<'fp32' | 'int8', number[]> = { fp32: [], int8: [] };
      for (let round = 0; round < rounds; round++) {
        for (const dtype of ['fp32', 'int8'] as const) {
          const c = dtype === 'fp32' ? fp32.classifier : int8.classifier;
          let start = performance.now();
          await c.classify(blobs);
          perRound[dtype].push(blobs.length / ((performance.now() - start) / 1000));
          start = performance.now();
          for (let i = 0; i < 2; i++) await (c as unknown as Run).runPreprocessed(ready);
          inferenceRound[dtype].push((2 * batch) / ((performance.now() - start) / 1000));
        }
      }
      const info = { fp32: fp32.classifier.info, int8: int8.classifier.info };
      await fp32.classifier.dispose();
      await int8.classifier.dispose();
      return {
        answers,
        perRound,
        inferenceRound,
        info,
        isolated: crossOriginIsolated,
        loads: {
          fp32: { seconds: fp32.seconds, longTasks: fp32.longTasks },
          int8: { seconds: int8.seconds, longTasks: int8.longTasks, calibrateSeconds: int8.calibrateSeconds },
        },
      };
    },
    { names, rounds: ROUNDS, threads: THREADS, batch: BATCH },
  );
  if (!r.isolated || r.info.int8.threads !== THREADS) throw new Error('the page is not cross-origin isolated');

  // 3. Report.
  const same = (a: number[][], b: number[][]) => a.filter((x, i) => JSON.stringify(x) === JSON.stringify(b[i])).length;
  const top1 = (a: number[][], b: number[][]) => a.filter((x, i) => x[0] === b[i]?.[0]).length;
  const ips = { fp32: median(r.perRound.fp32), int8: median(r.perRound.int8) };
  const inf = { fp32: median(r.inferenceRound.fp32), int8: median(r.inferenceRound.int8) };
  const result = {
    benchmark: 'int8 made in the browser (conversion worker) vs runtime-node int8 and WASM fp32',
    model: 'resnet50, oracle-made BN-calibrated checkpoint (seed 1), legacy .pth',
    images: { folder: imagesDir, count: names.length },
    threads: THREADS,
    batch: BATCH,
    rounds: ROUNDS,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model },
    versions: { chromium, node: process.version, onnxruntime: '1.30.0' },
    date: new Date().toISOString(),
    // The question asked: the browser's int8 (WASM) against runtime-node's int8 (CPU) of the same checkpoint …
    browserInt8VsNodeInt8: {
      identicalTop5: same(r.answers.int8, nodeTop5),
      sameTop1: top1(r.answers.int8, nodeTop5),
      of: names.length,
    },
    // … split in two: the same (runtime-node's) file on the two runtimes — the int8 kernels alone …
    nodeFileWasmVsCpu: {
      identicalTop5: same(r.answers.nodeFileOnWasm, nodeTop5),
      sameTop1: top1(r.answers.nodeFileOnWasm, nodeTop5),
      of: names.length,
    },
    // … and the two files on the same runtime (WASM) — the calibration alone.
    browserFileVsNodeFileOnWasm: {
      identicalTop5: same(r.answers.int8, r.answers.nodeFileOnWasm),
      sameTop1: top1(r.answers.int8, r.answers.nodeFileOnWasm),
      of: names.length,
    },
    int8VsFp32InBrowser: { sameTop1: top1(r.answers.int8, r.answers.fp32), of: names.length },
    wasmImagesPerSecond: { fp32: Number(ips.fp32.toFixed(2)), int8: Number(ips.int8.toFixed(2)) },
    int8SpeedupOverFp32: Number((ips.int8 / ips.fp32).toFixed(2)),
    wasmInferenceOnlyImagesPerSecond: { fp32: Number(inf.fp32.toFixed(2)), int8: Number(inf.int8.toFixed(2)) },
    int8InferenceSpeedupOverFp32: Number((inf.int8 / inf.fp32).toFixed(2)),
    loadSeconds: {
      fp32: Number(r.loads.fp32.seconds.toFixed(2)),
      int8: Number(r.loads.int8.seconds.toFixed(2)),
      int8CalibrationDoneAt: Number(r.loads.int8.calibrateSeconds.toFixed(2)),
      nodeInt8Conversion: Number(nodeConvertSeconds.toFixed(2)),
    },
    longestMainThreadTaskWhileConvertingMs: {
      fp32: Math.round(Math.max(0, ...r.loads.fp32.longTasks)),
      int8: Math.round(Math.max(0, ...r.loads.int8.longTasks)),
    },
  };
  console.log(JSON.stringify(result, null, 2));
  const out = join(dir, 'web-int8.json');
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
