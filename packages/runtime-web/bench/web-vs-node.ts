// pnpm bench:web — ms per image for resnet50 (random weights from the oracle, converted with @swsl/convert), image
// bytes in memory → top-5, one image per call: runtime-web on WASM in headless Chromium (cross-origin isolated
// page, 1 and 2 threads) against runtime-node on CPU (1 and 2 threads), same model, same images, same run.
// Writes .cache/bench/web.json (the docs site's benchmark page reads it).
// Env: SWSL_BENCH_ROUNDS (timed rounds over the images, default 5), SWSL_BENCH_DIR (default .cache/bench),
// CHROMIUM_PATH (default /usr/bin/chromium).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium } from '@swsl/browser-harness';
import { convertFile } from '@swsl/convert/node';
import { oracleStatus, runOracle } from '@swsl/reference';
import { createClassifier } from '@swsl/runtime-node';
import { bundleTestPage } from '../src/test-support/bundle.js';
import type { PageGlobals } from '../src/test-support/page.js';
import { REPO_ROOT, samplePath } from '../src/test-support/paths.js';
import { startTestServer } from '../src/test-support/server.js';

const ROUNDS = Number(process.env.SWSL_BENCH_ROUNDS ?? 5);
const WARMUP = 2;
const IMAGES = ['chelsea.jpg', 'coffee.jpg', 'rocket.jpg'];
const dir = resolve(process.env.SWSL_BENCH_DIR ?? join(REPO_ROOT, '.cache/bench'));
mkdirSync(dir, { recursive: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

// 1. The model: an oracle-made resnet50 checkpoint (legacy format, as the official files), converted once.
const checkpoint = join(dir, 'resnet50.legacy.pth');
const onnxPath = join(dir, 'resnet50.swsl.onnx');
if (!existsSync(onnxPath)) {
  if (!existsSync(checkpoint)) {
    const status = oracleStatus();
    if (!status.available)
      throw new Error(`bench:web needs the PyTorch oracle once, to make ${checkpoint}: ${status.reason}`);
    console.error(`generating ${checkpoint} with the oracle (once)…`);
    runOracle(['checkpoint', '--arch', 'resnet50', '--format', 'legacy', '--seed', '1', '--out', checkpoint]);
  }
  console.error(`converting to ${onnxPath} (once)…`);
  await convertFile(checkpoint, onnxPath);
}
const images = IMAGES.map((name) => new Uint8Array(readFileSync(samplePath(name))));

// 2. runtime-node, CPU, 1 and 2 intra-op threads.
type Result = { runtime: string; threads: number; msPerImage: number; top5: number[][] };
const results: Result[] = [];
for (const threads of [1, 2]) {
  const classifier = await createClassifier({ onnx: onnxPath }, { device: 'cpu', threads, batchSize: 1 });
  for (let i = 0; i < WARMUP; i++) for (const image of images) await classifier.classify(image);
  const perRound: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    for (const image of images) await classifier.classify(image);
    perRound.push((performance.now() - start) / images.length);
  }
  const top5 = (await classifier.classify(images)).map((p) => p.map((x) => x.index));
  await classifier.dispose();
  results.push({ runtime: 'runtime-node (onnxruntime-node CPU)', threads, msPerImage: median(perRound), top5 });
  console.error(`node ${threads} thread(s): ${results.at(-1)?.msPerImage.toFixed(1)} ms/image`);
}

// 3. runtime-web, WASM, in a fresh cross-origin isolated page per thread count (onnxruntime-web fixes its thread
//    count when it starts, once per page).
const work = mkdtempSync(join(tmpdir(), 'swsl-bench-web-'));
await bundleTestPage(work);
const files = { 'resnet50.onnx': onnxPath, ...Object.fromEntries(IMAGES.map((n) => [n, samplePath(n)])) };
const server = await startTestServer(work, files);
const browser = await launchChromium();
let chromiumVersion = '';
try {
  chromiumVersion = browser.version();
  for (const threads of [1, 2]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => 'swsl' in globalThis);
    const r = await page.evaluate(
      async ({ threads, names, rounds, warmup }) => {
        const { swsl, testkit } = globalThis as unknown as PageGlobals;
        const classifier = await swsl.createClassifier(
          { url: '/files/resnet50.onnx' },
          { device: 'wasm', numThreads: threads, wasmPaths: '/ort/', cache: false, batchSize: 1 },
        );
        const blobs = await Promise.all(names.map((n) => testkit.blob(`/files/${n}`)));
        for (let i = 0; i < warmup; i++) for (const blob of blobs) await classifier.classify(blob);
        const perRound: number[] = [];
        for (let round = 0; round < rounds; round++) {
          const start = performance.now();
          for (const blob of blobs) await classifier.classify(blob);
          perRound.push((performance.now() - start) / blobs.length);
        }
        const top5 = (await classifier.classify(blobs)).map((p) => p.map((x) => x.index));
        const info = classifier.info;
        await classifier.dispose();
        return { perRound, top5, info, isolated: crossOriginIsolated };
      },
      { threads, names: IMAGES, rounds: ROUNDS, warmup: WARMUP },
    );
    await context.close();
    if (!r.isolated || r.info.threads !== threads) {
      throw new Error(`page not set up as asked: isolated=${r.isolated}, threads=${r.info.threads} (asked ${threads})`);
    }
    results.push({
      runtime: 'runtime-web (onnxruntime-web WASM)',
      threads,
      msPerImage: median(r.perRound),
      top5: r.top5,
    });
    console.error(`web  ${threads} thread(s): ${results.at(-1)?.msPerImage.toFixed(1)} ms/image`);
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(work, { recursive: true, force: true });
}

// 4. Report.
const node = (threads: number) => results.find((r) => r.runtime.startsWith('runtime-node') && r.threads === threads);
const sameTop5 = results.every((r) => JSON.stringify(r.top5) === JSON.stringify(results[0]?.top5));
const rows = results.map((r) => ({
  runtime: r.runtime,
  threads: r.threads,
  'ms/image': Number(r.msPerImage.toFixed(1)),
  'ratio vs node, same threads': Number((r.msPerImage / (node(r.threads)?.msPerImage as number)).toFixed(2)),
  'ratio vs node 2 threads': Number((r.msPerImage / (node(2)?.msPerImage as number)).toFixed(2)),
}));
console.log(
  `\nresnet50 (25.6M params), ${IMAGES.length} images (${IMAGES.join(', ')}), one per call, bytes → top-5 ` +
    `(decode + preprocess + inference), median of ${ROUNDS} rounds after ${WARMUP} warm-up; ${cpus().length} CPUs ` +
    `(${cpus()[0]?.model}); Chromium ${chromiumVersion}, Node ${process.version}, onnxruntime 1.30.0`,
);
console.table(rows);
console.log(`top-5 identical across all runs: ${sameTop5}`);

const out = join(dir, 'web.json');
writeFileSync(
  out,
  `${JSON.stringify(
    {
      benchmark: 'runtime-web WASM vs runtime-node CPU',
      model: 'resnet50 (oracle-made random weights, converted by @swsl/convert, fp32)',
      images: IMAGES,
      measure: 'ms per image, bytes in memory → top-5, one image per classify() call, median of rounds',
      rounds: ROUNDS,
      warmup: WARMUP,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model },
      versions: { chromium: chromiumVersion, node: process.version, onnxruntime: '1.30.0' },
      date: new Date().toISOString(),
      top5IdenticalAcrossRuns: sameTop5,
      results: results.map((r) => ({
        runtime: r.runtime,
        device: r.runtime.startsWith('runtime-node') ? 'cpu' : 'wasm',
        threads: r.threads,
        msPerImage: Number(r.msPerImage.toFixed(1)),
        ratioVsNodeSameThreads: Number((r.msPerImage / (node(r.threads)?.msPerImage as number)).toFixed(2)),
        ratioVsNode2Threads: Number((r.msPerImage / (node(2)?.msPerImage as number)).toFixed(2)),
      })),
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${out}`);
