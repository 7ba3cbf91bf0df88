// Benchmark + decoder study for @swsl/preprocess (run after `tsc` build; `pnpm bench:preprocess` at the root).
// On the given folder of images (default: the project's ../shared/images/imagenet-test) it reports:
//  1. decoder exactness: % of images whose full decoded RGB equals Pillow's `convert('RGB')`, and max |Δ|;
//  2. end-to-end: identical 224×224 crops and max |Δ| of the normalized tensors vs torchvision;
//  3. ms/image, bytes → normalized tensor: ours in Node, Pillow + torchvision (1 thread) in the same run, and
//     ours in headless Chromium (playwright-core via @swsl/browser-harness; CHROMIUM_PATH or /usr/bin/chromium).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { decodeImage, preprocess, toRgb } from '../dist/node/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const imagesDir = resolve(process.argv[2] ?? join(root, '../shared/images/imagenet-test'));
const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const python = process.env.SWSL_ORACLE_PYTHON ?? '/usr/bin/python3';
const oracle = join(root, 'tools/reference/py/oracle.py');

const files = readdirSync(imagesDir)
  .filter((f) => /\.(jpe?g|png|bmp|gif|webp|tiff?)$/i.test(f))
  .sort()
  .map((f) => join(imagesDir, f));
if (files.length === 0) throw new Error(`no images in ${imagesDir}`);
const blobs = files.map((f) => readFileSync(f));
const work = mkdtempSync(join(tmpdir(), 'swsl-bench-'));

