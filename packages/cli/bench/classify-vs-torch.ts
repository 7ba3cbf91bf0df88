// pnpm bench:classify — `swsl classify --jsonl` vs the seed's exact PyTorch code (PIL → Resize(256) →
// CenterCrop(224) → ToTensor → Normalize → model → softmax → top-5) on the same oracle-made resnet50 checkpoint and
// the same images, in the same run: top-5 agreement (indices, in order) and wall time of each whole run.
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

t = performance.now();
const out = execFileSync(
  process.execPath,
  [
    join(root, 'packages/cli/dist/bin.js'),
    'classify',
    '--quiet',
    '--jsonl',
    '--model',
    'resnet50_swsl',
    '--weights',
    checkpoint,
    '--device',
    'cpu',
    '--threads',
    '2',
    ...images,
  ],
  { encoding: 'utf8', env: { ...process.env, SWSL_HOME: join(dir, 'swsl-home') } },
);
const oursSeconds = (performance.now() - t) / 1000;
const ours = out
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { file: string; predictions: { index: number }[] });

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
  `\nspeed-up ${result.speedup.toFixed(2)}×; top-5 identical (indices, in order) for ${(100 * result.top5Agreement).toFixed(1)}%`,
);
for (const d of disagreements) console.log(`  ${d}`);
