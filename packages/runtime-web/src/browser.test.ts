import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithBrowser, launchChromium } from '@swsl/browser-harness';
import { convertCheckpoint } from '@swsl/convert';
import type { Prediction } from '@swsl/core';
import { fixturePath } from '@swsl/reference';
import { createClassifier as createNodeClassifier } from '@swsl/runtime-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WebClassifierInfo } from './create-classifier.js';
import { bundleTestPage } from './test-support/bundle.js';
import { expectSameTop5, type Top5 } from './test-support/expect-top5.js';
import type { PageGlobals } from './test-support/page.js';
import { samplePath } from './test-support/paths.js';
import { startTestServer, type TestServer } from './test-support/server.js';
import type { GpuAdapterLike } from './webgpu.js';

// The independent reference is runtime-node (itself tested against PyTorch) on the same committed tiny model
// (tiny-basic: BasicBlock ResNet, 1000 classes, BN calibrated on real images) and the same committed photos.
const IMAGES = ['chelsea.jpg', 'coffee.jpg'];
const CHECKPOINT = 'tiny-basic.zip.pth';

type GpuNavigator = { gpu: { requestAdapter(): Promise<GpuAdapterLike | null> } };
type WorkerAnswer = { error?: string; info: WebClassifierInfo; predictions: Prediction[][] };