function runOracle(args) {
  const r = spawnSync(python, [oracle, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`oracle ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

function readNpy(path) {
  const b = readFileSync(path);
  const headerLength = b.readUInt16LE(8);
  const header = b.subarray(10, 10 + headerLength).toString('latin1');
  const body = new Uint8Array(b.subarray(10 + headerLength));
  return header.includes("'<f4'") ? new Float32Array(body.buffer) : body;
}

function compare(a, b) {
  if (a.length !== b.length) return { same: false, max: Number.POSITIVE_INFINITY };
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return { same: max === 0, max };
}

const base = (f) => join(work, f.split('/').at(-1));
console.log(`${files.length} images from ${imagesDir}; ${rounds} timed rounds\n`);

// 1. Decoders vs Pillow's full-size RGB.
runOracle(['decode', '--out', work, ...files]);
const pillowRgb = files.map((f) => readNpy(`${base(f)}.rgb.npy`));
const decoders = {
  'sharp 0.35 {ignoreIcc: true} (ours, Node)': async (bytes) => {
    const p = await decodeImage(bytes);
    return toRgb(p);
  },
  'sharp 0.35 default (ICC → sRGB)': async (bytes) =>
    new Uint8Array(await sharp(bytes).removeAlpha().toColourspace('srgb').raw().toBuffer()),
};
const table = [];
for (const [name, decode] of Object.entries(decoders)) {
  let same = 0;
  let max = 0;
  for (const [i, bytes] of blobs.entries()) {
    const r = compare(await decode(bytes), pillowRgb[i]);
    if (r.same) same++;
    max = Math.max(max, r.max);
  }
  const start = performance.now();
  for (const bytes of blobs) await decode(bytes);
  const ms = (performance.now() - start) / blobs.length;
  table.push({ decoder: name, identical: `${same}/${blobs.length}`, maxDiff: max, msPerImage: ms.toFixed(2) });
}

// 2. End to end vs torchvision.
runOracle(['preprocess', '--out', work, ...files]);
let cropsSame = 0;
let tensorMax = 0;
for (const [i, f] of files.entries()) {
  const ours = await preprocess(blobs[i]);
  if (compare(ours.crops[0], readNpy(`${base(f)}.crop.npy`)).same) cropsSame++;
  tensorMax = Math.max(tensorMax, compare(ours.data, readNpy(`${base(f)}.tensor.npy`)).max);
}

// 3. Timing, bytes in memory → normalized tensor.
async function timeOurs() {
  for (const bytes of blobs) await preprocess(bytes); // warm-up
  const perRound = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (const bytes of blobs) await preprocess(bytes);
    perRound.push((performance.now() - start) / blobs.length);
  }
  perRound.sort((a, b) => a - b);
  return perRound[Math.floor(perRound.length / 2)];
}
// sharp runs libvips on its own thread pool; one thread each for a fair comparison with torch.set_num_threads(1).
sharp.concurrency(1);
const oursMs = await timeOurs();
const pillow = runOracle(['bench-preprocess', '--threads', '1', '--rounds', String(rounds), ...files]);

const browser = await timeBrowser().catch((e) => ({ error: e.message.split('\n')[0] }));

console.log('Decoders vs Pillow 9.4 convert("RGB"), full image:');
console.table(table);
if (browser.crops) {
  let same = 0;
  let max = 0;
  for (const [i, f] of files.entries()) {
    const r = compare(browser.crops[i], readNpy(`${base(f)}.crop.npy`));
    if (r.same) same++;
    max = Math.max(max, r.max);
  }
  console.log(
    `Chromium ${browser.version} createImageBitmap({colorSpaceConversion: 'none'}): ${same}/${files.length} crops identical to Pillow's, max |Δ| ${max}`,
  );
}
console.log(
  `\nEnd to end (Node): ${cropsSame}/${files.length} crops identical to torchvision's, tensor max |Δ| ${tensorMax.toExponential(2)}`,
);
console.log('\nms/image, bytes → normalized 1×3×224×224 tensor (median of rounds):');
console.log(`  ours, Node (sharp, 1 libvips thread):  ${oursMs.toFixed(2)}`);
console.log(`  Pillow ${'+'} torchvision (1 torch thread): ${pillow.msPerImageMedian.toFixed(2)}`);
console.log(`  ratio ours / Pillow:                   ${(oursMs / pillow.msPerImageMedian).toFixed(2)}`);
if (browser.ms) console.log(`  ours, headless Chromium:               ${browser.ms.toFixed(2)}`);
else console.log(`  headless Chromium: not run (${browser.error})`);
rmSync(work, { recursive: true, force: true });

async function timeBrowser() {
  const { bundleModule, CHROMIUM_PATH, launchChromium, startLocalServer } = await import('@swsl/browser-harness');
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);
  // The browser entry bundled as an application would bundle it (its decoders import npm packages).
  const bundle = await bundleModule(join(here, '../src/browser/index.ts'));
  const page = '<!doctype html><meta charset="utf-8"><title>swsl preprocess bench</title>';
  const server = await startLocalServer((path) => {
    if (path === '/') return { body: page, type: 'text/html; charset=utf-8' };
    if (path === '/bench.js') return { body: bundle };
    const image = join(imagesDir, path.slice('/images/'.length));
    if (path.startsWith('/images/') && existsSync(image)) return { body: readFileSync(image) };
    return undefined;
  });
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage();
    await tab.goto(`${server.origin}/`);
    const names = files.map((f) => f.split('/').at(-1));
    const result = await tab.evaluate(
      async ({ names, rounds }) => {
        const { preprocess } = await import('/bench.js');
        const blobs = await Promise.all(names.map(async (n) => (await fetch(`/images/${n}`)).blob()));
        const crops = [];
        const toBase64 = (bytes) => {
          let text = '';
          for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
          return btoa(text);
        };
        for (const blob of blobs) crops.push(toBase64((await preprocess(blob)).crops[0]));
        const perRound = [];
        for (let r = 0; r < rounds; r++) {
          const start = performance.now();
          for (const blob of blobs) await preprocess(blob);
          perRound.push((performance.now() - start) / blobs.length);
        }
        perRound.sort((a, b) => a - b);
        return { ms: perRound[Math.floor(perRound.length / 2)], crops };
      },
      { names, rounds },
    );
    return {
      version: browser.version(),
      ms: result.ms,
      crops: result.crops.map((b64) => new Uint8Array(Buffer.from(b64, 'base64'))),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
