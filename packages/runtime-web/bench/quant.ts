// pnpm bench:quant — what int8 and w8 cost and buy, per architecture, against fp32 in the same run:
// file size, logits cosine / top-1 agreement / top-5 overlap with fp32 over ../shared/images/imagenet-test (the 32
// real ImageNet JPEGs; SWSL_BENCH_IMAGES to change), inference throughput on runtime-node CPU (2 threads, batch 1
// and 8) and on onnxruntime-web WASM in headless Chromium (1 and 2 threads, batch 1), and, for resnet18 and resnet50,
// the int8 range-method study (min-max, percentiles, entropy) behind the default.
// Models: oracle-made, BN-calibrated checkpoints (seed 1), converted by @swsl/convert; int8/w8 calibrated on the
// built-in CC0 photos. Throughput is session.run on preprocessed tensors (the same for every dtype), the dtypes
// interleaved round by round so a noisy neighbour hits all of them alike; the median round counts.
// Env: SWSL_BENCH_ARCHS (comma list, default all 6), SWSL_BENCH_WASM_ARCHS (default resnet18,resnet50),
// SWSL_BENCH_METHOD_ARCHS (default resnet18,resnet50), SWSL_BENCH_ROUNDS (default 5), SWSL_BENCH_DIR.
// Writes .cache/bench/quant.json (the docs' benchmark page renders it).
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium } from '@swsl/browser-harness';
import { convertCheckpoint } from '@swsl/convert';
import type { Dtype, RangeMethod } from '@swsl/core';
import { preprocessBatch } from '@swsl/preprocess/node';
import { oracleStatus, runOracle } from '@swsl/reference';
import { createSession, nodeConverter } from '@swsl/runtime-node';
import { Tensor } from 'onnxruntime-common';
import { bundleTestPage } from '../src/test-support/bundle.js';
import type { PageGlobals } from '../src/test-support/page.js';
import { REPO_ROOT } from '../src/test-support/paths.js';
import { startTestServer } from '../src/test-support/server.js';

const ALL_ARCHS = [
  'resnet18',
  'resnet50',
  'resnext50_32x4d',
  'resnext101_32x4d',
  'resnext101_32x8d',
  'resnext101_32x16d',
];
const list = (name: string, fallback: string[]) => process.env[name]?.split(',').filter(Boolean) ?? fallback;
const ARCHS = list('SWSL_BENCH_ARCHS', ALL_ARCHS);
const WASM_ARCHS = list('SWSL_BENCH_WASM_ARCHS', ['resnet18', 'resnet50']).filter((a) => ARCHS.includes(a));
const METHOD_ARCHS = list('SWSL_BENCH_METHOD_ARCHS', ['resnet18', 'resnet50']).filter((a) => ARCHS.includes(a));
const ROUNDS = Number(process.env.SWSL_BENCH_ROUNDS ?? 5);
const DTYPES = ['fp32', 'w8', 'int8'] as const;
type BenchDtype = (typeof DTYPES)[number];
const METHODS: { label: string; method: RangeMethod; percentile?: number }[] = [
  { label: 'minmax', method: 'minmax' },
  { label: 'percentile:99.9', method: 'percentile', percentile: 99.9 },
  { label: 'percentile:99.99', method: 'percentile', percentile: 99.99 },
  { label: 'percentile:99.999', method: 'percentile', percentile: 99.999 },
  { label: 'entropy', method: 'entropy' },
];

const dir = resolve(process.env.SWSL_BENCH_DIR ?? join(REPO_ROOT, '.cache/bench'));
const modelDir = join(dir, 'quant');
mkdirSync(modelDir, { recursive: true });
const imagesDir = resolve(process.env.SWSL_BENCH_IMAGES ?? join(REPO_ROOT, '../shared/images/imagenet-test'));
if (!existsSync(imagesDir)) throw new Error(`no images at ${imagesDir}: set SWSL_BENCH_IMAGES`);
const images = readdirSync(imagesDir)
  .filter((f) => /\.(jpe?g|png)$/i.test(f))
  .sort()
  .map((f) => join(imagesDir, f));
