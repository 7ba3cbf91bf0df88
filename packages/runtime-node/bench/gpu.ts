// pnpm bench:gpu — the prepared device check. Runs `swsl doctor`, then resnet50 (random weights made here: no
// download, no oracle) at batch 1/8/64 on every device that loads (webgpu, cuda, cpu), checks each image's top-5
// against the CPU provider, and writes images/s and p50 latency of `session.run` to .cache/bench/gpu.json.
// Meant for a machine with a GPU; on one without, it measures the CPU and, if asked for, a software adapter.
// Env: SWSL_BENCH_DIR (default .cache/bench), SWSL_BENCH_BATCHES (default 1,8,64), SWSL_BENCH_SECONDS (timed
// seconds per device × batch, default 10; at least 3 runs, at most 50), SWSL_BENCH_DEVICES (default webgpu,cuda,cpu).
// A software WebGPU adapter (SwiftShader via VK_ICD_FILENAMES: ≈ 1–1.5 min per resnet50 image here) runs batch 1
// once, without a warm-up (its time includes compiling the shaders): it proves the path and its parity, it is no
// benchmark, and it keeps the whole run under 5 minutes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertCheckpoint } from '@swsl/convert';
import { preprocessBatch } from '@swsl/preprocess/node';
import { ARCHS, bottleneckWidth, IMAGENET_EVAL_PREPROCESSING, stagePlanes } from '@swsl/registry';
import * as ort from 'onnxruntime-node';
import { createSession, type NodeDevice } from '../src/device.js';
import { listWebGpuAdapters } from '../src/webgpu-adapters.js';

const started = performance.now();
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = resolve(process.env.SWSL_BENCH_DIR ?? join(REPO, '.cache/bench'));
mkdirSync(dir, { recursive: true });
const BATCHES = (process.env.SWSL_BENCH_BATCHES ?? '1,8,64').split(',').map(Number);
const SECONDS = Number(process.env.SWSL_BENCH_SECONDS ?? 10);
const DEVICES = (process.env.SWSL_BENCH_DEVICES ?? 'webgpu,cuda,cpu').split(',') as NodeDevice[];
const log = (text: string) => process.stderr.write(`${text}\n`);

// 1. What the machine can run, as a user would ask it.
const bin = join(REPO, 'packages/cli/dist/bin.js');
const doctorArgs = [bin, 'doctor', '--offline'];
log(execFileSync(process.execPath, doctorArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const doctor = JSON.parse(execFileSync(process.execPath, [...doctorArgs, '--json'], { encoding: 'utf8' }));

// 2. resnet50 with seeded random weights, as a safetensors state dict under torchvision's names, converted by swsl.
function randomResnet50(seed: number): Uint8Array {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
  const tensors: [string, number[], Float32Array][] = [];
  const conv = (name: string, shape: number[]) => {
    const fanIn = shape[1]! * shape[2]! * shape[3]!;
    const data = new Float32Array(shape.reduce((a, b) => a * b));
    const std = Math.sqrt(2 / fanIn); // He init: activations keep their scale through ReLU
    for (let i = 0; i < data.length; i++) data[i] = normal() * std;
    tensors.push([name, shape, data]);
  };
  // Identity batch norm (running mean 0, var 1) with a damped last BN per block, so 16 residual additions stay tame.
  const bn = (name: string, c: number, gamma: number) => {
    tensors.push([`${name}.weight`, [c], new Float32Array(c).fill(gamma)]);
    tensors.push([`${name}.bias`, [c], new Float32Array(c).map(() => normal() * 0.05)]);
    tensors.push([`${name}.running_mean`, [c], new Float32Array(c)]);
    tensors.push([`${name}.running_var`, [c], new Float32Array(c).fill(1)]);
  };
  const spec = ARCHS.resnet50;
  conv('conv1.weight', [64, 3, 7, 7]);
  bn('bn1', 64, 1);
  let inplanes = 64;
  for (let stage = 0; stage < 4; stage++) {
    const planes = stagePlanes(spec, stage);
    const width = bottleneckWidth(spec, stage);
    for (let b = 0; b < spec.layers[stage]!; b++) {
      const p = `layer${stage + 1}.${b}`;
      conv(`${p}.conv1.weight`, [width, inplanes, 1, 1]);
      bn(`${p}.bn1`, width, 1);
      conv(`${p}.conv2.weight`, [width, width / spec.groups, 3, 3]);
      bn(`${p}.bn2`, width, 1);
      conv(`${p}.conv3.weight`, [planes * 4, width, 1, 1]);
      bn(`${p}.bn3`, planes * 4, 0.3);
      if (b === 0) {
        conv(`${p}.downsample.0.weight`, [planes * 4, inplanes, 1, 1]);
        bn(`${p}.downsample.1`, planes * 4, 1);
      }
      inplanes = planes * 4;
    }
  }
  const fc = new Float32Array(1000 * 2048).map(() => normal() / Math.sqrt(2048));
  tensors.push(['fc.weight', [1000, 2048], fc], ['fc.bias', [1000], new Float32Array(1000)]);
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, shape, data] of tensors) {
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  const json = new TextEncoder().encode(
    JSON.stringify(header).padEnd(8 * Math.ceil(JSON.stringify(header).length / 8)),
  );
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const [, , data] of tensors) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    at += data.byteLength;
  }
  return out;
}

