import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithBrowser, launchChromium } from '@swsl/browser-harness';
import { convertCheckpoint } from '@swsl/convert';
import { fixturePath } from '@swsl/reference';
import { createClassifier as createNodeClassifier } from '@swsl/runtime-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleTestPage } from './test-support/bundle.js';
import { expectSameTop5, type Top5 } from './test-support/expect-top5.js';
import type { PageGlobals } from './test-support/page.js';
import { samplePath } from './test-support/paths.js';
import { startTestServer, type TestServer } from './test-support/server.js';

// Reference: runtime-node (device 'cpu', itself tested against PyTorch) on the committed tiny model and photos.
const IMAGES = ['chelsea.jpg', 'coffee.jpg'];
const CHECKPOINT = 'tiny-basic.zip.pth';
// Decoded by @swsl/preprocess/browser's own decoders (PNG, TIFF loaded on demand) inside the worker too.
const OTHER_FORMATS = ['palette-trns-interlaced-21x30.png', 'gray16-23x19.png', 'cmyk-25x25.tiff'];
type G = PageGlobals;

describeWithBrowser('createWorkerClassifier in Chromium (session and inference in a module worker)', () => {
  let work: string;
  let server: TestServer;
  let browser: Browser;
  let reference: Top5;
  let referenceFeatures: number[][];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'swsl-worker-classifier-'));
    const checkpointBytes = new Uint8Array(readFileSync(fixturePath(CHECKPOINT)));
    const { onnx } = await convertCheckpoint(checkpointBytes);
    await bundleTestPage(work);
    server = await startTestServer(work, {
      'tiny.onnx': onnx,
      [CHECKPOINT]: checkpointBytes,
      ...Object.fromEntries(IMAGES.map((name) => [name, samplePath(name)])),
      ...Object.fromEntries(OTHER_FORMATS.map((name) => [name, fixturePath(`preprocess/${name}`)])),
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

  async function openPage(path = '/'): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
    await page.goto(`${server.origin}${path}`);
    await page.waitForFunction(() => 'swsl' in globalThis);
    return page;
  }

  it('a .pth: converted, session created and classified in the worker; same top-5 and features; no main-thread task > 200 ms', async () => {
    const page = await openPage();
    const r = await page.evaluate(
      async ({ images, checkpoint }) => {
        const { swsl, testkit } = globalThis as unknown as G;
        const checkpointBlob = await testkit.blob(`/files/${checkpoint}`);
        const blobs = await Promise.all(images.map((name) => testkit.blob(`/files/${name}`)));
        const stages: string[] = [];
        const stop = testkit.watchLongTasks();
        const classifier = await swsl.createWorkerClassifier(
          { checkpoint: checkpointBlob, name: checkpoint },
          { device: 'wasm', wasmPaths: '/ort/', onProgress: (p) => stages.push(p.stage) },
        );
        const predictions = await classifier.classify(blobs);
        const features = (await classifier.embed(blobs)).map((f) => [...f]);
        const top3 = await classifier.classify(blobs[0] as Blob, { topK: 3 });
        // Let the last long-task entries arrive.
        await new Promise((resolve) => setTimeout(resolve, 100));
        const longTasks = stop();
        // Control: the probe does see a 250 ms main-thread task.
        const stopControl = testkit.watchLongTasks();
        const until = performance.now() + 250;
        while (performance.now() < until) {}
        await new Promise((resolve) => setTimeout(resolve, 100));
        const control = stopControl();
        await classifier.dispose();
        const afterDispose = await testkit.errorOf(classifier.classify(blobs[0] as Blob));
        return {
          info: classifier.info,
          predictions,
          features,
          top3,
          stages: [...new Set(stages)],
          longTasks,
          control,
          afterDispose,
          workers: testkit.workerUrls,
        };
      },
      { images: IMAGES, checkpoint: CHECKPOINT },
    );
    expect(r.info.device).toBe('wasm');
    expect(r.info.numClasses).toBe(1000);
    expectSameTop5(r.predictions, reference, 1e-5);
    for (const [i, f] of r.features.entries()) {
      const ref = referenceFeatures[i] as number[];
      const scale = Math.max(...ref.map(Math.abs));
      expect(Math.max(...f.map((v, j) => Math.abs(v - (ref[j] as number))))).toBeLessThan(1e-4 * scale);
    }
    expect(r.top3[0]?.map((p) => p.index)).toEqual(reference[0]?.slice(0, 3).map((p) => p.index));
    expect(r.stages).toEqual(['verify', 'convert', 'session']);
    // One classifier worker, and the conversion ran inside it (no second worker from the page).
    expect(r.workers.map((url) => url.split('/').pop())).toEqual(['classifier-worker.js']);
    expect(Math.max(0, ...r.longTasks)).toBeLessThan(200);
    expect(Math.max(0, ...r.control)).toBeGreaterThanOrEqual(200);
    expect(r.afterDispose?.code).toBe('E_DISPOSED');
    await page.context().close();
  });

  it('images of every kind cross to the worker (Blob, ArrayBuffer, Uint8Array, ImageBitmap, <img>, canvas, ImageData; PNG, TIFF, WebP) and decode there as on the page', async () => {
    const page = await openPage();
    const r = await page.evaluate(
      async ({ name, others }) => {
        const { swsl, testkit } = globalThis as unknown as G;
        const blob = await testkit.blob(`/files/${name}`);
        const buffer = await blob.arrayBuffer();
        const bitmap = await createImageBitmap(blob);
        const img = new Image();
        img.src = URL.createObjectURL(blob);
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const context = canvas.getContext('2d') as CanvasRenderingContext2D;
        context.drawImage(img, 0, 0);
        const imageData = context.getImageData(0, 0, canvas.width, canvas.height);
        const webp = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b as Blob), 'image/webp', 0.9));
        const formats = await Promise.all(others.map((file) => testkit.blob(`/files/${file}`)));
        const inputs = [blob, buffer, new Uint8Array(buffer), bitmap, img, canvas, imageData, webp, ...formats];
        const options = { device: 'wasm' as const, wasmPaths: '/ort/' };
        const here = await swsl.createClassifier({ url: '/files/tiny.onnx' }, options);
        const there = await swsl.createWorkerClassifier({ url: '/files/tiny.onnx' }, options);
        const inWorker = await there.classify(inputs);
        const onPage = await here.classify(inputs);
        await Promise.all([here.dispose(), there.dispose()]);
        // The caller keeps its own ArrayBuffer and ImageBitmap (they are cloned, not transferred).
        return { inWorker, onPage, bufferBytes: buffer.byteLength, bitmapWidth: bitmap.width };
      },
      { name: IMAGES[0] as string, others: OTHER_FORMATS },
    );
    expectSameTop5(r.inWorker, r.onPage, 1e-6);
    expectSameTop5(r.inWorker.slice(0, 1), reference.slice(0, 1), 1e-5);
    expect(r.bufferBytes).toBeGreaterThan(0);
    expect(r.bitmapWidth).toBeGreaterThan(0);
    await page.context().close();
  });

  it('errors keep their code and class; an aborted load rejects with E_ABORTED; a wrong workerUrl is E_WORKER', async () => {
    const expected = await convertCheckpoint(new Uint8Array(readFileSync(samplePath('coffee.jpg')))).catch((e) => e);
    const page = await openPage();
    const r = await page.evaluate(async () => {
      const { swsl, testkit } = globalThis as unknown as G;
      const notACheckpoint = await testkit.blob('/files/coffee.jpg');
      const converterError = await testkit.errorOf(
        swsl.createWorkerClassifier({ checkpoint: notACheckpoint, name: 'coffee.jpg' }, { cache: false }),
      );
      const notFound = await testkit.errorOf(swsl.createWorkerClassifier({ url: '/files/missing.onnx' }));
      const controller = new AbortController();
      const loading = swsl.createWorkerClassifier(
        { url: '/files/tiny.onnx' },
        { wasmPaths: '/ort/', signal: controller.signal },
      );
      controller.abort();
      const aborted = await testkit.errorOf(loading);
      const badWorker = await testkit.errorOf(
        swsl.createWorkerClassifier('resnet18_swsl', { workerUrl: '/nowhere.js' }),
      );
      return { converterError, notFound, aborted, badWorker, origin: location.origin };
    });
    expect(r.converterError).toMatchObject({ code: expected.code, name: expected.name });
    expect(r.converterError?.message).toContain('coffee.jpg');
    expect(r.notFound?.code).toBe('E_HTTP');
    // The relative URL was made absolute against the page, not the worker script.
    expect(r.notFound?.message).toContain(`${r.origin}/files/missing.onnx`);
    expect(r.aborted?.code).toBe('E_ABORTED');
    expect(r.badWorker?.code).toBe('E_WORKER');
    expect(r.badWorker?.message).toContain('/nowhere.js');
    await page.context().close();
  });
});
