import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SwslError } from '@swsl/registry';
import { describe, expect, it } from 'vitest';
import { createNodeModelStore, type NodeModelStoreOptions } from './node-model-store.js';
import { fakeOnnx, recordingConverter } from './test-support/recording-converter.js';
import { caughtSwslError, filesUnder, useTempCacheDir } from './test-support/temp-cache.js';
import { fixtureCheckpoint, resolverFor } from './test-support/test-variants.js';
import { type ServedFile, startWeightsServer, type WeightsServer } from './test-support/weights-server.js';

const checkpoint = fixtureCheckpoint();
const { variant } = checkpoint;
const fileName = variant.weights.fileName;

let server: WeightsServer | undefined;
const cache = useTempCacheDir('swsl-store-', async () => {
  await server?.close();
  server = undefined;
});

async function serve(file: Partial<ServedFile> = {}, name = fileName): Promise<WeightsServer> {
  server = await startWeightsServer({ [name]: { bytes: checkpoint.bytes, ...file } });
  return server;
}

function store(options: Partial<NodeModelStoreOptions> = {}) {
  const converter = recordingConverter();
  const s = createNodeModelStore({
    cacheDir: cache(),
    convert: converter.convert,
    resolve: resolverFor(variant),
    env: {}, // the test's own settings only, whatever the environment running it says
    ...(server ? { baseUrl: server.baseUrl } : {}),
    ...options,
  });
  return { store: s, converter };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const checkpointPath = () => join(cache(), 'checkpoints', fileName);

describe('model store over HTTP (real server on 127.0.0.1)', () => {
  it('first pull downloads, verifies, converts once and caches; the second pull touches neither network nor converter', async () => {
    const { requests } = await serve();
    const { store: s, converter } = store();
    const events: { stage: string; loaded?: number; total?: number | undefined; detail?: unknown }[] = [];

    const model = await s.loadOnnx(variant.name, { dtype: 'fp16', onProgress: (e) => events.push(e) });

    // The converter got exactly the served checkpoint, and the ONNX is what it returned.
    expect(converter.calls).toEqual([
      {
        sha256: checkpoint.sha256,
        bytes: checkpoint.bytes.byteLength,
        options: expect.objectContaining({ dtype: 'fp16' }),
      },
    ]);
    expect(model.onnx).toEqual(fakeOnnx(checkpoint.sha256, 'fp16'));
    expect(model.cached).toBe(false);
    expect(requests).toEqual([{ file: fileName, range: undefined }]);

    // Cache layout: checkpoints/<official file name>, onnx/<variant>-<dtype>-<sha8>.onnx, manifest.json.
    const onnxName = `onnx/${variant.name}-fp16-${variant.weights.sha256Prefix}.onnx`;
    expect(await filesUnder(cache())).toEqual([`checkpoints/${fileName}`, 'manifest.json', onnxName]);
    expect(model.location).toBe(join(cache(), onnxName));
    expect(sha256(await readFile(checkpointPath()))).toBe(checkpoint.sha256);
    const manifest = JSON.parse(await readFile(join(cache(), 'manifest.json'), 'utf8'));
    expect(manifest.files[`checkpoints/${fileName}`]).toMatchObject({
      sha256: checkpoint.sha256,
      bytes: checkpoint.bytes.byteLength,
      source: `${server?.baseUrl}${fileName}`,
    });
    expect(manifest.files[onnxName]).toMatchObject({
      sha256: sha256(model.onnx),
      dtype: 'fp16',
      checkpointSha256: checkpoint.sha256,
    });

    // Progress: download bytes grow to the total, checkpoint stored, the converter's own events passed through, ONNX stored.
    expect(events.find((e) => e.stage === 'convert')).toMatchObject({ detail: { step: 'recorded' } });
    const downloads = events.filter((e) => e.stage === 'download');
    expect(downloads.at(-1)).toMatchObject({ loaded: checkpoint.bytes.byteLength, total: checkpoint.bytes.byteLength });
    expect(downloads.map((e) => e.loaded)).toEqual([...downloads.map((e) => e.loaded)].sort((a = 0, b = 0) => a - b));
    expect(events.map((e) => e.stage).filter((stage, i, all) => stage !== all[i - 1])).toEqual([
      'download',
      'stored',
      'convert',
      'stored',
    ]);

    const again = await s.loadOnnx(variant.name, { dtype: 'fp16' });
    expect(again.cached).toBe(true);
    expect(again.onnx).toEqual(model.onnx);
    expect(requests).toHaveLength(1);
    expect(converter.calls).toHaveLength(1);

    // Another dtype reuses the cached checkpoint: converted again, not downloaded again.
    await s.loadOnnx(variant.name, { dtype: 'fp32' });
    expect(requests).toHaveLength(1);
    expect(converter.calls.map((c) => c.options.dtype)).toEqual(['fp16', 'fp32']);
  });

  it('a connection cut mid-file resumes with an HTTP Range request and ends valid', async () => {
    const cutAt = 100_000;
    const { requests } = await serve({ cuts: { after: cutAt, times: 1 } });
    const { store: s, converter } = store();

    const file = await s.ensureCheckpoint(variant.name);

    // Resumed from where the kept bytes end (fetch may drop a last chunk it had not handed out before the cut).
    expect(requests.map((r) => r.range)).toEqual([undefined, expect.stringMatching(/^bytes=\d+-$/)]);
    const resumedAt = Number(/\d+/.exec(requests[1]?.range ?? '')?.[0]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(cutAt);
    expect(file.sha256).toBe(checkpoint.sha256);
    expect(sha256(await readFile(checkpointPath()))).toBe(checkpoint.sha256);
    expect(await filesUnder(cache())).toEqual([`checkpoints/${fileName}`, 'manifest.json']);
    expect(converter.calls).toHaveLength(0);
  });

  it('a partial file left by a failed run is resumed by the next run', async () => {
    const cutAt = 64_000;
    const { requests } = await serve({ cuts: { after: cutAt, times: 1 } });

    const first = await caughtSwslError(store({ maxRetries: 0 }).store.ensureCheckpoint(variant.name));
    expect(first.code).toBe('E_NETWORK');
    expect(await filesUnder(cache())).toEqual([`checkpoints/${fileName}.part`]);
    const kept = (await readFile(`${checkpointPath()}.part`)).byteLength;
    expect(kept).toBeGreaterThan(0);
    expect(first.message).toContain(`${kept} bytes kept`);

    await store({ maxRetries: 0 }).store.ensureCheckpoint(variant.name);
    expect(requests.map((r) => r.range)).toEqual([undefined, `bytes=${kept}-`]);
    expect(sha256(await readFile(checkpointPath()))).toBe(checkpoint.sha256);
    expect(await filesUnder(cache())).toEqual([`checkpoints/${fileName}`, 'manifest.json']);
  });

  it('a server that ignores Range sends the whole file again: the part restarts from 0 and ends valid', async () => {
    const { requests } = await serve({ cuts: { after: 50_000, times: 1 }, ignoreRange: true });

    await store().store.ensureCheckpoint(variant.name);

    expect(requests.map((r) => r.range)).toEqual([undefined, 'bytes=50000-']);
    expect(sha256(await readFile(checkpointPath()))).toBe(checkpoint.sha256);
  });

  it('a part that already holds the whole file (416 on resume) is verified without downloading again', async () => {
    const { requests } = await serve();
    await mkdir(join(cache(), 'checkpoints'), { recursive: true });
    await writeFile(`${checkpointPath()}.part`, checkpoint.bytes);

    await store().store.ensureCheckpoint(variant.name);

    expect(requests.map((r) => r.range)).toEqual([`bytes=${checkpoint.bytes.byteLength}-`]);
    expect(sha256(await readFile(checkpointPath()))).toBe(checkpoint.sha256);
    expect(await filesUnder(cache())).toEqual([`checkpoints/${fileName}`, 'manifest.json']);
  });

  it('corrupted bytes → E_CHECKSUM naming the file and URL, and nothing left in the cache', async () => {
    const corrupted = checkpoint.bytes.slice();
    corrupted[corrupted.length >> 1] = (corrupted[corrupted.length >> 1] ?? 0) ^ 0xff;
    await serve({ bytes: corrupted });
    const { store: s, converter } = store();

    const error = await caughtSwslError(s.loadOnnx(variant.name));

    expect(error.code).toBe('E_CHECKSUM');
    expect(error.message).toContain(fileName);
    expect(error.message).toContain(`${server?.baseUrl}${fileName}`);
    expect(error.message).toContain(sha256(corrupted));
    expect(await filesUnder(cache())).toEqual([]); // neither .part nor the final file nor an ONNX
    expect(converter.calls).toHaveLength(0);
  });

  it('the full sha256 is checked too when the row has one (right prefix, wrong rest → E_CHECKSUM)', async () => {
    await serve();
    const wrongFull = {
      ...variant,
      weights: { ...variant.weights, sha256: `${variant.weights.sha256Prefix}${'0'.repeat(56)}` },
    };

    const error = await caughtSwslError(
      store({ resolve: resolverFor(wrongFull) }).store.ensureCheckpoint(variant.name),
    );

    expect(error.code).toBe('E_CHECKSUM');
    expect(await filesUnder(cache())).toEqual([]);
  });

  it.each([404, 500])(
    'HTTP %i → E_HTTP with the status, one line naming the URL and the fixes; nothing cached',
    async (status) => {
      await serve({ status });

      const error = await caughtSwslError(store().store.loadOnnx(variant.name));

      expect(error.code).toBe('E_HTTP');
      expect((error as SwslError & { status: number }).status).toBe(status);
      expect(error.message).not.toContain('\n');
      expect(error.message).toContain(`${server?.baseUrl}${fileName}: HTTP ${status}`);
      expect(error.message).toContain(checkpointPath());
      expect(error.message).toContain('--weights <file>');
      expect(await filesUnder(cache())).toEqual([]);
    },
  );

  it('no server listening → E_NETWORK: one line with the URL, the cache path to drop the file at, and --weights', async () => {
    const gone = await serve();
    const baseUrl = gone.baseUrl;
    await gone.close();
    server = undefined;

    const error = await caughtSwslError(store({ baseUrl }).store.loadOnnx(variant.name));

    expect(error.code).toBe('E_NETWORK');
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain(`${baseUrl}${fileName}`);
    expect(error.message).toContain(`put the file at ${checkpointPath()} yourself, or pass --weights <file>`);
    expect(await filesUnder(cache())).toEqual([]);
  });

  it.each([
    ['offline: true', { offline: true }],
    ['SWSL_OFFLINE=1', { env: { SWSL_OFFLINE: '1' } }],
  ])('offline (%s) with an empty cache → the one-line E_OFFLINE message, no request made', async (_, options) => {
    const { requests } = await serve();

    const error = await caughtSwslError(store(options).store.loadOnnx(variant.name));

    expect(error.code).toBe('E_OFFLINE');
    expect(error.message).toBe(
      `Offline (SWSL_OFFLINE=1) and not cached: download ${server?.baseUrl}${fileName} and put it at ${checkpointPath()}, or pass --weights <file>.`,
    );
    expect(requests).toEqual([]);
  });

  it('offline uses what is cached, and verifies a checkpoint dropped into the cache by hand', async () => {
    const { requests } = await serve();
    await mkdir(join(cache(), 'checkpoints'), { recursive: true });
    await writeFile(checkpointPath(), checkpoint.bytes);
    const { store: s, converter } = store({ offline: true });

    const model = await s.loadOnnx(variant.name);

    expect(model.onnx).toEqual(fakeOnnx(checkpoint.sha256, 'fp32'));
    expect(converter.calls).toHaveLength(1);
    expect(requests).toEqual([]);
    expect(await s.cached(variant.name)).toEqual({ checkpoint: true, onnx: ['fp32'] });
  });

  it('a wrong file dropped into the cache → E_CHECKSUM naming it, and it is removed', async () => {
    await mkdir(join(cache(), 'checkpoints'), { recursive: true });
    await writeFile(checkpointPath(), new Uint8Array([1, 2, 3]));

    const error = await caughtSwslError(store({ offline: true }).store.loadOnnx(variant.name));

    expect(error.code).toBe('E_CHECKSUM');
    expect(error.message).toContain(checkpointPath());
    expect(await filesUnder(cache())).toEqual([]);
  });

  it('remove deletes the checkpoint, every ONNX and their manifest entries', async () => {
    await serve();
    const { store: s } = store();
    await s.loadOnnx(variant.name);

    const removed = await s.remove(variant.name);

    expect(removed.sort()).toEqual(
      [checkpointPath(), join(cache(), 'onnx', `${variant.name}-fp32-${variant.weights.sha256Prefix}.onnx`)].sort(),
    );
    expect(await filesUnder(cache())).toEqual(['manifest.json']);
    expect(JSON.parse(await readFile(join(cache(), 'manifest.json'), 'utf8')).files).toEqual({});
  });
});
