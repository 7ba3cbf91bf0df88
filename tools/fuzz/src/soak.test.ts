import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { NodeImageInput } from '@swsl/preprocess/node';
import { createClassifier } from '@swsl/runtime-node';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FIXTURES, testPattern } from './corpus.js';

/**
 * Soak: thousands of images through ONE classifier in ONE process, memory flat. 2,000 images in CI;
 * `pnpm soak` (SWSL_SOAK_IMAGES, default 20,000 there) for the long run. Images are made in memory: JPEG and PNG
 * bytes of several sizes (decode + resize + crop each time) and raw pixels, in batches of 16 per call.
 */
const IMAGES = Number(process.env.SWSL_SOAK_IMAGES ?? 2000);
const WARM_UP = 400;
const PER_CALL = 16;
/** Growth allowed from the end of warm-up to the end of the run, after a full GC. */
const RSS_BOUND_MB = 64;
const HEAP_BOUND_MB = 8;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mb = (bytes: number) => bytes / 2 ** 20;

function settled(): { rss: number; heap: number } {
  gc();
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: mb(rss), heap: mb(heapUsed) };
}

async function makeImages(): Promise<NodeImageInput[]> {
  const images: NodeImageInput[] = [];
  for (const [i, [w, h]] of [
    [320, 240],
    [500, 375],
    [224, 224],
    [640, 427],
    [97, 301],
    [1024, 683],
  ].entries()) {
    const raw = { width: w!, height: h!, channels: 3 as const };
    const pixels = testPattern(w!, h!, 3, i);
    images.push(new Uint8Array(await sharp(pixels, { raw }).jpeg({ quality: 85 }).toBuffer()));
    images.push(new Uint8Array(await sharp(pixels, { raw }).png().toBuffer()));
    images.push({ data: pixels, ...raw });
  }
  return images;
}

describe('soak: one classifier, thousands of images, flat memory', () => {
  it(
    `${IMAGES} images: RSS within ${RSS_BOUND_MB} MB and heap within ${HEAP_BOUND_MB} MB of the warmed-up process, same answers throughout`,
    async () => {
      const classifier = await createClassifier(
        { checkpoint: join(FIXTURES, 'tiny-basic.zip.pth') },
        { device: 'cpu', threads: 2, batchSize: 8 },
      );
      const images = await makeImages();
      const first = new Map<number, string>();
      let warm = { rss: 0, heap: 0 };
      const samples: { done: number; rss: number; heap: number }[] = [];
      const start = performance.now();
      try {
        for (let done = 0; done < IMAGES; done += PER_CALL) {
          const indices = Array.from(
            { length: Math.min(PER_CALL, IMAGES - done) },
            (_, i) => (done + i) % images.length,
          );
          const results = await classifier.classify(
            indices.map((i) => images[i]!),
            { topK: 3 },
          );
          // The same image gives the same answer on its 1st and its 1,000th pass: nothing accumulates in the pipeline.
          for (const [j, i] of indices.entries()) {
            const answer = JSON.stringify(results[j]);
            if (!first.has(i)) first.set(i, answer);
            else expect(answer).toBe(first.get(i));
          }
          const next = done + indices.length;
          if (next === WARM_UP) warm = settled();
          if (next > WARM_UP && next % 400 === 0) samples.push({ done: next, ...settled() });
        }
      } finally {
        await classifier.dispose();
      }
      const end = settled();
      const seconds = (performance.now() - start) / 1000;
      console.log(
        `soak: ${IMAGES} images in ${seconds.toFixed(1)} s (${(IMAGES / seconds).toFixed(0)}/s); after warm-up ` +
          `(${WARM_UP}) RSS ${warm.rss.toFixed(1)} MB, heap ${warm.heap.toFixed(1)} MB; at the end RSS ` +
          `${end.rss.toFixed(1)} MB (${(end.rss - warm.rss).toFixed(1)}), heap ${end.heap.toFixed(1)} MB ` +
          `(${(end.heap - warm.heap).toFixed(1)}); peak RSS seen ${Math.max(...samples.map((s) => s.rss)).toFixed(1)} MB`,
      );
      expect(end.rss - warm.rss).toBeLessThan(RSS_BOUND_MB);
      expect(end.heap - warm.heap).toBeLessThan(HEAP_BOUND_MB);
    },
    Math.max(120_000, IMAGES * 30),
  );
});
