import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithBrowser, launchChromium } from '@swsl/browser-harness';
import { readOnnxMetadata } from '@swsl/convert/metadata';
import { fixturePath } from '@swsl/reference';
import { createClassifier as createNodeClassifier, nodeConverter } from '@swsl/runtime-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleTestPage } from './test-support/bundle.js';
import { expectSameTop5, type Top5 } from './test-support/expect-top5.js';
import type { PageGlobals } from './test-support/page.js';
import { samplePath } from './test-support/paths.js';
import { startTestServer, type TestServer } from './test-support/server.js';

// int8 and w8 files made by runtime-node's converter (calibrated on the built-in photos) run in Chromium on WASM and
// answer as runtime-node does on the same file (itself checked against PyTorch's int8 reproduction); made in the
// browser from the checkpoint (calibrated in the conversion worker on onnxruntime-web), they answer as runtime-node's
// conversion of the same checkpoint.
const IMAGES = ['chelsea.jpg', 'coffee.jpg'];
const CHECKPOINT = 'tiny-basic.zip.pth';
const DTYPES = ['int8', 'w8'] as const;
/**
 * Probability difference allowed between a model calibrated in Chromium and one calibrated in Node: the fp32
 * calibration graph runs on other kernels (WASM SIMD vs AVX-512), so a range can differ in its last bits and the
 * files are not byte-identical (measured: probabilities within 6e-10 of each other).
 */
const TOP5_TOLERANCE = 1e-5;

describeWithBrowser('runtime-web with int8 and w8 models', () => {
  let work: string;
  let server: TestServer;
  let browser: Browser;
  const reference: Record<string, Top5> = {};
  const nodeMetadata: Record<string, Readonly<Record<string, string>>> = {};

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'swsl-web-quant-'));
    const checkpoint = new Uint8Array(readFileSync(fixturePath(CHECKPOINT)));
    const files: Record<string, Uint8Array | string> = Object.fromEntries(IMAGES.map((n) => [n, samplePath(n)]));
    for (const dtype of DTYPES) {
      const { onnx } = await nodeConverter()(checkpoint, { dtype });
      files[`tiny-${dtype}.onnx`] = onnx;
      nodeMetadata[dtype] = readOnnxMetadata(onnx).raw;
      files[`models/resnet18_ssl-${dtype}.onnx`] = onnx;
      const path = join(work, `tiny-${dtype}.onnx`);
      writeFileSync(path, onnx);
      const node = await createNodeClassifier({ onnx: path }, { device: 'cpu' });
      reference[dtype] = await node.classify(IMAGES.map(samplePath));
      await node.dispose();
    }
    files[CHECKPOINT] = checkpoint;
    await bundleTestPage(join(work, 'site'));
    server = await startTestServer(join(work, 'site'), files);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function openPage(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => 'swsl' in globalThis);
    return page;
  }

  /**
   * Loads `source` with `options` in the page (`{ checkpointUrl }`: that file's bytes as `{ checkpoint }`); its
   * top-5, info, progress stages and main-thread long tasks while loading, or the error's code and message.
   */
  function load(page: Page, source: unknown, options: Record<string, unknown>) {
    return page.evaluate(
      async ({ source, options, images }) => {
        const { swsl, testkit } = globalThis as unknown as PageGlobals;
        const warnings: string[] = [];
        const stages: string[] = [];
        const given = source as { checkpointUrl?: string };
        const model = given.checkpointUrl ? { checkpoint: await testkit.blob(given.checkpointUrl) } : source;
        try {
          // Watched until the session is created: that last step runs on this thread by design (createClassifier on
          // the page), while download, conversion and calibration must not.
          const stop = testkit.watchLongTasks();
          let longTasks: number[] | undefined;
          const classifier = await swsl.createClassifier(model as never, {
            wasmPaths: '/ort/',
            cache: false,
            ...options,
            onWarning: (w) => warnings.push(w.code),
            onProgress: (p) => {
              if (p.stage === 'session') longTasks ??= stop();
              stages.push(p.stage);
            },
          });
          const blobs = await Promise.all(images.map((name) => testkit.blob(`/files/${name}`)));
          const predictions = await classifier.classify(blobs);
          await classifier.dispose();
          const metadata = await testkit.cachedMetadata();
          return { predictions, info: classifier.info, warnings, stages: [...new Set(stages)], longTasks, metadata };
        } catch (error) {
          const e = error as { code?: string; message?: string };
          return { error: { code: e.code, message: e.message }, warnings };
        }
      },
      { source, options, images: IMAGES },
    );
  }

  it.each(DTYPES)('a %s file on WASM: top-5 as runtime-node, info says the dtype', async (dtype) => {
    const page = await openPage();
    const r = await load(page, { url: `/files/tiny-${dtype}.onnx` }, { device: 'wasm', dtype });
    expect(r.error).toBeUndefined();
    expect(r.info).toMatchObject({ dtype, device: 'wasm' });
    expectSameTop5(r.predictions as Top5, reference[dtype] as Top5, 1e-4);
    const hosted = await load(page, 'resnet18_ssl', { device: 'wasm', dtype, modelBaseUrl: '/files/models' });
    expect(hosted.info).toMatchObject({ dtype, variant: 'resnet18_ssl' });
  });

  it.each(DTYPES)(
    '%s from a checkpoint, calibrated in the worker: top-5 as runtime-node’s conversion',
    async (dtype) => {
      const page = await openPage();
      const r = await load(page, { checkpointUrl: `/files/${CHECKPOINT}` }, { device: 'auto', dtype, cache: true });
      expect(r.error).toBeUndefined();
      expect(r.info).toMatchObject({ dtype, device: dtype === 'int8' ? 'wasm' : expect.any(String) });
      // The same photos, hashed the same way, the same method and settings: the metadata runtime-node wrote.
      expect(r.metadata).toHaveLength(1);
      expect(r.metadata?.[0]?.['swsl.quantization']).toBe(nodeMetadata[dtype]?.['swsl.quantization']);
      expect(r.metadata?.[0]?.['swsl.dtype']).toBe(dtype);
      expect(r.stages).toEqual(['verify', 'convert', 'calibrate', 'session']); // first occurrences
      expectSameTop5(r.predictions as Top5, reference[dtype] as Top5, TOP5_TOLERANCE);
      // The conversion and its calibration ran in the worker; the page's own tasks stayed short meanwhile.
      expect(Math.max(0, ...(r.longTasks ?? []))).toBeLessThan(200);
    },
  );

  it('int8 with device auto runs on WASM; with device webgpu a typed error first', async () => {
    const page = await openPage();
    const auto = await load(page, { url: '/files/tiny-int8.onnx' }, { device: 'auto' });
    expect(auto.info).toMatchObject({ dtype: 'int8', device: 'wasm' });
    const webgpu = await load(page, { url: '/files/tiny-int8.onnx' }, { device: 'webgpu', dtype: 'int8' });
    expect(webgpu.error).toMatchObject({ code: 'E_DTYPE_UNSUPPORTED', message: expect.stringContaining('WASM') });
    const fileIsInt8 = await load(page, { url: '/files/tiny-int8.onnx' }, { device: 'webgpu' });
    expect(fileIsInt8.error).toMatchObject({ code: 'E_DTYPE_UNSUPPORTED' });
    const fromCheckpoint = await load(
      page,
      { checkpointUrl: `/files/${CHECKPOINT}` },
      { device: 'webgpu', dtype: 'int8' },
    );
    expect(fromCheckpoint.error).toMatchObject({ code: 'E_DTYPE_UNSUPPORTED' });
  });
});
