import { join } from 'node:path';
import { fixturePath } from '@swsl/reference';
import { startHubServer } from '@swsl/test-servers';
import { describe, expect, it } from 'vitest';
import { createClassifier } from './create-classifier.js';
import { CudaUnavailableError } from './device.js';
import { useTempCacheDir } from './test-support/temp-cache.js';
import { fixtureCheckpoint, hubFixture, resolverFor } from './test-support/test-variants.js';
import { startWeightsServer, type WeightsServer } from './test-support/weights-server.js';

const REPO = join(fixturePath('.'), '../../..');
const chelsea = join(REPO, 'samples/chelsea.jpg');
const coffee = join(REPO, 'samples/coffee.jpg');

let server: WeightsServer | undefined;
const cache = useTempCacheDir('swsl-classifier-', async () => {
  await server?.close();
  server = undefined;
});

describe('createClassifier', () => {
  it('first use downloads, verifies, converts (the real converter), caches and classifies; then works offline', async () => {
    const checkpoint = fixtureCheckpoint('tiny-basic.legacy.pth');
    server = await startWeightsServer({ [checkpoint.variant.weights.fileName]: { bytes: checkpoint.bytes } });
    const stages: string[] = [];
    const options = {
      cacheDir: cache(),
      baseUrl: server.baseUrl,
      resolve: resolverFor(checkpoint.variant),
      device: 'cpu' as const,
      onProgress: (p: { stage: string }) => stages.push(p.stage),
    };
    const pulled = await createClassifier(checkpoint.variant.name, options);
    const first = await pulled.classify([chelsea, coffee]);
    await pulled.dispose();
    expect(stages).toContain('download');
    expect(stages).toContain('convert');
    expect(pulled.info).toMatchObject({
      variant: checkpoint.variant.name,
      device: 'cpu',
      dtype: 'fp32',
      numClasses: 1000,
    });

    // The same checkpoint converted directly gives the same answers; the cached model is used offline.
    const direct = await createClassifier({ checkpoint: fixturePath('tiny-basic.legacy.pth') }, { device: 'cpu' });
    expect(await direct.classify([chelsea, coffee])).toEqual(first);
    await direct.dispose();
    const offline = await createClassifier(checkpoint.variant.name, { ...options, offline: true, baseUrl: undefined });
    expect(await offline.classify([chelsea, coffee])).toEqual(first);
    await offline.dispose();
    expect(server.requests).toHaveLength(1);
  });

  it('source hf: the hub’s safetensors answers exactly as Facebook’s .pth of the same weights', async () => {
    const fixture = hubFixture();
    const hub = await startHubServer({ files: { [fixture.repo]: { bytes: fixture.bytes } } });
    try {
      const fromHub = await createClassifier(fixture.variant.name, {
        cacheDir: cache(),
        source: 'hf',
        hfEndpoint: hub.endpoint,
        resolve: resolverFor(fixture.variant),
        device: 'cpu',
      });
      const direct = await createClassifier({ checkpoint: fixturePath('tiny-basic.zip.pth') }, { device: 'cpu' });
      expect(await fromHub.classify([chelsea, coffee])).toEqual(await direct.classify([chelsea, coffee]));
      expect(fromHub.info.variant).toBe(fixture.variant.name);
      await Promise.all([fromHub.dispose(), direct.dispose()]);
    } finally {
      await hub.close();
    }
  });

  it('ranks by probability with labels, batches large lists, and embeds', async () => {
    const c = await createClassifier(
      { checkpoint: fixturePath('tiny-basic.zip.pth') },
      { device: 'cpu', batchSize: 2 },
    );
    const [one] = await c.classify(chelsea, { topK: 10 });
    expect(one).toHaveLength(10);
    for (let i = 1; i < one!.length; i++) expect(one![i - 1]!.probability).toBeGreaterThanOrEqual(one![i]!.probability);
    expect(one![0]!.wnid).toMatch(/^n\d{8}$/);
    const five = await c.classify([chelsea, coffee, chelsea, coffee, chelsea]);
    expect(five).toHaveLength(5);
    expect(five[4]).toEqual(five[0]!.slice(0, 5));
    const [features] = await c.embed(coffee);
    expect(features).toHaveLength(32);
    await c.dispose();
  });

  it('device auto without the CUDA provider installed runs on CPU without a word; explicit cuda is E_CUDA_UNAVAILABLE', async () => {
    const warnings: string[] = [];
    const auto = await createClassifier(
      { checkpoint: fixturePath('tiny-basic.zip.pth') },
      { onWarning: (w) => warnings.push(w) },
    );
    expect(auto.info.device).toBe('cpu');
    expect(warnings).toEqual([]);
    await auto.dispose();
    await expect(
      createClassifier({ checkpoint: fixturePath('tiny-basic.zip.pth') }, { device: 'cuda' }),
    ).rejects.toBeInstanceOf(CudaUnavailableError);
  });

  it('a model file that is missing or a folder: E_NOT_FOUND / E_READ naming the path and the fix', async () => {
    const missing = join(REPO, 'no-such-model.onnx');
    for (const source of [{ onnx: missing }, { checkpoint: missing.replace('.onnx', '.pth') }]) {
      const error = await createClassifier(source, { device: 'cpu' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'E_NOT_FOUND' });
      expect((error as Error).message).toContain('no-such-model');
      expect((error as Error).message).toContain('Check the path');
    }
    await expect(createClassifier({ onnx: join(REPO, 'samples') }, { device: 'cpu' })).rejects.toMatchObject({
      code: 'E_READ',
      message: expect.stringContaining('folder'),
    });
  });
});
