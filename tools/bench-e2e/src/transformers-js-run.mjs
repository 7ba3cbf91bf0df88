// @ts-check
// transformers.js's image-classification pipeline over images, as its docs use it, fully offline (a local model
// folder, no remote models). Plain JavaScript, run with plain `node`, because `pnpm bench:e2e` also times this whole
// process on one image (single-image latency) and tsx's start-up would be counted against transformers.js.
//
// node transformers-js-run.mjs --models DIR --id NAME [--threads 2] [--batch 8] [--warmup] image…
// prints one JSON line: load and loop seconds, and each image's top-1 label.
import { parseArgs } from 'node:util';
import { env, pipeline } from '@huggingface/transformers';

const { values, positionals: images } = parseArgs({
  allowPositionals: true,
  options: {
    models: { type: 'string' },
    id: { type: 'string' },
    threads: { type: 'string', default: '2' },
    batch: { type: 'string', default: '8' },
    warmup: { type: 'boolean', default: false },
  },
});
if (!values.models || !values.id || images.length === 0) {
  throw new Error('usage: transformers-js-run.mjs --models DIR --id NAME [--threads N] [--batch N] [--warmup] image…');
}
env.allowRemoteModels = false;
env.localModelPath = values.models;
const batch = Number(values.batch);

const loadStart = performance.now();
const classify = await pipeline('image-classification', values.id, {
  device: 'cpu',
  dtype: 'fp32',
  // onnxruntime-node's own options; transformers.js passes them to InferenceSession.create.
  session_options: { intraOpNumThreads: Number(values.threads), interOpNumThreads: 1 },
});
const loadSeconds = (performance.now() - loadStart) / 1000;

/** @param {string[]} list */
async function top1(list) {
  /** @type {string[]} */
  const out = [];
  for (let i = 0; i < list.length; i += batch) {
    const results = /** @type {{ label: string, score: number }[][]} */ (
      await classify(list.slice(i, i + batch), { top_k: 1 })
    );
    for (const r of results) out.push(r[0]?.label ?? '');
  }
  return out;
}

// Warm-up (excluded): the session's first run, as every other path has.
if (values.warmup) await top1(images.slice(0, batch));
const start = performance.now();
const labels = await top1(images);
const seconds = (performance.now() - start) / 1000;
await classify.dispose();
process.stdout.write(
  `${JSON.stringify({ version: env.version, loadSeconds, seconds, images: images.length, top1: labels })}\n`,
);
