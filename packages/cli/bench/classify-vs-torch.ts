// pnpm bench:classify — `swsl classify --jsonl` vs the seed's exact PyTorch code (PIL → Resize(256) →
// CenterCrop(224) → ToTensor → Normalize → model → softmax → top-5) on the same oracle-made resnet50 checkpoint and
// the same images, in the same run: top-5 agreement (indices, in order) and wall time of each whole run.
// Then the same with the int8 model (`swsl convert --dtype int8` once, its time reported apart): its top-1 agreement
// and top-5 overlap with torch's fp32 answers, and its wall time.
// Images: SWSL_BENCH_IMAGES (default ../shared/images/imagenet-test, the 32 real ImageNet JPEGs). Torch: 2 threads.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { oracleStatus, runOracle } from '@swsl/reference';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const imagesDir = resolve(process.env.SWSL_BENCH_IMAGES ?? join(root, '../shared/images/imagenet-test'));
const dir = join(root, '.cache/bench');
mkdirSync(dir, { recursive: true });
const status = oracleStatus();
if (!status.available) {
  console.error(`bench:classify needs the PyTorch oracle: ${status.reason}`);
  process.exit(1);
}
if (!existsSync(imagesDir)) {
  console.error(`no images at ${imagesDir}: set SWSL_BENCH_IMAGES`);
  process.exit(1);
}
const images = readdirSync(imagesDir)
  .filter((f) => /\.(jpe?g|png)$/i.test(f))
  .sort()
  .map((f) => join(imagesDir, f));
const checkpoint = join(dir, 'resnet50.legacy.pth');
if (!existsSync(checkpoint))
  runOracle(['checkpoint', '--arch', 'resnet50', '--format', 'legacy', '--seed', '1', '--out', checkpoint]);

let t = performance.now();
const torch = runOracle<{ results: { image: string; indices: number[] }[] }>([
  'classify',
  '--checkpoint',
  checkpoint,
  '--arch',
  'resnet50',
  ...images,
]);
const torchSeconds = (performance.now() - t) / 1000;

const swsl = (args: string[]) =>
  execFileSync(process.execPath, [join(root, 'packages/cli/dist/bin.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, SWSL_HOME: join(dir, 'swsl-home') },
  });
const classifyArgs = ['classify', '--quiet', '--jsonl', '--device', 'cpu', '--threads', '2'];
type Row = { file: string; predictions: { index: number }[] };
const parse = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);

t = performance.now();
const ours = parse(swsl([...classifyArgs, '--model', 'resnet50_swsl', '--weights', checkpoint, ...images]));
const oursSeconds = (performance.now() - t) / 1000;

// int8: converted once (calibration on the built-in photos, a one-time cost reported apart), then classified.
const int8Path = join(dir, 'resnet50.int8.onnx');
t = performance.now();
swsl(['convert', checkpoint, '--dtype', 'int8', '-o', int8Path, '--quiet']);
const int8ConvertSeconds = (performance.now() - t) / 1000;
t = performance.now();
const int8 = parse(swsl([...classifyArgs, '--weights', int8Path, ...images]));
const int8Seconds = (performance.now() - t) / 1000;
const int8Top1 = int8.filter((o, i) => o.predictions[0]?.index === torch.results[i]?.indices[0]).length;
const int8Top5Overlap =
  int8.reduce((sum, o, i) => {
    const ref = new Set(torch.results[i]?.indices);
    return sum + o.predictions.filter((p) => ref.has(p.index)).length / 5;
  }, 0) / images.length;

let same = 0;
const disagreements: string[] = [];
ours.forEach((o, i) => {
  const a = o.predictions.map((p) => p.index);
  const b = torch.results[i]!.indices;
  if (o.file === torch.results[i]!.image && a.join() === b.join()) same++;
  else disagreements.push(`${o.file}: swsl ${a} vs torch ${b}`);
});
const result = {
  images: images.length,
  top5Agreement: same / images.length,
  swslSeconds: oursSeconds,
  torchSeconds,
  speedup: torchSeconds / oursSeconds,
  disagreements,
  int8: {
    convertSeconds: int8ConvertSeconds,
    seconds: int8Seconds,
    speedup: torchSeconds / int8Seconds,
    top1AgreementWithTorch: int8Top1 / images.length,
    top5OverlapWithTorch: int8Top5Overlap,
  },
};
writeFileSync(join(dir, 'classify-resnet50.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`\n${images.length} images from ${imagesDir}, oracle-made resnet50 (same checkpoint both sides)\n`);
console.log('| | whole run (s) | ms/image | top-5 agreement |');
console.log('|---|---|---|---|');
console.log(
  `| swsl classify --jsonl (convert .pth + onnxruntime CPU, 2 threads) | ${oursSeconds.toFixed(2)} | ${((oursSeconds * 1000) / images.length).toFixed(1)} | ${same}/${images.length} |`,
);
console.log(
  `| seed's PyTorch code (torch.load + PIL + torchvision, 2 threads) | ${torchSeconds.toFixed(2)} | ${((torchSeconds * 1000) / images.length).toFixed(1)} | — |`,
);
console.log(
  `| swsl classify --jsonl --weights resnet50.int8.onnx (int8, 2 threads) | ${int8Seconds.toFixed(2)} | ${((int8Seconds * 1000) / images.length).toFixed(1)} | top-1 ${int8Top1}/${images.length}, top-5 overlap ${(100 * int8Top5Overlap).toFixed(1)}% |`,
);
console.log(
  `\nint8: ${result.int8.speedup.toFixed(2)}× the seed's speed (its one-time swsl convert --dtype int8, calibration included: ${int8ConvertSeconds.toFixed(1)} s)`,
);
console.log(
  `\nspeed-up ${result.speedup.toFixed(2)}×; top-5 identical (indices, in order) for ${(100 * result.top5Agreement).toFixed(1)}%`,
);
for (const d of disagreements) console.log(`  ${d}`);
