// pnpm bench:pipeline — throughput (images/s) on 2 threads, all in one run, on the same oracle-made (BN-calibrated)
// resnet50 checkpoint and the same images:
//   - ours, pipelined: `withPipeline(classifier, {decodeWorkers}).stream(...)` (what `swsl classify` runs), with
//     0 (in-thread), 1 and 2 decode workers;
//   - ours, sequential: `classifier.classify(batch)` batch after batch (what `swsl classify` ran before);
//   - the seed's PyTorch loop: PIL → Resize(256) → CenterCrop(224) → ToTensor → Normalize → model, one image at a time;
//   - PyTorch with a DataLoader(num_workers=2), batches of 8.
// Each is timed over the whole list after a warm-up batch (model load and warm-up excluded); rounds are interleaved
// and the best round is reported (the machine is shared: the best round is the least disturbed). Ratios are against
// our sequential path measured in the same run.
// Images: SWSL_BENCH_IMAGES (default ../shared/images/imagenet-test, 32 real ImageNet JPEGs), repeated
// SWSL_BENCH_REPEAT times (default 4: 128 images); SWSL_BENCH_ROUNDS (default 2). Writes
// .cache/bench/pipeline-resnet50.json (read by the docs' benchmarks page) and artifacts/pipeline-resnet50.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ORACLE_PYTHON, oracleStatus, runOracle } from '@swsl/reference';
import { createClassifier, type PipelineEvent, withPipeline } from '@swsl/runtime-node';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const imagesDir = resolve(process.env.SWSL_BENCH_IMAGES ?? join(root, '../shared/images/imagenet-test'));
const repeat = Number(process.env.SWSL_BENCH_REPEAT ?? 4);
const rounds = Number(process.env.SWSL_BENCH_ROUNDS ?? 2);
const BATCH = 8;
const THREADS = 2;
const WORKERS = [0, 1, 2];
const dir = join(root, '.cache/bench');
mkdirSync(dir, { recursive: true });

const status = oracleStatus();
if (!status.available) {
  console.error(`bench:pipeline needs the PyTorch oracle: ${status.reason}`);
  process.exit(1);
}
if (!existsSync(imagesDir)) {
  console.error(`no images at ${imagesDir}: set SWSL_BENCH_IMAGES`);
  process.exit(1);
}
const distinct = readdirSync(imagesDir)
  .filter((f) => /\.(jpe?g|png)$/i.test(f))
  .sort()
  .map((f) => join(imagesDir, f));
const images = Array.from({ length: repeat }, () => distinct).flat();

const checkpoint = join(dir, 'resnet50.legacy.pth');
if (!existsSync(checkpoint))
  runOracle(['checkpoint', '--arch', 'resnet50', '--format', 'legacy', '--seed', '1', '--out', checkpoint]);
const onnx = join(dir, 'resnet50.legacy.onnx');
if (!existsSync(onnx)) {
  execFileSync(
    process.execPath,
    [join(root, 'packages/cli/dist/bin.js'), 'convert', '--quiet', checkpoint, '--arch', 'resnet50', '-o', onnx],
    { stdio: 'inherit' },
  );
}

const open = () => createClassifier({ onnx }, { device: 'cpu', threads: THREADS, batchSize: BATCH });

interface Run {
  seconds: number;
  top5: number[][];
  /** Pipelined only: how long the session waited for decoding, in all. */
  decodeWaitSeconds?: number;
  batchMs?: number[];
}

async function sequential(): Promise<Run> {
  const classifier = await open();
  try {
    await classifier.classify(images.slice(0, BATCH)); // warm-up
    const top5: number[][] = [];
    const start = performance.now();
    for (let i = 0; i < images.length; i += BATCH) {
      for (const p of await classifier.classify(images.slice(i, i + BATCH))) top5.push(p.map((x) => x.index));
    }
    return { seconds: (performance.now() - start) / 1000, top5 };
  } finally {
    await classifier.dispose();
  }
}

async function pipelined(decodeWorkers: number): Promise<Run> {
  const events: PipelineEvent[] = [];
  const classifier = withPipeline(await open(), { decodeWorkers, onEvent: (e) => events.push(e) });
  try {
    for await (const _ of classifier.stream(images.slice(0, BATCH))) {
      // warm-up: the model's first run and the workers' start
    }
    events.length = 0;
    const top5: number[][] = [];
    const start = performance.now();
    for await (const r of classifier.stream(images)) {
      if ('error' in r) throw new Error(r.error.message);
      top5.push(r.predictions.map((p) => p.index));
    }
    const seconds = (performance.now() - start) / 1000;
    const runs = events.flatMap((e) => (e.type === 'run' ? [e] : []));
    return {
      seconds,
      top5,
      decodeWaitSeconds: runs.reduce((sum, e) => sum + e.waitMs, 0) / 1000,
      batchMs: runs.map((e) => e.runMs),
    };
  } finally {
    await classifier.dispose();
  }
}

