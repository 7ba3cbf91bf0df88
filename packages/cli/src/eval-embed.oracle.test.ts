import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describeWithOracle, fixturePath, readFixtureManifest, readNpy, runOracle } from '@swsl/reference';
import { labels } from '@swsl/registry';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ILSVRC2012_ID_TO_WNID } from './eval/ilsvrc2012-ids.data.js';
import { REPO, runCli } from './test-support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-eval-embed-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SWSL_HOME: join(work, 'home'), SWSL_OFFLINE: '1' };
const checkpoint = join(work, 'resnet18.legacy.pth');
const onnx = join(work, 'resnet18.onnx');
const broken = join(work, 'broken.jpg');

/** Photo-like images of several sizes and formats, seeded: smooth colour waves plus noise. */
async function makeImages(n: number): Promise<string[]> {
  const paths: string[] = [];
  let seed = 12345;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let k = 0; k < n; k++) {
    const sizes: [number, number][] = [
      [320, 240],
      [200, 300],
      [256, 256],
      [480, 180],
    ];
    const [width, height] = sizes[k % 4]!;
    const f: [number, number, number] = [rand() * 0.1, rand() * 0.1, rand() * 6];
    const pixels = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 3; c++) {
          const wave = Math.sin(x * f[0] * (c + 1) + y * f[1] + f[2] * c);
          pixels[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, 128 + 90 * wave + 40 * (rand() - 0.5)));
        }
      }
    }
    const path = join(work, `generated-${k}.${k % 2 ? 'png' : 'jpg'}`);
    const image = sharp(pixels, { raw: { width, height, channels: 3 } });
    await (k % 2 ? image.png() : image.jpeg({ quality: 90 })).toFile(path);
    paths.push(path);
  }
  return paths;
}

let images: string[] = [];
/** torch's top-5 class indices per image, best first. */
let torchTop5: number[][] = [];
/** The ground truth given to each image: some torch's top-1, some in its top-5 only, some outside it. */
let truth: number[] = [];
let expected = { top1: 0, top5: 0 };

interface EvalJson {
  images: number;
  evaluated: number;
  errors: number;
  errorsByCode: Record<string, number>;
  resumed: number;
  missing: number;
  layout: string;
  results: string;
  top1: { correct: number; percent: number; ci95: [number, number] };
  top5: { correct: number; percent: number; ci95: [number, number] };
  published: { variant: string; top1: number; difference: { top1: number } } | null;
  perClass: { index: number; wnid: string; images: number; top1: number; top5: number }[];
}