const log = (line: string) => console.error(line);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

// 1. The 32 images, preprocessed once (batches of 8), the same tensors for every model.
const batches = [];
for (let i = 0; i < images.length; i += 8) batches.push(await preprocessBatch(images.slice(i, i + 8)));

function checkpointFor(arch: string): string {
  const path = join(modelDir, `${arch}.pth`);
  if (!existsSync(path)) {
    const status = oracleStatus();
    if (!status.available) throw new Error(`bench:quant needs the PyTorch oracle to make ${path}: ${status.reason}`);
    log(`${arch}: generating a BN-calibrated checkpoint with the oracle (once)…`);
    runOracle(['checkpoint', '--arch', arch, '--format', 'legacy', '--seed', '1', '--out', path], {
      timeoutMs: 20 * 60_000,
    });
  }
  return path;
}

async function convertTo(arch: string, dtype: BenchDtype, method?: (typeof METHODS)[number]): Promise<string> {
  const path = join(modelDir, `${arch}-${dtype}${method ? `-${method.label.replace(':', '')}` : ''}.onnx`);
  if (existsSync(path)) return path;
  const bytes = new Uint8Array(readFileSync(checkpointFor(arch)));
  const started = performance.now();
  const convert = nodeConverter(
    method ? { method: method.method, ...(method.percentile ? { percentile: method.percentile } : {}) } : {},
  );
  const { onnx } = dtype === 'fp32' ? await convertCheckpoint(bytes) : await convert(bytes, { dtype });
  writeFileSync(path, onnx);
  log(
    `${arch}: ${dtype}${method ? ` (${method.label})` : ''} converted in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return path;
}

/** runtime-node's own CPU session (2 threads), with the options each dtype needs (sessionConfigFor). */
const session = async (path: string, dtype: Dtype) =>
  (await createSession(new Uint8Array(readFileSync(path)), { device: 'cpu', threads: 2, dtype })).session;

async function logitsOf(path: string, dtype: Dtype): Promise<Float32Array[]> {
  const s = await session(path, dtype);
  const rows: Float32Array[] = [];
  for (const b of batches) {
    const out = await s.run({ input: new Tensor('float32', b.data, [...b.dims]) });
    const logits = out.logits?.data as Float32Array;
    const classes = logits.length / b.dims[0];
    for (let i = 0; i < b.dims[0]; i++) rows.push(logits.slice(i * classes, (i + 1) * classes));
  }
  await s.release();
  return rows;
}

const top = (row: Float32Array, k: number) =>
  Array.from(row.keys())
    .sort((a, b) => (row[b] as number) - (row[a] as number))
    .slice(0, k);
function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] as number) * (b[i] as number);
    aa += (a[i] as number) ** 2;
    bb += (b[i] as number) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}
function agreement(rows: Float32Array[], reference: Float32Array[]) {
  const cos = rows.map((r, i) => cosine(r, reference[i] as Float32Array));
  const top1 = rows.filter((r, i) => top(r, 1)[0] === top(reference[i] as Float32Array, 1)[0]).length / rows.length;
  const overlap =
    rows.reduce((sum, r, i) => {
      const ref = new Set(top(reference[i] as Float32Array, 5));
      return sum + top(r, 5).filter((c) => ref.has(c)).length / 5;
    }, 0) / rows.length;
  return {
    cosineMean: cos.reduce((a, b) => a + b, 0) / cos.length,
    cosineMin: Math.min(...cos),
    top1Agreement: top1,
    top5Overlap: overlap,
  };
}

/** Images/s of each dtype at one batch size, rounds interleaved across dtypes; median round. */
async function nodeThroughput(paths: Record<BenchDtype, string>, batch: number) {
  const sessions = await Promise.all(DTYPES.map((d) => session(paths[d], d)));
  // The first `batch` images of the first preprocessed batch of 8.
  const data = (batches[0] as (typeof batches)[number]).data.subarray(0, batch * 3 * 224 * 224);
  const tensor = new Tensor('float32', data, [batch, 3, 224, 224]);
  const runsPerRound = batch === 1 ? 8 : 2;
  const perRound: number[][] = DTYPES.map(() => []);
  for (const s of sessions) await s.run({ input: tensor }); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, s] of sessions.entries()) {
      const started = performance.now();
      for (let k = 0; k < runsPerRound; k++) await s.run({ input: tensor });
      perRound[i]?.push((runsPerRound * batch) / ((performance.now() - started) / 1000));
    }
  }
  for (const s of sessions) await s.release();
  return Object.fromEntries(DTYPES.map((d, i) => [d, median(perRound[i] as number[])])) as Record<BenchDtype, number>;
}

// 2. Per architecture: sizes, agreement with fp32, node throughput.
const results = [];
for (const arch of ARCHS) {
  const paths = {} as Record<BenchDtype, string>;
  for (const d of DTYPES) paths[d] = await convertTo(arch, d);
  const fp32 = await logitsOf(paths.fp32, 'fp32');
  const row: Record<string, unknown> = { arch, bytes: {}, agreement: {}, node: {} };
  for (const d of DTYPES) {
    (row.bytes as Record<string, number>)[d] = statSync(paths[d]).size;
    if (d !== 'fp32') (row.agreement as Record<string, unknown>)[d] = agreement(await logitsOf(paths[d], d), fp32);
  }
  for (const batch of [1, 8]) {
    const ips = await nodeThroughput(paths, batch);
    (row.node as Record<string, unknown>)[`batch${batch}`] = Object.fromEntries(
      DTYPES.map((d) => [d, { imagesPerSecond: ips[d], ratioVsFp32: ips[d] / ips.fp32 }]),
    );
  }
  log(`${arch}: ${JSON.stringify(row)}`);
  results.push(row);
}

// 3. The range-method study: int8 made with each method, agreement with fp32.
const methodStudy = [];
for (const arch of METHOD_ARCHS) {
  const fp32 = await logitsOf(await convertTo(arch, 'fp32'), 'fp32');
  for (const m of METHODS) {
    const path = await convertTo(arch, 'int8', m);
    methodStudy.push({ arch, method: m.label, ...agreement(await logitsOf(path, 'int8'), fp32) });
    log(`${arch} int8 ${m.label}: ${JSON.stringify(methodStudy.at(-1))}`);
  }
}

// 4. onnxruntime-web WASM in Chromium: batch 1, 1 and 2 threads, dtypes interleaved in one page per thread count.
const wasm: Record<string, unknown>[] = [];
let chromiumVersion = '';
if (WASM_ARCHS.length) {
  const work = mkdtempSync(join(tmpdir(), 'swsl-bench-quant-'));
  await bundleTestPage(work);
  const files: Record<string, string> = {};
  for (const arch of WASM_ARCHS)
    for (const d of DTYPES) files[`${arch}-${d}.onnx`] = join(modelDir, `${arch}-${d}.onnx`);
  const server = await startTestServer(work, files);
  const browser = await launchChromium();
  try {
    chromiumVersion = browser.version();
    for (const threads of [1, 2]) {
      for (const arch of WASM_ARCHS) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${server.origin}/`);
        await page.waitForFunction(() => 'ort' in globalThis);
        const r = await page.evaluate(
          async ({ arch, threads, dtypes, rounds }) => {
            const { ort, swsl } = globalThis as unknown as PageGlobals;
            ort.env.wasm.numThreads = threads;
            ort.env.wasm.wasmPaths = '/ort/';
            const input = new ort.Tensor('float32', new Float32Array(3 * 224 * 224).fill(0.5), [1, 3, 224, 224]);
            const sessions = [];
            for (const d of dtypes) {
              sessions.push(
                await ort.InferenceSession.create(`/files/${arch}-${d}.onnx`, {
                  executionProviders: ['wasm'],
                  graphOptimizationLevel: 'all',
                  ...swsl.sessionConfigFor(d),
                }),
              );
            }
            for (const s of sessions) await s.run({ input });
            const perRound: number[][] = dtypes.map(() => []);
            for (let round = 0; round < rounds; round++) {
              for (const [i, s] of sessions.entries()) {
                const started = performance.now();
                for (let k = 0; k < 3; k++) await s.run({ input });
                perRound[i]?.push(3 / ((performance.now() - started) / 1000));
              }
            }
            return { perRound, threads: ort.env.wasm.numThreads, isolated: crossOriginIsolated };
          },
          { arch, threads, dtypes: [...DTYPES], rounds: ROUNDS },
        );
        await context.close();
        if (!r.isolated || r.threads !== threads) throw new Error(`page not set up: ${JSON.stringify(r)}`);
        const ips = Object.fromEntries(DTYPES.map((d, i) => [d, median(r.perRound[i] as number[])]));
        wasm.push({
          arch,
          threads,
          ...Object.fromEntries(
            DTYPES.map((d) => [d, { imagesPerSecond: ips[d], ratioVsFp32: (ips[d] as number) / (ips.fp32 as number) }]),
          ),
        });
        log(`wasm ${arch} ${threads} thread(s): ${JSON.stringify(wasm.at(-1))}`);
      }
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