function torch(mode: 'seed' | 'dataloader'): Run {
  const out = execFileSync(
    ORACLE_PYTHON,
    [
      join(root, 'packages/cli/bench/pipelined-vs-torch.py'),
      '--checkpoint',
      checkpoint,
      '--arch',
      'resnet50',
      '--mode',
      mode,
      '--batch',
      String(BATCH),
      '--workers',
      '2',
      ...images,
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, SWSL_ORACLE_THREADS: String(THREADS) } },
  );
  const { seconds, top5 } = JSON.parse(out) as { seconds: number; top5: number[][] };
  return { seconds, top5 };
}

const paths: { id: string; name: string; describe: string; run: () => Promise<Run> | Run }[] = [
  {
    id: 'sequential',
    name: 'swsl sequential',
    describe: 'classifier.classify(batch of 8), batch after batch (swsl classify before this change)',
    run: sequential,
  },
  ...WORKERS.map((w) => ({
    id: `pipelined-${w}`,
    name: `swsl pipelined, ${w} decode worker${w === 1 ? '' : 's'}`,
    describe: `withPipeline(classifier, { decodeWorkers: ${w} }).stream(images), batches of 8`,
    run: () => pipelined(w),
  })),
  {
    id: 'torch-seed',
    name: "PyTorch, the seed's loop",
    describe: 'PIL + torchvision transforms + model, one image at a time',
    run: () => torch('seed'),
  },
  {
    id: 'torch-dataloader',
    name: 'PyTorch, DataLoader(num_workers=2)',
    describe: 'the same transforms in 2 worker processes, batches of 8',
    run: () => torch('dataloader'),
  },
];

const measured = new Map<string, Run[]>(paths.map((p) => [p.name, []]));
for (let round = 1; round <= rounds; round++) {
  for (const p of paths) {
    const run = await p.run();
    measured.get(p.name)?.push(run);
    console.error(`round ${round}: ${p.name}: ${(images.length / run.seconds).toFixed(2)} images/s`);
  }
}

const best = (name: string) => (measured.get(name) ?? []).reduce((a, b) => (b.seconds < a.seconds ? b : a));
const baseline = images.length / best('swsl sequential').seconds;
const torchSeed = best("PyTorch, the seed's loop").top5;
const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const results = paths.map((p) => {
  const run = best(p.name);
  const imagesPerSecond = images.length / run.seconds;
  const agree = run.top5.filter((t, i) => t.join() === torchSeed[i]?.join()).length;
  return {
    id: p.id,
    name: p.name,
    what: p.describe,
    imagesPerSecond,
    ratioVsSequential: imagesPerSecond / baseline,
    roundsSeconds: (measured.get(p.name) ?? []).map((r) => r.seconds),
    top5IdenticalToSeed: `${agree}/${images.length}`,
    ...(run.decodeWaitSeconds !== undefined ? { sessionWaitedForDecodeSeconds: run.decodeWaitSeconds } : {}),
    ...(run.batchMs ? { batchMsP50: percentile(run.batchMs, 0.5), batchMsP95: percentile(run.batchMs, 0.95) } : {}),
  };
});
const cpu = cpus();
const result = {
  model: 'resnet50 (oracle-made, BN-calibrated, seed 1), fp32, CPU',
  images: images.length,
  distinctImages: distinct.length,
  imagesFrom: relative(root, imagesDir),
  batch: BATCH,
  threads: THREADS,
  rounds,
  machine: { cpus: cpu.length, cpuModel: cpu[0]?.model ?? '?' },
  results,
};
const json = `${JSON.stringify(result, null, 2)}\n`;
writeFileSync(join(dir, 'pipeline-resnet50.json'), json);
mkdirSync(join(root, 'artifacts'), { recursive: true });
writeFileSync(join(root, 'artifacts/pipeline-resnet50.json'), json);

console.log(
  `\n${images.length} images (${distinct.length} distinct × ${repeat}) from ${imagesDir}; resnet50, batch ${BATCH}, ${THREADS} threads, best of ${rounds} round(s)\n`,
);
console.log('| path | images/s | × sequential | session waited for decoding | top-5 = seed |');
console.log('|---|---:|---:|---:|---:|');
for (const r of results) {
  const waited = 'sessionWaitedForDecodeSeconds' in r ? `${r.sessionWaitedForDecodeSeconds?.toFixed(2)} s` : '—';
  console.log(
    `| ${r.name} | ${r.imagesPerSecond.toFixed(2)} | ${r.ratioVsSequential.toFixed(2)}× | ${waited} | ${r.top5IdenticalToSeed} |`,
  );
}