async function evalJson(args: string[], results: string): Promise<{ code: number; json: EvalJson; stderr: string }> {
  const r = await runCli(
    ['eval', ...args, '--json', '--model', 'resnet18_swsl', '--weights', onnx, '--device', 'cpu', '--results', results],
    { env },
  );
  expect(r.stdout, r.stderr).toMatch(/^\{/);
  return { code: r.code, json: JSON.parse(r.stdout) as EvalJson, stderr: r.stderr };
}

function expectTorchCounts(json: EvalJson): void {
  expect(json.evaluated).toBe(images.length);
  expect({ top1: json.top1.correct, top5: json.top5.correct }).toEqual(expected);
  expect(json.errors).toBe(1);
  expect(Object.keys(json.errorsByCode)).toEqual(['E_NOT_AN_IMAGE']);
}

const wnid = (index: number) => labels[index]!.wnid;

describeWithOracle('swsl eval and embed against PyTorch on the same checkpoint (random BN-calibrated resnet18)', () => {
  beforeAll(async () => {
    runOracle(['checkpoint', '--arch', 'resnet18', '--format', 'legacy', '--seed', '21', '--out', checkpoint]);
    const converted = await runCli(['convert', checkpoint, '-o', onnx], { env });
    expect(converted.code, converted.stderr).toBe(0);
    images = [
      ...['chelsea', 'coffee', 'rocket'].map((n) => join(REPO, 'samples', `${n}.jpg`)),
      ...(await makeImages(9)),
    ];
    writeFileSync(broken, 'not an image at all');
    const torch = runOracle<{ results: { indices: number[] }[] }>([
      'classify',
      '--checkpoint',
      checkpoint,
      '--arch',
      'resnet18',
      ...images,
    ]);
    torchTop5 = torch.results.map((r) => r.indices);
    truth = torchTop5.map((top, i) => {
      if (i % 3 === 0) return top[0]!;
      if (i % 3 === 1) return top[1 + (i % 4)]!;
      let wrong = (top[0]! + 1 + 37 * i) % 1000;
      while (top.includes(wrong)) wrong = (wrong + 1) % 1000;
      return wrong;
    });
    expected = {
      top1: truth.filter((t, i) => torchTop5[i]![0] === t).length,
      top5: truth.filter((t, i) => torchTop5[i]!.includes(t)).length,
    };
    // Enough of each kind that a wrong count in any direction shows.
    expect(expected.top1).toBeGreaterThanOrEqual(3);
    expect(expected.top5 - expected.top1).toBeGreaterThanOrEqual(3);
    expect(images.length - expected.top5).toBeGreaterThanOrEqual(3);
  }, 180_000);

  it('ImageFolder (one folder per wnid): top-1/top-5 counts and every top-5 equal torch’s', async () => {
    const dir = join(work, 'folder');
    images.forEach((image, i) => {
      mkdirSync(join(dir, wnid(truth[i]!)), { recursive: true });
      copyFileSync(image, join(dir, wnid(truth[i]!), basename(image)));
    });
    copyFileSync(broken, join(dir, wnid(truth[0]!), 'broken.jpg'));
    const results = join(work, 'folder.jsonl');
    const { code, json, stderr } = await evalJson([dir], results);
    expect(code, stderr).toBe(3);
    expect(json.layout).toBe('imagefolder');
    expectTorchCounts(json);
    const rows = readFileSync(results, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l));
    images.forEach((image, i) => {
      const row = rows.find((r) => r.file === `${wnid(truth[i]!)}/${basename(image)}`);
      expect(row?.predictions, image).toEqual(torchTop5[i]);
      expect(row.target).toBe(truth[i]);
    });
    // Per class, beside the published figures of the variant named by --model.
    expect(json.perClass.reduce((n, c) => n + c.images, 0)).toBe(images.length);
    expect(json.perClass.reduce((n, c) => n + c.top1, 0)).toBe(expected.top1);
    expect(json.published?.variant).toBe('resnet18_swsl');
    expect(json.published!.difference.top1).toBeCloseTo(json.top1.percent - json.published!.top1, 3);
  });

  /** A flat folder of ILSVRC2012_val_<8 digits>.JPEG files (PNGs too: the content decides), the broken one last. */
  function flatFolder(dir: string): string[] {
    mkdirSync(dir, { recursive: true });
    const ids = [...images, broken].map((_, i) => `ILSVRC2012_val_${String(i + 1).padStart(8, '0')}`);
    for (const [i, image] of [...images, broken].entries()) copyFileSync(image, join(dir, `${ids[i]}.JPEG`));
    return ids;
  }

  it('flat folder + LOC_val_solution.csv: the same counts; a row whose image is absent is counted as missing', async () => {
    const dir = join(work, 'loc');
    const ids = flatFolder(dir);
    const rows = ids.map(
      (id, i) => `${id},${wnid(truth[i] ?? truth[0]!)} 10 20 200 220 ${wnid(truth[i] ?? truth[0]!)} 5 5 50 50`,
    );
    rows.push(`ILSVRC2012_val_00049999,${wnid(3)} 1 2 3 4`);
    writeFileSync(join(dir, 'LOC_val_solution.csv'), `ImageId,PredictionString\n${rows.reverse().join('\n')}\n`);
    const { code, json, stderr } = await evalJson([dir], join(work, 'loc.jsonl'));
    expect(code, stderr).toBe(3);
    expect(json.layout).toBe('loc-csv');
    expect(json.missing).toBe(1);
    expectTorchCounts(json);
  });

  it('flat folder + the devkit’s ILSVRC2012_validation_ground_truth.txt (ILSVRC2012_IDs, meta.mat order)', async () => {
    const dir = join(work, 'devkit');
    flatFolder(dir);
    const ids = [...truth, truth[0]!].map((t) => ILSVRC2012_ID_TO_WNID.indexOf(wnid(t)) + 1);
    writeFileSync(join(dir, 'ILSVRC2012_validation_ground_truth.txt'), `${ids.join('\n')}\n`);
    const { code, json, stderr } = await evalJson([dir], join(work, 'devkit.jsonl'));
    expect(code, stderr).toBe(3);
    expect(json.layout).toBe('devkit');
    expectTorchCounts(json);
  });

  it('--labels <csv> (file,label; label as index, wnid or name), files anywhere below the folder', async () => {
    const dir = join(work, 'any');
    const lines = ['file,label'];
    [...images, broken].forEach((image, i) => {
      const sub = join(dir, `part${i % 3}`, 'deeper');
      mkdirSync(sub, { recursive: true });
      copyFileSync(image, join(sub, `img ${i}, copy${image.slice(image.lastIndexOf('.'))}`));
      const t = truth[i] ?? truth[0]!;
      const name = labels[t]!.name;
      const unique = labels.filter((l) => l.name === name).length === 1;
      const label = i % 3 === 0 ? String(t) : i % 3 === 1 || !unique ? wnid(t) : name;
      lines.push(
        `"part${i % 3}/deeper/img ${i}, copy${image.slice(image.lastIndexOf('.'))}","${label.replaceAll('"', '""')}"`,
      );
    });
    const csv = join(work, 'truth.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const { code, json, stderr } = await evalJson([dir, '--labels', csv], join(work, 'any.jsonl'));
    expect(code, stderr).toBe(3);
    expect(json.layout).toBe('csv');
    expectTorchCounts(json);
  });

  it('a fine-tuned model’s own labels (convert --labels): class folders by name, wnid or index, counts as torch’s', async () => {
    const tiny = readFixtureManifest().files.find((f) => f.model === 'tiny-bottleneck')!;
    const names = Array.from({ length: 10 }, (_, i) => ({ wnid: `n7700000${i}`, name: `Part ${i}` }));
    const labelsFile = join(work, 'tiny-labels.csv');
    writeFileSync(labelsFile, `wnid,name\n${names.map((l) => `${l.wnid},${l.name}`).join('\n')}\n`);
    const tinyOnnx = join(work, 'tiny.onnx');
    const c = await runCli(['convert', fixturePath(tiny.path), '--labels', labelsFile, '-o', tinyOnnx], { env });
    expect(c.code, c.stderr).toBe(0);
    const top = runOracle<{ results: { indices: number[] }[] }>([
      'classify',
      '--checkpoint',
      fixturePath(tiny.path),
      '--arch',
      JSON.stringify(tiny.spec),
      ...images,
    ]).results.map((r) => r.indices);
    const given = top.map((t, i) => (i % 2 ? t[0]! : t[4]!));
    const folder = (index: number, i: number) =>
      i % 3 === 0 ? names[index]!.name : i % 3 === 1 ? names[index]!.wnid : String(index);
    const dir = join(work, 'tiny-folder');
    images.forEach((image, i) => {
      mkdirSync(join(dir, folder(given[i]!, i)), { recursive: true });
      copyFileSync(image, join(dir, folder(given[i]!, i), basename(image)));
    });
    const r = await runCli(
      ['eval', dir, '--json', '--weights', tinyOnnx, '--device', 'cpu', '--results', join(work, 'tiny.jsonl')],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as EvalJson;
    expect(json.evaluated).toBe(images.length);
    expect(json.top1.correct).toBe(given.filter((g, i) => top[i]![0] === g).length);
    expect(json.top5.correct).toBe(given.filter((g, i) => top[i]!.includes(g)).length);
    expect(json.published).toBeNull();
    expect(json.perClass.every((p) => p.wnid === names[p.index]!.wnid)).toBe(true);
  });

  it('resumes: --limit, then a cut-off line, then the rest — each image evaluated once, the same totals', async () => {
    const dir = join(work, 'folder');
    const results = join(work, 'resume.jsonl');
    const first = await evalJson([dir, '--limit', '5'], results);
    expect(first.json.images).toBe(5);
    expect(first.json.resumed).toBe(0);
    const predicted = (file: string) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"predictions"'));
    const done = predicted(results).length;
    expect(done).toBe(first.json.evaluated);
    // A run killed in the middle of writing a line.
    appendFileSync(results, '{"file":"n01440764/half-writ');
    const second = await evalJson([dir], results);
    expect(second.stderr).toContain(
      `${images.length + 1} images, ${images.length + 1 - done} to evaluate; ${done} already in`,
    );
    expect(second.json.resumed).toBe(done);
    expectTorchCounts(second.json);
    const rows = predicted(results).map((l) => JSON.parse(l).file);
    expect(rows.length).toBe(images.length);
    expect(new Set(rows).size).toBe(images.length);
    // Another model's run refuses the file rather than mixing results.
    const other = await runCli(['eval', dir, '--weights', onnx, '--dtype', 'fp16', '--results', results], { env });
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/holds results of .* fp32 .*--fresh.*\[E_EVAL_RESULTS\]/);
  });

  it('embed: .npy rows equal torchvision’s avgpool features within 1e-5 of the max; the failed input only in the index', async () => {
    const feats = join(work, 'torch-features.npy');
    runOracle(['features', '--checkpoint', checkpoint, '--arch', 'resnet18', '--out', feats, ...images]);
    const theirs = readNpy(readFileSync(feats));
    expect(theirs.shape).toEqual([images.length, 512]);
    const out = join(work, 'emb', 'features');
    mkdirSync(join(work, 'emb'));
    const inputs = [...images.slice(0, 4), broken, ...images.slice(4)];
    const r = await runCli(['embed', ...inputs, '-o', out, '--weights', onnx, '--device', 'cpu', '-b', '5'], { env });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe(`${out}.npy\n${out}.index.jsonl\n`);
    expect(r.stderr).toMatch(/broken\.jpg.*\[E_NOT_AN_IMAGE\]/);
    const ours = readNpy(readFileSync(`${out}.npy`));
    expect(ours.shape).toEqual([images.length, 512]);
    const index = readFileSync(`${out}.index.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(index.map((e) => e.file)).toEqual(inputs);
    expect(index.filter((e) => 'row' in e).map((e) => e.file)).toEqual(images);
    expect(index.filter((e) => 'row' in e).map((e) => e.row)).toEqual([...images.keys()]);
    expect(index[4].error.code).toBe('E_NOT_AN_IMAGE');
    let max = 0;
    let worst = 0;
    for (let i = 0; i < theirs.data.length; i++) {
      max = Math.max(max, Math.abs(theirs.data[i] as number));
      worst = Math.max(worst, Math.abs((ours.data[i] as number) - (theirs.data[i] as number)));
    }
    expect(max).toBeGreaterThan(0);
    expect(worst).toBeLessThanOrEqual(1e-5 * max);

    // --normalize --jsonl: unit vectors, torch's direction.
    const n = await runCli(
      ['embed', ...images.slice(0, 3), '--jsonl', '--normalize', '--weights', onnx, '--device', 'cpu'],
      {
        env,
      },
    );
    expect(n.code, n.stderr).toBe(0);
    const lines = n.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; embedding: number[] });
    expect(lines.map((l) => l.file)).toEqual(images.slice(0, 3));
    lines.forEach(({ embedding }, i) => {
      const row = theirs.data.subarray(i * 512, (i + 1) * 512) as Float32Array;
      const norm = Math.hypot(...row);
      expect(Math.hypot(...embedding)).toBeCloseTo(1, 6);
      const diff = Math.max(...embedding.map((x, j) => Math.abs(x - row[j]! / norm)));
      expect(diff).toBeLessThanOrEqual(1e-5 * Math.max(...Array.from(row, (x) => Math.abs(x) / norm)));
    });
  });
});
