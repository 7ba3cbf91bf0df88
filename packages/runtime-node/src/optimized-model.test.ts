import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertCheckpoint } from '@swsl/convert';
import { fixturePath } from '@swsl/reference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier } from './create-classifier.js';
import { OPTIMIZED_DATA_SUFFIX, OPTIMIZED_SUFFIX, userModelOptimizedFolder } from './optimized-model.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-optimized-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const IMAGE = join(fixturePath('.'), '../../..', 'samples/chelsea.jpg');

/** Logits of the photo through a fresh classifier of `model` (a new session each time, as a new process gets). */
async function logits(model: string, cacheDir: string): Promise<Float32Array> {
  const classifier = await createClassifier({ onnx: model }, { device: 'cpu', cacheDir });
  try {
    return (await classifier.classify(IMAGE, { topK: 1000 }))[0]!.reduce((out, p) => {
      out[p.index] = p.logit;
      return out;
    }, new Float32Array(1000));
  } finally {
    await classifier.dispose();
  }
}

const savedForms = (folder: string) =>
  existsSync(folder)
    ? readdirSync(folder).filter((f) => f.endsWith(OPTIMIZED_SUFFIX) || f.endsWith(OPTIMIZED_DATA_SUFFIX))
    : [];

describe("a user's own ONNX file: onnxruntime's optimized form is kept in the cache, never beside the file", () => {
  const userDir = join(work, 'mine');
  const model = join(userDir, 'tiny.onnx');
  const cacheDir = join(work, 'cache');
  const folder = userModelOptimizedFolder(cacheDir, model);
  let reference: Float32Array;

  beforeAll(async () => {
    const { onnx } = await convertCheckpoint(new Uint8Array(readFileSync(fixturePath('tiny-basic.zip.pth'))));
    mkdirSync(userDir, { recursive: true });
    writeFileSync(model, onnx);
    // The reference: a session that optimizes in memory, with nothing saved (its cache is not writable).
    const blocked = join(work, 'blocked');
    writeFileSync(blocked, 'a file where the cache folder would be');
    reference = await logits(model, join(blocked, 'cache'));
  });

  it('the first open saves the graph and its weights file in the cache; later opens use them, same logits', async () => {
    expect(await logits(model, cacheDir)).toEqual(reference);
    const saved = savedForms(folder);
    expect(saved.filter((f) => f.endsWith(OPTIMIZED_SUFFIX))).toHaveLength(1);
    expect(saved.filter((f) => f.endsWith(OPTIMIZED_DATA_SUFFIX))).toHaveLength(1);
    expect(readdirSync(userDir)).toEqual(['tiny.onnx']);
    const graph = join(folder, saved.find((f) => f.endsWith(OPTIMIZED_SUFFIX)) as string);
    const written = statSync(graph).mtimeMs;
    expect(await logits(model, cacheDir)).toEqual(reference);
    expect(statSync(graph).mtimeMs).toBe(written); // opened, not made again
  });

  it('a changed file gets a new optimized form and the old one is removed', async () => {
    const before = savedForms(folder);
    const later = new Date(Date.now() + 60_000);
    utimesSync(model, later, later);
    expect(await logits(model, cacheDir)).toEqual(reference);
    const after = savedForms(folder);
    expect(after).toHaveLength(2);
    expect(after.some((f) => before.includes(f))).toBe(false);
  });

  it('a damaged saved form is made again; an unwritable cache only costs the saving', async () => {
    const graph = join(folder, savedForms(folder).find((f) => f.endsWith(OPTIMIZED_SUFFIX)) as string);
    writeFileSync(graph, 'not a model');
    expect(await logits(model, cacheDir)).toEqual(reference);
    expect(readFileSync(graph).length).toBeGreaterThan(100);
    // beforeAll's reference came through a cache whose folder could not be made: the answers are the same.
    expect(existsSync(join(work, 'blocked', 'cache'))).toBe(false);
  });
});
