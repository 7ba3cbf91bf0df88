import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../test-support/run-cli.js';
import { readDataset } from './layouts.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-layouts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const image = join(REPO, 'samples', 'chelsea.jpg');
const put = (path: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  copyFileSync(image, path);
};

describe('readDataset', () => {
  it('ImageFolder: class folders (searched recursively), loose images counted as unlabelled', async () => {
    const dir = join(work, 'folder');
    put(join(dir, 'n02', 'b.jpg'));
    put(join(dir, 'n01', 'deep', 'a.png'));
    put(join(dir, 'loose.jpg'));
    writeFileSync(join(dir, 'n01', 'notes.txt'), 'not an image');
    const d = await readDataset(dir);
    expect(d.layout).toBe('imagefolder');
    expect(d.samples.map((s) => [s.key, s.truth])).toEqual([
      ['n01/deep/a.png', 'n01'],
      ['n02/b.jpg', 'n02'],
    ]);
    expect(d.unlabelled).toBe(1);
  });

  it('LOC_val_solution.csv and the devkit ground truth in the folder are found; images matched by name anywhere below', async () => {
    const dir = join(work, 'flat');
    put(join(dir, 'ILSVRC2012_val_00000001.JPEG'));
    put(join(dir, 'sub', 'ILSVRC2012_val_00000003.png'));
    put(join(dir, 'other.jpg'));
    writeFileSync(
      join(dir, 'LOC_val_solution.csv'),
      'ImageId,PredictionString\nILSVRC2012_val_00000003,n03 1 2 3 4\nILSVRC2012_val_00000001,n01 1 2 3 4 n01 5 6 7 8\nILSVRC2012_val_00000002,n02 1 1 1 1\n',
    );
    const loc = await readDataset(dir);
    expect(loc.layout).toBe('loc-csv');
    expect(loc.samples.map((s) => [s.key, s.truth])).toEqual([
      ['ILSVRC2012_val_00000001.JPEG', 'n01'],
      ['sub/ILSVRC2012_val_00000003.png', 'n03'],
    ]);
    expect([loc.missing, loc.unlabelled]).toEqual([1, 1]);

    writeFileSync(join(work, 'ILSVRC2012_validation_ground_truth.txt'), '1\n490\n2\n');
    const devkit = await readDataset(dir, { labels: join(work, 'ILSVRC2012_validation_ground_truth.txt') });
    expect(devkit.layout).toBe('devkit');
    expect(devkit.samples.map((s) => s.truth)).toEqual(['n02119789', 'n02100735']);
    expect(devkit.missing).toBe(1);
  });

  it('--labels CSV: with or without a header; files relative to the folder', async () => {
    const dir = join(work, 'csv');
    put(join(dir, 'x', 'a.jpg'));
    writeFileSync(join(work, 'gt.csv'), 'image,class\nx/a.jpg,7\n"x/b, c.jpg",n01440764\n');
    const withHeader = await readDataset(dir, { labels: join(work, 'gt.csv') });
    expect(withHeader.samples.map((s) => [s.key, s.truth])).toEqual([
      ['x/a.jpg', '7'],
      ['x/b, c.jpg', 'n01440764'],
    ]);
    writeFileSync(join(work, 'plain.csv'), 'x/a.jpg,goldfish\n');
    expect((await readDataset(dir, { labels: join(work, 'plain.csv') })).samples[0]!.truth).toBe('goldfish');
  });

  it('typed errors that say what to pass', async () => {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    await expect(readDataset(empty)).rejects.toMatchObject({ code: 'E_NO_INPUT', message: /no image to process/ });
    const flat = join(work, 'unlabelled');
    mkdirSync(flat);
    writeFileSync(join(flat, 'a.jpg'), 'x');
    await expect(readDataset(flat)).rejects.toMatchObject({ code: 'E_EVAL_LAYOUT', message: /--labels <csv>/ });
    await expect(readDataset(join(work, 'none'))).rejects.toMatchObject({
      code: 'E_EVAL_LAYOUT',
      message: /not a directory/,
    });
    await expect(readDataset(empty, { layout: 'devkit' })).rejects.toMatchObject({
      code: 'E_EVAL_LAYOUT',
      message: /--layout devkit needs ILSVRC2012_validation_ground_truth\.txt/,
    });
    writeFileSync(join(work, 'bad_ground_truth.txt'), '5\n1001\n');
    await expect(readDataset(empty, { labels: join(work, 'bad_ground_truth.txt') })).rejects.toMatchObject({
      code: 'E_EVAL_TRUTH',
      message: expect.stringContaining('bad_ground_truth.txt:2: "1001" is no ILSVRC2012_ID'),
    });
    writeFileSync(join(work, 'LOC_val_solution.csv'), 'id,boxes\n');
    await expect(readDataset(empty, { labels: join(work, 'LOC_val_solution.csv') })).rejects.toMatchObject({
      code: 'E_EVAL_TRUTH',
      message: /LOC_val_solution\.csv:1: expected the header/,
    });
  });
});