const onnxPath = join(dir, 'resnet50-random-seed1.onnx');
if (!existsSync(onnxPath)) {
  log(`making ${onnxPath} (random resnet50, once)…`);
  writeFileSync(onnxPath, (await convertCheckpoint(randomResnet50(1), { arch: 'resnet50' })).onnx);
}
const model = new Uint8Array(readFileSync(onnxPath));

// 3. Inputs: the committed samples, preprocessed once, repeated up to the largest batch.
const samples = ['chelsea.jpg', 'coffee.jpg', 'rocket.jpg'].map((n) => readFileSync(join(REPO, 'samples', n)));
const pre = await preprocessBatch(samples, { spec: IMAGENET_EVAL_PREPROCESSING });
const perImage = 3 * 224 * 224;
const batchInput = (n: number) => {
  const data = new Float32Array(n * perImage);
  for (let i = 0; i < n; i++) data.set(pre.data.subarray((i % 3) * perImage, ((i % 3) + 1) * perImage), i * perImage);
  return new ort.Tensor('float32', data, [n, 3, 224, 224]);
};

const topK = (logits: Float32Array, image: number, k = 5) =>
  [...logits.subarray(image * 1000, (image + 1) * 1000)]
    .map((v, i) => [v, i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, k);

// 4. Each device × batch: one warm-up run, then timed runs; the CPU provider's logits are the reference.
interface Row {
  device: string;
  adapter?: string;
  software?: boolean;
  batch: number;
  runs: number;
  p50Ms: number;
  imagesPerSecond: number;
  /** Every image's top-5 indices equal the CPU provider's, in order. */
  top5Equal: boolean;
  /** Where they differ, the swapped classes' CPU logits were within 1e-3 of each other (a near-tie). */
  top5WithinTies: boolean;
  maxAbsLogitDiff: number;
  note?: string;
  /** The first image's top-5 on this device: [class, logit]. */
  firstTop5: (readonly [number, number])[];
}
const rows: Row[] = [];
const skipped: { device: string; reason: string }[] = [];
const reference = new Map<number, Float32Array>();
// The CPU provider first: it is the reference the others are compared with.
for (const device of ['cpu', ...DEVICES.filter((d) => d !== 'cpu')] as NodeDevice[]) {
  let software = false;
  if (device === 'webgpu') {
    const first = (await listWebGpuAdapters().catch(() => ({ adapters: [] }))).adapters[0];
    if (!first) {
      skipped.push({ device, reason: 'no WebGPU adapter (see doctor)' });
      log('webgpu: no adapter (see doctor above)');
      continue;
    }
    software = first.software !== undefined;
  }
  let chosen: Awaited<ReturnType<typeof createSession>>;
  try {
    chosen = await createSession(model, { device, name: onnxPath, threads: availableParallelism() });
  } catch (error) {
    skipped.push({ device, reason: (error as Error).message.split('\n')[0] ?? String(error) });
    log(`${device}: does not load (${skipped.at(-1)?.reason})`);
    continue;
  }
  const { session } = chosen;
  const batches = software ? [1] : BATCHES;
  for (const batch of batches) {
    const feeds = { [session.inputNames[0]!]: batchInput(batch) };
    const logitsName = session.outputNames.includes('logits') ? 'logits' : session.outputNames[0]!;
    const warm = performance.now();
    const out = (await session.run(feeds))[logitsName]!.data as Float32Array;
    const warmMs = performance.now() - warm;
    const times: number[] = software ? [warmMs] : [];
    const budget = performance.now() + SECONDS * 1000;
    const maxRuns = software ? 1 : 50;
    while (times.length < maxRuns && (times.length < 3 || performance.now() < budget)) {
      const t = performance.now();
      await session.run(feeds);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length / 2)]!;
    if (device === 'cpu') reference.set(batch, out);
    const ref = reference.get(batch) ?? reference.get(1);
    let top5Equal = true;
    let top5WithinTies = true;
    let maxDiff = 0;
    const compared = Math.min(batch, ref ? ref.length / 1000 : 0);
    for (let i = 0; i < compared && ref; i++) {
      const mine = topK(out, i).map(([, c]) => c);
      const theirs = topK(ref, i);
      if (mine.join() !== theirs.map(([, c]) => c).join()) {
        top5Equal = false;
        const refLogit = (c: number) => ref[i * 1000 + c]!;
        top5WithinTies &&= mine.every((c, k) => Math.abs(refLogit(c) - theirs[k]![0]) < 1e-3);
      }
      for (let j = 0; j < 1000; j++) maxDiff = Math.max(maxDiff, Math.abs(out[i * 1000 + j]! - ref[i * 1000 + j]!));
    }
    rows.push({
      device: chosen.device,
      ...(chosen.adapter ? { adapter: chosen.adapter } : {}),
      ...(software ? { software } : {}),
      batch,
      runs: times.length,
      p50Ms: Math.round(p50 * 10) / 10,
      imagesPerSecond: Number(((batch / p50) * 1000).toPrecision(3)),
      ...(software ? { note: 'one run, no warm-up: includes shader compilation' } : {}),
      top5Equal,
      top5WithinTies,
      maxAbsLogitDiff: maxDiff,
      firstTop5: topK(out, 0).map(([v, c]) => [c, Math.round(v * 1e4) / 1e4] as const),
    });
    log(
      `${chosen.device}${software ? ' (software adapter)' : ''} batch ${batch}: p50 ${p50.toFixed(1)} ms, ` +
        `${((batch / p50) * 1000).toPrecision(3)} images/s (${software ? '1 run, no warm-up' : `${times.length} runs; warm-up ${warmMs.toFixed(0)} ms`}), ` +
        `top-5 ${top5Equal ? 'equal to' : top5WithinTies ? 'equal up to near-ties with' : 'DIFFERENT from'} CPU, ` +
        `max |Δlogit| ${maxDiff.toExponential(1)}`,
    );
  }
  await session.release();
}

const result = {
  date: new Date().toISOString(),
  model: 'resnet50 (random weights, seed 1, converted by @swsl/convert)',
  images: 'samples/chelsea.jpg, coffee.jpg, rocket.jpg repeated to the batch size',
  timed: 'InferenceSession.run only (preprocessing excluded); p50 over the timed runs after one warm-up',
  doctor,
  rows,
  skipped,
  seconds: Math.round((performance.now() - started) / 100) / 10,
};
const out = join(dir, 'gpu.json');
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
log(`wrote ${out} (${result.seconds} s)`);
const failed = rows.filter((r) => !r.top5WithinTies);
if (failed.length > 0) {
  log(`top-5 differs from the CPU provider on: ${failed.map((r) => `${r.device} batch ${r.batch}`).join(', ')}`);
  process.exit(1);
}
process.exit(0);
