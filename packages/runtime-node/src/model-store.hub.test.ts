import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FetchLike } from '@swsl/core';
import { closedPort, type HubServer, startHubServer } from '@swsl/test-servers';
import { describe, expect, it } from 'vitest';
import { createNodeModelStore, type NodeModelStoreOptions } from './node-model-store.js';
import { fakeOnnx, recordingConverter } from './test-support/recording-converter.js';
import { caughtSwslError, filesUnder, useTempCacheDir } from './test-support/temp-cache.js';
import { hubFixture, resolverFor } from './test-support/test-variants.js';

const fixture = hubFixture();
const { variant, repo } = fixture;
const DEAD = `http://127.0.0.1:${await closedPort()}`;
const UNREACHABLE = `${DEAD}/weights/`;

let hub: HubServer | undefined;
const cache = useTempCacheDir('swsl-hub-', async () => {
  await hub?.close();
  hub = undefined;
});

async function serve(script: Partial<Parameters<typeof startHubServer>[0]['files'][string]> = {}) {
  hub = await startHubServer({ files: { [repo]: { bytes: fixture.bytes, ...script } } });
  return hub;
}

function store(options: Partial<NodeModelStoreOptions> = {}) {
  const converter = recordingConverter();
  const s = createNodeModelStore({
    cacheDir: cache(),
    convert: converter.convert,
    resolve: resolverFor(variant),
    env: {},
    source: 'hf',
    ...(hub ? { hfEndpoint: hub.endpoint } : {}),
    ...options,
  });
  return { store: s, converter };
}

const hubKey = `checkpoints/hf/${repo}/main/model.safetensors`;
const onnxKey = `onnx/${variant.name}-fp32-${fixture.sha256.slice(0, 8)}.onnx`;