// 5. Report.
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(
  `\n${images.length} images (${imagesDir}); ${cpus().length} × ${cpus()[0]?.model}; Node ${process.version}, onnxruntime 1.30.0${chromiumVersion ? `, Chromium ${chromiumVersion}` : ''}; median of ${ROUNDS} interleaved rounds`,
);
console.table(
  results.flatMap((r) =>
    DTYPES.map((d) => {
      const a = (r.agreement as Record<string, ReturnType<typeof agreement>>)[d];
      const node = r.node as Record<string, Record<string, { imagesPerSecond: number; ratioVsFp32: number }>>;
      const bytes = r.bytes as Record<string, number>;
      return {
        arch: r.arch,
        dtype: d,
        MB: Number(((bytes[d] as number) / 1e6).toFixed(1)),
        'size vs fp32': Number(((bytes[d] as number) / (bytes.fp32 as number)).toFixed(3)),
        'cos mean': a ? Number(a.cosineMean.toFixed(5)) : 1,
        'cos min': a ? Number(a.cosineMin.toFixed(5)) : 1,
        'top-1 agree': a ? pct(a.top1Agreement) : '100%',
        'top-5 overlap': a ? pct(a.top5Overlap) : '100%',
        'node b1 img/s': Number(node.batch1?.[d]?.imagesPerSecond.toFixed(1)),
        'node b1 ×fp32': Number(node.batch1?.[d]?.ratioVsFp32.toFixed(2)),
        'node b8 img/s': Number(node.batch8?.[d]?.imagesPerSecond.toFixed(1)),
        'node b8 ×fp32': Number(node.batch8?.[d]?.ratioVsFp32.toFixed(2)),
      };
    }),
  ),
);
if (wasm.length) {
  console.table(
    wasm.flatMap((w) =>
      DTYPES.map((d) => {
        const v = w[d] as { imagesPerSecond: number; ratioVsFp32: number };
        return {
          arch: w.arch,
          threads: w.threads,
          dtype: d,
          'img/s': Number(v.imagesPerSecond.toFixed(2)),
          '×fp32': Number(v.ratioVsFp32.toFixed(2)),
        };
      }),
    ),
  );
}
if (methodStudy.length) console.table(methodStudy);

const out = join(dir, 'quant.json');
writeFileSync(
  out,
  `${JSON.stringify(
    {
      benchmark: 'int8 and w8 against fp32',
      models:
        'oracle-made BN-calibrated checkpoints (seed 1), converted by @swsl/convert; int8/w8 calibrated on the 11 built-in CC0 photos',
      images: { count: images.length, dir: imagesDir },
      measure:
        'agreement: logits of each dtype vs fp32 on the images; throughput: onnxruntime session.run on preprocessed 224×224 tensors, images/s, median of interleaved rounds',
      rounds: ROUNDS,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model },
      versions: {
        node: process.version,
        onnxruntime: '1.30.0',
        ...(chromiumVersion ? { chromium: chromiumVersion } : {}),
      },
      date: new Date().toISOString(),
      results,
      wasm,
      methodStudy,
    },
    null,
    2,
  )}\n`,
);
console.error(`wrote ${out}`);
