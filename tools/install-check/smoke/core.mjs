// @swsl/core README: a model store on the memory storage, with a fetch that serves a checkpoint from a "mirror"
// (here: the bytes of a local file) — download, sha256 check, conversion, then a cache hit.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { convertCheckpoint } from '@swsl/convert';
import { createMemoryStorage, createModelStore } from '@swsl/core';

const [checkpoint] = process.argv.slice(2);
const bytes = await readFile(checkpoint);
const sha256 = createHash('sha256').update(bytes).digest('hex');
const url = 'https://mirror.invalid/tiny-basic.zip.pth';
let requests = 0;
const fetch = async (requested) => {
  requests++;
  if (requested !== url) return new Response(null, { status: 404 });
  return new Response(bytes, { status: 200, headers: { 'content-length': String(bytes.byteLength) } });
};
const createHasher = async () => {
  const hash = createHash('sha256');
  return { update: (chunk) => hash.update(chunk), digest: () => hash.digest('hex') };
};
const store = createModelStore({
  capabilities: {
    storage: createMemoryStorage(),
    fetch,
    createHasher,
    lock: async () => async () => {},
    convert: convertCheckpoint,
  },
  source: 'fb',
  resolve: (name) => ({
    name,
    weights: { url, fileName: 'tiny-basic.zip.pth', sha256Prefix: sha256.slice(0, 8), sha256 },
  }),
});
const first = await store.loadOnnx('tiny-basic', { dtype: 'fp32' });
const second = await store.loadOnnx('tiny-basic', { dtype: 'fp32' });
if (first.cached || !second.cached || requests !== 1)
  throw new Error(`cached ${first.cached}/${second.cached}, ${requests} requests`);
const files = await store.list();
console.log(
  `loadOnnx: ${first.onnx.byteLength} bytes ONNX, then from the cache; store holds ${files.map((f) => f.key).join(', ')}`,
);
