import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, readFixtureManifest, readNpy } from '@swsl/reference';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from './test-support/run-cli.js';

// Without the oracle: usage, fast failures and output shapes on the committed tiny checkpoint (32-float features).
// eval-embed.oracle.test.ts checks the numbers against PyTorch.
const work = mkdtempSync(join(tmpdir(), 'swsl-eval-embed-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SWSL_HOME: join(work, 'home'), SWSL_OFFLINE: '1' };
const tiny = fixturePath(readFixtureManifest().files.find((f) => f.model === 'tiny-basic' && f.format === 'zip')!.path);
const model = ['--weights', tiny, '--device', 'cpu'];

describe('swsl eval / embed', () => {
  it('usage and dataset errors fail before any model loads', async () => {
    expect((await runCli(['embed', 'samples/chelsea.jpg', ...model], { env })).code).toBe(2);
    const empty = join(work, 'empty');
    mkdirSync(empty);
    // Offline with an empty cache, loading the model would fail differently: the folder is checked first.
    const r = await runCli(['eval', empty, '--model', 'resnext101_32x16d_swsl'], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^swsl: .*empty: no image to process .*\[E_NO_INPUT\]\n$/);
    const flat = join(work, 'flat');
    mkdirSync(flat);
    copyFileSync(join(REPO, 'samples', 'chelsea.jpg'), join(flat, 'chelsea.jpg'));
    const unlabelled = await runCli(['eval', flat, '--model', 'resnext101_32x16d_swsl'], { env });
    expect(unlabelled.code).toBe(1);
    expect(unlabelled.stderr).toMatch(/cannot tell which class each image is.*--labels <csv>.*\[E_EVAL_LAYOUT\]/);
  });

  it('eval: a class folder per wnid; the second run takes every image from the results file', async () => {
    const dir = join(work, 'val');
    for (const [wnid, name] of [
      ['n02123045', 'chelsea'],
      ['n07920052', 'coffee'],
      ['n04099969', 'rocket'],
    ]) {
      mkdirSync(join(dir, wnid!), { recursive: true });
      copyFileSync(join(REPO, 'samples', `${name}.jpg`), join(dir, wnid!, `${name}.jpg`));
    }
    const results = join(work, 'r.jsonl');
    const args = ['eval', dir, '--json', '--results', results, ...model];
    const first = await runCli(args, { env });
    expect(first.code, first.stderr).toBe(0);
    const a = JSON.parse(first.stdout);
    expect(a).toMatchObject({ images: 3, evaluated: 3, errors: 0, resumed: 0, layout: 'imagefolder', published: null });
    const second = await runCli(args, { env });
    expect(second.stderr).toContain('3 images, 0 to evaluate; 3 already in');
    expect({ ...JSON.parse(second.stdout), resumed: 0 }).toEqual(a);
    const human = await runCli(['eval', dir, '--results', results, ...model], { env });
    expect(human.stdout).toMatch(/^top-1 +\d\/3 +[\d.]+% +[\d.]+–[\d.]+%/m);
  });

  it('embed: N×D rows for the readable inputs, the index in input order', async () => {
    const out = join(work, 'f');
    const r = await runCli(['embed', 'samples/', 'missing.jpg', '-o', out, ...model], { env });
    expect(r.code).toBe(3);
    expect(readNpy(readFileSync(`${out}.npy`)).shape).toEqual([3, 32]);
    const index = readFileSync(`${out}.index.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(index.map((e) => e.row ?? e.error.code)).toEqual([0, 1, 2, 'E_NOT_FOUND']);
  });
});