describeWithBrowser('runtime-web in Chromium (wasm, webgpu, worker conversion, Cache Storage)', () => {
  let work: string;
  let server: TestServer;
  let browser: Browser;
  let reference: Top5;
  let referenceFeatures: number[][];
  let checkpointBytes: Uint8Array;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'swsl-runtime-web-'));
    checkpointBytes = new Uint8Array(readFileSync(fixturePath(CHECKPOINT)));
    const { onnx } = await convertCheckpoint(checkpointBytes);
    await bundleTestPage(work);
    server = await startTestServer(work, {
      'tiny.onnx': onnx,
      'tiny-copy.onnx': onnx,
      'tiny-again.onnx': onnx,
      'models/resnet18_ssl-fp32.onnx': onnx,
      [CHECKPOINT]: checkpointBytes,
      ...Object.fromEntries(IMAGES.map((name) => [name, samplePath(name)])),
    });
    browser = await launchChromium();
    const node = await createNodeClassifier({ checkpoint: fixturePath(CHECKPOINT) }, { device: 'cpu' });
    try {
      reference = await node.classify(IMAGES.map(samplePath));
      referenceFeatures = (await node.embed(IMAGES.map(samplePath))).map((f) => [...f]);
    } finally {
      await node.dispose();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** A fresh page (own onnxruntime instance) in its own context (own, empty Cache Storage) unless one is given. */
  async function openPage(path = '/', context?: Awaited<ReturnType<Browser['newContext']>>): Promise<Page> {
    const page = await (context ?? (await browser.newContext())).newPage();
    page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
    await page.goto(`${server.origin}${path}`);
    await page.waitForFunction(() => 'swsl' in globalThis);
    return page;
  }

  /** Classifies the test images in the page; returns top-5, info, progress stages and warnings. */
  async function classifyIn(page: Page, source: unknown, options: Record<string, unknown>) {
    return page.evaluate(
      async ({ source, options, images }) => {
        const { swsl, testkit } = globalThis as unknown as PageGlobals;
        const stages: string[] = [];
        const warnings: { code: string; message: string }[] = [];
        const resolved =
          source && typeof source === 'object' && 'checkpointUrl' in source
            ? { checkpoint: await testkit.blob((source as { checkpointUrl: string }).checkpointUrl) }
            : source;
        const classifier = await swsl.createClassifier(resolved as never, {
          wasmPaths: '/ort/',
          ...options,
          onProgress: (p) => stages.push(p.stage),
          onWarning: (w) => warnings.push(w),
        });
        const blobs = await Promise.all(images.map((name) => testkit.blob(`/files/${name}`)));
        const predictions = await classifier.classify(blobs);
        const features = (await classifier.embed(blobs)).map((f) => [...f]);
        await classifier.dispose();
        return {
          info: classifier.info,
          predictions,
          features,
          stages: [...new Set(stages)],
          warnings,
          crossOriginIsolated,
          hardwareConcurrency: navigator.hardwareConcurrency,
        };
      },
      { source, options, images: IMAGES },
    );
  }

  async function errorIn(page: Page, source: unknown, options: Record<string, unknown>) {
    return page.evaluate(
      async ({ source, options }) => {
        const { swsl, testkit } = globalThis as unknown as PageGlobals;
        return testkit.errorOf(swsl.createClassifier(source as never, { wasmPaths: '/ort/', ...options }));
      },
      { source, options },
    );
  }

  it('wasm: same top-5 and features as runtime-node; threads = cores on a cross-origin isolated page', async () => {
    const page = await openPage();
    const r = await classifyIn(page, { url: '/files/tiny.onnx' }, { device: 'wasm' });
    expect(r.info.device).toBe('wasm');
    expect(r.crossOriginIsolated).toBe(true);
    expect(r.info.threads).toBe(r.hardwareConcurrency);
    expect(r.info.numClasses).toBe(1000);
    expectSameTop5(r.predictions, reference, 1e-5);
    expect(r.predictions[0]?.[0]?.name).toBe(reference[0]?.[0]?.name);
    for (const [i, f] of r.features.entries()) {
      const ref = referenceFeatures[i] as number[];
      const scale = Math.max(...ref.map(Math.abs));
      expect(Math.max(...f.map((v, j) => Math.abs(v - (ref[j] as number))))).toBeLessThan(1e-4 * scale);
    }
    expect(r.stages).toEqual(['download', 'verify', 'session']);
    // …and no WebGPU device was started for it.
    expect(
      await page.evaluate(() =>
        Object.getOwnPropertyDescriptor((globalThis as unknown as PageGlobals).ort.env.webgpu, 'device'),
      ),
    ).toBeUndefined();
    await page.context().close();
  });

  it('webgpu: really runs on a WebGPU adapter, same top-5 as runtime-node', async () => {
    const page = await openPage();
    const r = await classifyIn(page, { url: '/files/tiny.onnx' }, { device: 'webgpu' });
    expect(r.info.device).toBe('webgpu');
    expect(r.info.adapter).toMatch(/\w/);
    // onnxruntime-web's WebGPU backend started: it published the GPUDevice it runs on, from the adapter we report.
    const gpuDevice = await page.evaluate(() => {
      const device = Object.getOwnPropertyDescriptor(
        (globalThis as unknown as PageGlobals).ort.env.webgpu,
        'device',
      )?.value;
      return device && { hasQueue: typeof device.queue === 'object', vendor: device.adapterInfo?.vendor as string };
    });
    expect(gpuDevice?.hasQueue).toBe(true);
    expect(r.info.adapter).toContain(gpuDevice?.vendor);
    expectSameTop5(r.predictions, reference, 1e-4);
    expect(r.warnings).toEqual([]);
    await page.context().close();
  });

  it('auto never picks a software adapter (SwiftShader here): wasm; fp16 is refused before any download where it cannot run', async () => {
    const page = await openPage();
    const adapter = await page.evaluate(async () => {
      const a = (await (navigator as unknown as GpuNavigator).gpu.requestAdapter()) as GpuAdapterLike;
      const info = a.info ?? {};
      return {
        hasF16: a.features.has('shader-f16'),
        names: [info.vendor, info.architecture, info.device, info.description].join(' '),
        fallback: info.isFallbackAdapter === true || a.isFallbackAdapter === true,
      };
    });
    const software = adapter.fallback || /swiftshader|llvmpipe|lavapipe/i.test(adapter.names);
    const hasF16 = adapter.hasF16;
    const auto = await classifyIn(page, { url: '/files/tiny.onnx' }, {});
    expect(auto.info.device).toBe(software ? 'wasm' : 'webgpu');
    expect(auto.warnings).toEqual([]);
    expectSameTop5(auto.predictions, reference, software ? 1e-5 : 1e-4);
    if (software) {
      // …and it did not even start a WebGPU device on the side.
      expect(
        await page.evaluate(() =>
          Object.getOwnPropertyDescriptor((globalThis as unknown as PageGlobals).ort.env.webgpu, 'device'),
        ),
      ).toBeUndefined();
    }
    const wasmFp16 = await errorIn(page, { url: '/files/fp16-never-fetched.onnx' }, { device: 'wasm', dtype: 'fp16' });
    expect(wasmFp16?.code).toBe('E_FP16_UNSUPPORTED');
    if (!hasF16) {
      const gpuFp16 = await errorIn(page, { url: '/files/fp16-never-fetched.onnx' }, { dtype: 'fp16' });
      expect(gpuFp16?.code).toBe('E_FP16_UNSUPPORTED');
      expect(gpuFp16?.message).toContain("'shader-f16'");
    }
    expect(server.hits.get('/files/fp16-never-fetched.onnx')).toBeUndefined();
    await page.context().close();
  });

  it('a .pth converts in a Web Worker and gives the same top-5; the second load is a cache hit', async () => {
    const context = await browser.newContext();
    const page = await openPage('/', context);
    const first = await classifyIn(page, { checkpointUrl: `/files/${CHECKPOINT}` }, { device: 'wasm' });
    expect(first.info.cached).toBe(false);
    expect(first.stages).toEqual(['verify', 'convert', 'session']);
    expectSameTop5(first.predictions, reference, 1e-5);
    const workers = await page.evaluate(() => (globalThis as unknown as PageGlobals).testkit.workerUrls as string[]);
    expect(workers.filter((url) => url.endsWith('/convert-worker.js'))).toHaveLength(1);

    const again = await openPage('/', context); // same context: same Cache Storage, fresh page
    const second = await classifyIn(again, { checkpointUrl: `/files/${CHECKPOINT}` }, { device: 'wasm' });
    expect(second.info.cached).toBe(true);
    expect(second.stages).not.toContain('convert');
    const workersAgain = await again.evaluate(
      () => (globalThis as unknown as PageGlobals).testkit.workerUrls as string[],
    );
    expect(workersAgain.filter((url) => url.endsWith('/convert-worker.js'))).toEqual([]);
    expectSameTop5(second.predictions, reference, 1e-5);
    await context.close();
  });

  it('errors thrown in the worker are re-thrown with their code and class name', async () => {
    const expected = await convertCheckpoint(new Uint8Array(readFileSync(samplePath('coffee.jpg')))).catch((e) => e);
    expect(expected.code).toMatch(/^E_/);
    const page = await openPage();
    const error = await page.evaluate(async () => {
      const { swsl, testkit } = globalThis as unknown as PageGlobals;
      const notACheckpoint = await testkit.blob('/files/coffee.jpg');
      return testkit.errorOf(
        swsl.createClassifier({ checkpoint: notACheckpoint, name: 'coffee.jpg' }, { cache: false }),
      );
    });
    expect(error).toMatchObject({ code: expected.code, name: expected.name });
    expect(error?.message).toContain('coffee.jpg');
    await page.context().close();
  });

  it('Cache Storage: a second load does not download; a corrupted entry fails its sha256 check and is replaced', async () => {
    const context = await browser.newContext();
    const page = await openPage('/', context);
    const url = '/files/tiny-copy.onnx';
    const first = await classifyIn(page, { url }, { device: 'wasm' });
    expect(first.info.cached).toBe(false);
    const second = await classifyIn(page, { url }, { device: 'wasm' });
    expect(second.info.cached).toBe(true);
    expect(server.hits.get(url)).toBe(1);
    expectSameTop5(second.predictions, reference, 1e-5);

    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).testkit.corruptCache())).toBe(1);
    const [damaged] = await page.evaluate(() => (globalThis as unknown as PageGlobals).testkit.cacheEntries());
    expect(damaged?.actual).not.toBe(damaged?.stored);
    const third = await classifyIn(page, { url }, { device: 'wasm' });
    expect(third.warnings.map((w) => w.code)).toEqual(['E_CHECKSUM']);
    expect(third.warnings[0]?.message).toContain('tiny-copy.onnx');
    expect(third.info.cached).toBe(false);
    expect(server.hits.get(url)).toBe(2);
    expectSameTop5(third.predictions, reference, 1e-5);
    const [repaired] = await page.evaluate(() => (globalThis as unknown as PageGlobals).testkit.cacheEntries());
    expect(repaired?.actual).toBe(repaired?.stored);
    await context.close();
  });

  it('variant names load <modelBaseUrl>/<variant>-<dtype>.onnx once, then from the cache by name; others go to the hub', async () => {
    const context = await browser.newContext();
    const page = await openPage('/', context);
    const first = await classifyIn(page, 'ssl_resnet18', { device: 'wasm', modelBaseUrl: '/files/models/' });
    expect(first.info.variant).toBe('resnet18_ssl');
    const second = await classifyIn(page, 'resnet18_ssl', { device: 'wasm' }); // no base URL needed once cached
    expect(second.info.cached).toBe(true);
    expect(server.hits.get('/files/models/resnet18_ssl-fp32.onnx')).toBe(1);
    // Not cached and no base URL: it comes from the hub (hub-store.test.ts); this one answers 404.
    const missing = await errorIn(page, 'resnet50_swsl', { device: 'wasm', hfEndpoint: `${server.origin}/no-hub` });
    expect(missing?.code).toBe('E_HTTP');
    expect(missing?.message).toContain(`${server.origin}/no-hub/timm/resnet50.fb_swsl_ig1b_ft_in1k/resolve/main/`);
    await context.close();
  });

  it('typed errors: HTTP 404 (E_HTTP), a wrong expected sha256 (E_CHECKSUM, nothing cached), not an ONNX (E_NOT_ONNX)', async () => {
    const page = await openPage();
    const notFound = await errorIn(page, { url: '/files/missing.onnx' }, { device: 'wasm' });
    expect(notFound?.code).toBe('E_HTTP');
    expect(notFound?.message).toContain(`${server.origin}/files/missing.onnx`);
    const wrong = await errorIn(page, { url: '/files/tiny-again.onnx', sha256: '0'.repeat(64) }, { device: 'wasm' });
    expect(wrong?.code).toBe('E_CHECKSUM');
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).testkit.cacheEntries())).toEqual([]);
    // A photo given as a .onnx: E_NOT_ONNX naming the file and what it is, not a protobuf reader's offset.
    const notOnnx = await page.evaluate(async () => {
      const { swsl, testkit } = globalThis as unknown as PageGlobals;
      const photo = await testkit.blob('/files/coffee.jpg');
      return testkit.errorOf(swsl.createClassifier({ onnx: photo, name: 'coffee.onnx' }, { device: 'wasm' }));
    });
    expect(notOnnx?.code).toBe('E_NOT_ONNX');
    expect(notOnnx?.message).toContain('coffee.onnx');
    expect(notOnnx?.message).toContain('JPEG');
    await page.context().close();
  });

  it('without cross-origin isolation WASM runs on 1 thread (file-URL wasmPaths); also works inside a Worker', async () => {
    const page = await openPage('/plain');
    // wasmPaths as two file URLs (what a bundler's `?url` imports give) instead of a folder.
    const wasmPaths = { wasm: '/ort/ort-wasm-simd-threaded.jsep.wasm', mjs: '/ort/ort-wasm-simd-threaded.jsep.mjs' };
    const plain = await classifyIn(page, { url: '/files/tiny.onnx' }, { device: 'wasm', cache: false, wasmPaths });
    expect(plain.crossOriginIsolated).toBe(false);
    expect(plain.info.threads).toBe(1);
    expectSameTop5(plain.predictions, reference, 1e-5);
    const inWorker = await page.evaluate(
      (images) =>
        new Promise<WorkerAnswer>((resolve) => {
          const worker = new Worker('/classify-worker.js', { type: 'module' });
          worker.onmessage = (event) => resolve(event.data);
          worker.postMessage({ model: '/files/tiny.onnx', images: images.map((n) => `/files/${n}`) });
        }),
      IMAGES,
    );
    expect(inWorker.error).toBeUndefined();
    expect(inWorker.info.device).toBe('wasm');
    expectSameTop5(inWorker.predictions, reference, 1e-5);
    await page.context().close();
  });
});
