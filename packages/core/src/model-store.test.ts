import { createHash } from 'node:crypto';
import { resolveVariant } from '@swsl/registry';
import { describe, expect, it } from 'vitest';
import { checkpointKey, onnxKey } from './cache-keys.js';
import type { FetchLike, FetchResponse, StoreCapabilities } from './capabilities.js';
import { createMemoryStorage } from './memory-storage.js';
import { createModelStore } from './model-store.js';
import type { StoreVariant } from './store-variant.js';
import { weightsUrl } from './store-variant.js';

const FILE = new Uint8Array([10, 20, 30, 40, 50, 60, 70, 80]);

// Node's sha256 stands in for the platform's here; core's own sources never import node:crypto.
const createHasher: StoreCapabilities['createHasher'] = async () => {
  const hash = createHash('sha256');
  return { update: (chunk) => void hash.update(chunk), digest: () => hash.digest('hex') };
};
const digest = createHash('sha256').update(FILE).digest('hex');
const variant: StoreVariant = {
  name: 'mem_variant',
  weights: {
    url: 'https://example.invalid/w/mem-x.pth',
    fileName: `mem-${digest.slice(0, 8)}.pth`,
    sha256Prefix: digest.slice(0, 8),
  },
};

function response(status: number, body: Uint8Array | null, headers: Record<string, string> = {}): FetchResponse {
  let sent = false;
  return {
    status,
    statusText: '',
    headers: { get: (name) => headers[name.toLowerCase()] ?? null },
    body: body && {
      getReader: () => ({
        read: async () => {
          if (sent) return { done: true };
          sent = true;
          return { done: false, value: body };
        },
        cancel: async () => {},
      }),
    },
  };
}

function storeWith(fetch: FetchLike) {
  const storage = createMemoryStorage();
  const converted: Uint8Array[] = [];
  const store = createModelStore({
    capabilities: {
      storage,
      fetch,
      createHasher,
      lock: async () => async () => {},
      convert: async (bytes) => {
        converted.push(bytes);
        return { onnx: new Uint8Array([1]), arch: 'x', info: {} };
      },
    },
    resolve: () => variant,
    source: 'fb',
  });
  return { store, storage, converted };
}

describe('createModelStore (platform-neutral, in memory)', () => {
  it('downloads, verifies, converts and stores under the cache keys', async () => {
    const urls: string[] = [];
    const { store, storage, converted } = storeWith(async (url) => {
      urls.push(url);
      return response(200, FILE, { 'content-length': String(FILE.length) });
    });

    const model = await store.loadOnnx('anything', { dtype: 'fp16' });

    expect(urls).toEqual([variant.weights.url]);
    expect(converted).toEqual([FILE]);
    expect(model.key).toBe(`onnx/mem_variant-fp16-${digest.slice(0, 8)}.onnx`);
    expect(await storage.list('')).toEqual([checkpointKey(variant), 'manifest.json', onnxKey(variant, 'fp16')]);
  });

  it('a server that keeps answering a different range than asked → E_DOWNLOAD after a bounded number of restarts', async () => {
    let calls = 0;
    const { store, storage } = storeWith(async (_url, init) => {
      calls += 1;
      // First answer is cut short; then every resume gets a 206 for the wrong offset.
      if (!init.headers.Range) return response(200, FILE.subarray(0, 3), { 'content-length': String(FILE.length) });
      return response(206, FILE.subarray(1), { 'content-range': `bytes 1-7/${FILE.length}` });
    });

    await expect(store.ensureCheckpoint('x')).rejects.toMatchObject({ code: 'E_DOWNLOAD' });
    expect(calls).toBeLessThan(10);
    expect(await storage.list('')).toEqual([]);
  });

  it('the mirror URL is the base URL + the official file name; the official URL otherwise', () => {
    const official = resolveVariant('resnet50_swsl');
    expect(weightsUrl(official)).toBe(official.weights.url);
    expect(weightsUrl(official, 'http://mirror.test/w')).toBe(`http://mirror.test/w/${official.weights.fileName}`);
    expect(weightsUrl(official, 'http://mirror.test/w/')).toBe(`http://mirror.test/w/${official.weights.fileName}`);
  });
});