describe('the Hugging Face hub as a weight source (imitation hub on 127.0.0.1)', () => {
  it('first use resolves, downloads from the CDN, verifies against X-Linked-Etag, converts; then no request', async () => {
    await serve();
    const { store: s, converter } = store();
    const origins: string[] = [];
    const model = await s.loadOnnx(variant.name, {
      onProgress: (p) => p.stage === 'download' && origins.push(p.origin),
    });

    expect(model).toMatchObject({ origin: 'hf', cached: false, key: onnxKey, checkpointSha256: fixture.sha256 });
    expect(model.onnx).toEqual(fakeOnnx(fixture.sha256, 'fp32'));
    expect(new Set(origins)).toEqual(new Set(['hf']));
    expect(converter.calls.map((c) => c.sha256)).toEqual([fixture.sha256]);
    expect(await readFile(join(cache(), hubKey))).toEqual(Buffer.from(fixture.bytes));
    const manifest = JSON.parse(await readFile(join(cache(), 'manifest.json'), 'utf8'));
    expect(manifest.files[hubKey]).toMatchObject({
      sha256: fixture.sha256,
      origin: 'hf',
      source: s.sourceUrls(variant.name)[0],
    });
    expect(hub!.requests.map((r) => [r.origin, r.status])).toEqual([
      ['hub', 302], // X-Linked-Etag, redirect not followed
      ['hub', 302], // the download itself, redirect followed …
      ['cdn', 200], // … to the CDN's one-time URL
    ]);

    const before = hub!.requests.length;
    const again = await store().store.loadOnnx(variant.name);
    expect(again).toMatchObject({ origin: 'hf', cached: true, key: onnxKey });
    expect(hub!.requests).toHaveLength(before);
    expect(await store({ offline: true }).store.loadOnnx(variant.name)).toMatchObject({ cached: true });
  });

  it('corrupted bytes → E_CHECKSUM naming both hashes; nothing is cached', async () => {
    await serve({ corrupt: true });
    const error = await caughtSwslError(store().store.loadOnnx(variant.name));
    expect(error.code).toBe('E_CHECKSUM');
    expect(error.message).toContain(fixture.sha256);
    expect(await filesUnder(cache())).toEqual([]);
  });

  it('a wrong X-Linked-Etag is refused (E_CHECKSUM), nothing cached; an ETag that is no sha256 → E_HUB_INTEGRITY', async () => {
    await serve({ claimedSha256: 'ab'.repeat(32) });
    const wrong = await caughtSwslError(store().store.loadOnnx(variant.name));
    expect(wrong.code).toBe('E_CHECKSUM');
    expect(wrong.message).toContain(`does not match the expected ${'ab'.repeat(32)}`);
    expect(await filesUnder(cache())).toEqual([]);

    await hub!.close();
    await serve({ claimedSha256: 'not-a-sha256' });
    const none = await caughtSwslError(store().store.loadOnnx(variant.name));
    expect(none.code).toBe('E_HUB_INTEGRITY');
    expect(hub!.requests.filter((r) => r.origin === 'cdn')).toHaveLength(0); // refused before any byte
  });

  it('a connection cut mid-file resumes with Range, resolving again (the first CDN URL was good for one use)', async () => {
    await serve({ cuts: { after: 20_000, times: 1 } });
    const model = await store().store.loadOnnx(variant.name);
    expect(model.checkpointSha256).toBe(fixture.sha256);
    const cdn = hub!.requests.filter((r) => r.origin === 'cdn');
    expect(cdn.map((r) => r.range)).toEqual([undefined, 'bytes=20000-']);
    expect(new Set(cdn.map((r) => r.path)).size).toBe(2);
    expect(hub!.requests.filter((r) => r.origin === 'hub')).toHaveLength(3);
  });

  it('a download cut in an earlier run resumes in the next one from the kept part', async () => {
    await serve({ cuts: { after: 30_000, times: 1 } });
    const first = await caughtSwslError(store({ maxRetries: 0 }).store.loadOnnx(variant.name));
    expect(first.code).toBe('E_NETWORK');
    expect(first.message).toContain('30000 bytes kept');
    await store().store.loadOnnx(variant.name);
    expect(hub!.requests.filter((r) => r.origin === 'cdn').map((r) => r.range)).toEqual([undefined, 'bytes=30000-']);
  });

  it('where redirects are hidden (a browser’s opaqueredirect), the sha256 comes from the model-info API', async () => {
    await serve();
    const browserLike: FetchLike = async (url, init) => {
      const response = await fetch(url, init as RequestInit);
      if (init.redirect !== 'manual' || response.status < 300 || response.status >= 400) return response;
      return { status: 0, statusText: '', type: 'opaqueredirect', headers: new Headers(), body: null };
    };
    const model = await store({ fetch: browserLike }).store.loadOnnx(variant.name);
    expect(model.checkpointSha256).toBe(fixture.sha256);
    expect(hub!.requests.map((r) => r.origin)).toEqual(['hub', 'api', 'hub', 'cdn']);
  });

  it('auto: Facebook’s URL first, then the hub; when both fail, one line naming both URLs, the cache path and --weights', async () => {
    await serve();
    const { store: auto } = store({ source: 'auto', baseUrl: UNREACHABLE });
    expect(auto.sourceUrls(variant.name)).toEqual([
      `${UNREACHABLE}${variant.weights.fileName}`,
      `${hub!.endpoint}/${repo}/resolve/main/model.safetensors`,
    ]);
    expect(await auto.loadOnnx(variant.name)).toMatchObject({ origin: 'hf', cached: false });

    await rm(cache(), { recursive: true, force: true });
    const dead = store({ source: 'auto', baseUrl: UNREACHABLE, hfEndpoint: DEAD }).store;
    const error = await caughtSwslError(dead.loadOnnx(variant.name));
    expect(error.code).toBe('E_NETWORK');
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain(
      `${UNREACHABLE}${variant.weights.fileName} (E_NETWORK: fetch failed: connect ECONNREFUSED`,
    );
    expect(error.message).toContain(`then ${DEAD}/${repo}/resolve/main/model.safetensors (E_NETWORK`);
    expect(error.message).toContain(join(cache(), 'checkpoints', variant.weights.fileName));
    expect(error.message).toContain('--weights <file>');
  });

  it('lists and clears what it keeps; keepCheckpoint: false keeps only the ONNX', async () => {
    await serve();
    const { store: s } = store({ keepCheckpoint: false });
    await s.loadOnnx(variant.name);
    expect((await s.list()).map((f) => [f.key, f.kind, f.origin, f.variant])).toEqual([
      [onnxKey, 'onnx', 'hf', variant.name],
    ]);
    expect(await s.cached(variant.name)).toEqual({ checkpoint: false, onnx: ['fp32'] });
    // Found again through the manifest, although its checkpoint is gone.
    expect(await s.loadOnnx(variant.name)).toMatchObject({ cached: true });
    expect(await s.clear()).toEqual([join(cache(), onnxKey)]);
    expect(await filesUnder(cache())).toEqual([]);
  });
});
