import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithBrowser, launchChromium } from '@swsl/browser-harness';
import type { StoreVariant } from '@swsl/core';
import { fixturePath } from '@swsl/reference';
import { createClassifier as createNodeClassifier } from '@swsl/runtime-node';
import { type HubFileScript, type HubServer, startHubServer } from '@swsl/test-servers';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleTestPage } from './test-support/bundle.js';
import { expectSameTop5, type Top5 } from './test-support/expect-top5.js';
import type { PageGlobals } from './test-support/page.js';
import { samplePath } from './test-support/paths.js';
import { startTestServer, type TestServer } from './test-support/server.js';

// The hub serves the committed tiny model as timm-style safetensors; the reference is runtime-node (device 'cpu',
// itself tested against PyTorch) on the same file and the same photos.
const IMAGES = ['chelsea.jpg', 'coffee.jpg'];
const SAFETENSORS = 'tiny-basic.safetensors';
type G = PageGlobals;

/** Test rows: the tiny model on the imitation hub under its own repository per scenario; arch inferred. */
function row(name: string): StoreVariant {
  return {
    name,
    // Never requested: the browser store only uses the hub (Facebook's host sends no CORS headers).
    weights: { url: 'http://127.0.0.1:9/never.pth', fileName: `${name}.pth`, sha256Prefix: '00000000' },
    hub: { repo: `test/${name}`, file: 'model.safetensors', revision: 'main' },
  };
}

describeWithBrowser('runtime-web: variants from the Hugging Face hub through the OPFS store (imitation hub)', () => {
  let work: string;
  let site: TestServer;
  let hub: HubServer;
  let browser: Browser;
  let reference: Top5;
  let referenceInt8: Top5;
  const tiny = new Uint8Array(readFileSync(fixturePath(SAFETENSORS)));
  const scripts: Record<string, HubFileScript> = {
    'test/tiny-a': { bytes: tiny },
    'test/tiny-int8': { bytes: tiny },
    'test/tiny-worker': { bytes: tiny },
    'test/tiny-corrupt': { bytes: tiny, corrupt: true },
    'test/tiny-etag': { bytes: tiny, claimedSha256: 'ab'.repeat(32) },
    'test/tiny-cut': { bytes: tiny, cuts: { after: 70_000, times: 1 } },
    'test/tiny-slow': { bytes: tiny, throttle: { chunkSize: 8192, delayMs: 60 } },
    'test/tiny-abort': { bytes: tiny, throttle: { chunkSize: 8192, delayMs: 60 } },
    'test/tiny-quota': { bytes: tiny },
    'test/tiny-worker-abort': { bytes: tiny, throttle: { chunkSize: 8192, delayMs: 60 } },
    // The fault server's script on the hub's CDN: 64 kB then silence, then a busy 503 with Retry-After.
    'test/tiny-faults': {
      bytes: tiny,
      faults: [
        { kind: 'stall', after: 65_536 },
        { kind: 'status', status: 503, retryAfter: '1' },
      ],
    },
  };
  const variants = Object.keys(scripts).map((repo) => row(repo.slice('test/'.length)));

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'swsl-hub-store-'));
    await bundleTestPage(work);
    site = await startTestServer(work, Object.fromEntries(IMAGES.map((name) => [name, samplePath(name)])));
    hub = await startHubServer({ files: scripts });
    browser = await launchChromium();
    const node = await createNodeClassifier({ checkpoint: fixturePath(SAFETENSORS) }, { device: 'cpu' });
    try {
      reference = await node.classify(IMAGES.map(samplePath));
    } finally {
      await node.dispose();
    }
    // runtime-node's int8 of the same checkpoint, calibrated on the same built-in photos.
    const int8 = await createNodeClassifier({ checkpoint: fixturePath(SAFETENSORS) }, { device: 'cpu', dtype: 'int8' });
    try {
      referenceInt8 = await int8.classify(IMAGES.map(samplePath));
    } finally {
      await int8.dispose();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await site?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function openPage(context?: BrowserContext): Promise<Page> {
    const page = await (context ?? (await browser.newContext())).newPage();
    page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
    await page.goto(`${site.origin}/`);
    await page.waitForFunction(() => 'swsl' in globalThis);
    return page;
  }

  /** Loads `name` from the hub in the page and classifies the photos (or returns the error as data). */
  function load(page: Page, name: string, extra: Record<string, unknown> = {}) {
    return page.evaluate(
      async ({ name, images, hfEndpoint, variants, extra }) => {
        const { swsl, testkit } = globalThis as unknown as G;
        const stages: string[] = [];
        const downloads: { loaded?: number; total?: number }[] = [];
        try {
          const classifier = await swsl.createClassifier(name, {
            device: 'wasm',
            wasmPaths: '/ort/',
            hfEndpoint,
            variants,
            ...extra,
            onProgress: (p) => {
              stages.push(p.stage);
              if (p.stage === 'download') downloads.push({ loaded: p.loaded, total: p.total });
            },
          });
          const blobs = await Promise.all(images.map((image) => testkit.blob(`/files/${image}`)));
          const predictions = await classifier.classify(blobs);
          await classifier.dispose();
          return { info: classifier.info, predictions, stages: [...new Set(stages)], downloads };
        } catch (error) {
          const e = error as { code?: string; message?: string };
          return { error: { code: e.code, message: e.message }, stages: [...new Set(stages)], downloads };
        }
      },
      { name, images: IMAGES, hfEndpoint: hub.endpoint, variants, extra },
    );
  }

  it('first use downloads from the hub, verifies, converts, classifies as runtime-node; the second is served from OPFS', async () => {
    const context = await browser.newContext();
    const first = await load(await openPage(context), 'tiny-a');
    expect(first.error).toBeUndefined();
    expect(first.info?.cached).toBe(false);
    // Hashed while it streams: no separate verify pass over the file.
    expect(first.stages).toEqual(expect.arrayContaining(['download', 'convert', 'session']));
    expect(first.downloads.at(-1)).toEqual({ loaded: tiny.byteLength, total: tiny.byteLength });
    expectSameTop5(first.predictions ?? [], reference, 1e-5);
    const cdn = hub.requests.filter((r) => r.origin === 'cdn').length;
    expect(cdn).toBeGreaterThanOrEqual(1);

    const before = hub.requests.length;
    const page = await openPage(context); // a new page of the same origin: same OPFS
    const second = await load(page, 'tiny-a');
    expect(second.info?.cached).toBe(true);
    expect(second.stages).not.toContain('download');
    expect(second.stages).not.toContain('convert');
    expect(hub.requests.length).toBe(before); // not one request to the hub
    expectSameTop5(second.predictions ?? [], reference, 1e-5);

    const listed = await page.evaluate(() => (globalThis as unknown as G).swsl.listCachedModels());
    const onnx = listed.filter((e) => e.kind === 'onnx' && e.variant === 'tiny-a');
    expect(onnx).toHaveLength(1);
    expect(onnx[0]).toMatchObject({ origin: 'hf', dtype: 'fp32', store: 'opfs' });
    expect(onnx[0]?.location).toMatch(/^opfs:\/swsl\/onnx\//);
    // The checkpoint is not kept (keepCheckpoint: false): the quota goes to models.
    expect(listed.filter((e) => e.kind === 'checkpoint')).toEqual([]);
    const files = await page.evaluate(() => (globalThis as unknown as G).testkit.opfsFiles());
    expect(Object.keys(files).filter((path) => path.includes('.part/'))).toEqual([]);

    expect(await page.evaluate(() => (globalThis as unknown as G).swsl.clearModelCache())).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as G).swsl.listCachedModels())).toEqual([]);
    await context.close();
  });

  it('corrupted bytes → E_CHECKSUM, nothing cached; a wrong X-Linked-Etag (hub sha256) is refused the same way', async () => {
    const page = await openPage();
    const corrupt = await load(page, 'tiny-corrupt');
    expect(corrupt.error?.code).toBe('E_CHECKSUM');
    expect(corrupt.error?.message).toContain('test/tiny-corrupt');
    const etag = await load(page, 'tiny-etag');
    expect(etag.error?.code).toBe('E_CHECKSUM');
    expect(etag.error?.message).toContain('ab'.repeat(32));
    expect(await page.evaluate(() => (globalThis as unknown as G).swsl.listCachedModels())).toEqual([]);
    const files = await page.evaluate(() => (globalThis as unknown as G).testkit.opfsFiles());
    expect(Object.keys(files).filter((path) => !path.endsWith('manifest.json'))).toEqual([]);
    await page.context().close();
  });

  it('a connection cut mid-file resumes with a Range request and gives the right answer', async () => {
    const page = await openPage();
    const r = await load(page, 'tiny-cut');
    expect(r.error).toBeUndefined();
    expectSameTop5(r.predictions ?? [], reference, 1e-5);
    // Resumed where the cut left it (the browser hands out what arrived before the connection broke: ≤ 70,000).
    const starts = hub.requests
      .filter((q) => q.origin === 'cdn' && q.range)
      .map((q) => Number(/^bytes=(\d+)-$/.exec(q.range ?? '')?.[1]));
    expect(starts.some((start) => start > 0 && start <= 70_000)).toBe(true);
    await page.context().close();
  });

  it('a stalled CDN is abandoned after the idle timeout, a 503 waits for Retry-After, and the download resumes', async () => {
    const page = await openPage();
    const started = Date.now();
    const r = await load(page, 'tiny-faults', { retry: { idleTimeoutMs: 1_000, baseDelayMs: 50 } });
    expect(r.error).toBeUndefined();
    expectSameTop5(r.predictions ?? [], reference, 1e-5);
    const cdn = hub.requests.filter((q) => q.origin === 'cdn' && /tiny-faults|blob/.test(q.path));
    const faulted = cdn.slice(-3);
    expect(faulted.map((q) => q.status)).toEqual([200, 503, 206]);
    expect(faulted[2]!.range).toMatch(/^bytes=\d+-$/);
    // 1 s of silence, then 1 s of Retry-After: about 2 s, not the 30 s default nor a hang.
    expect(Date.now() - started).toBeLessThan(20_000);
    await page.context().close();
  });

  it('a reload mid-download resumes from the OPFS part (Range request), and the answer is right', async () => {
    const context = await browser.newContext();
    const page = await openPage(context);
    void load(page, 'tiny-slow').catch(() => {});
    // Wait until the part holds committed segments (they commit about once a second on a slow link).
    const partBytes = async () =>
      Object.entries(await page.evaluate(() => (globalThis as unknown as G).testkit.opfsFiles()))
        .filter(([path]) => path.includes('.part/'))
        .reduce((sum, [, bytes]) => sum + bytes, 0);
    for (let waited = 0; (await partBytes()) === 0; waited += 100) {
      if (waited > 20_000) throw new Error('no committed segment after 20 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const cdnBefore = hub.requests.filter((q) => q.origin === 'cdn').length;
    await page.reload();
    await page.waitForFunction(() => 'swsl' in globalThis);
    const kept = await partBytes();
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(tiny.byteLength);
    const r = await load(page, 'tiny-slow');
    expect(r.error).toBeUndefined();
    expectSameTop5(r.predictions ?? [], reference, 1e-5);
    const resumed = hub.requests.filter((q) => q.origin === 'cdn').slice(cdnBefore);
    expect(resumed.map((q) => q.range)).toContain(`bytes=${kept}-`);
    expect(r.downloads[0]?.loaded).toBe(kept);
    await context.close();
  });

  it('signal: cancelling a download rejects with E_ABORTED and keeps the part; the next load resumes it', async () => {
    const context = await browser.newContext();
    const page = await openPage(context);
    const aborted = await page.evaluate(
      async ({ hfEndpoint, variants }) => {
        const { swsl, testkit } = globalThis as unknown as G;
        const controller = new AbortController();
        const loading = swsl.createClassifier('tiny-abort', {
          device: 'wasm',
          wasmPaths: '/ort/',
          hfEndpoint,
          variants,
          signal: controller.signal,
          onProgress: (p) => {
            if (p.stage === 'download' && (p.loaded ?? 0) > 40_000) controller.abort();
          },
        });
        return testkit.errorOf(loading);
      },
      { hfEndpoint: hub.endpoint, variants },
    );
    expect(aborted?.code).toBe('E_ABORTED');
    const kept = Object.entries(await page.evaluate(() => (globalThis as unknown as G).testkit.opfsFiles()))
      .filter(([path]) => path.includes('.part/'))
      .reduce((sum, [, bytes]) => sum + bytes, 0);
    expect(kept).toBeGreaterThan(40_000);
    const r = await load(page, 'tiny-abort');
    expect(r.error).toBeUndefined();
    expect(hub.requests.filter((q) => q.origin === 'cdn').map((q) => q.range)).toContain(`bytes=${kept}-`);
    expectSameTop5(r.predictions ?? [], reference, 1e-5);
    await context.close();
  });

  it('not enough quota → E_STORAGE_QUOTA before any byte is downloaded', async () => {
    const page = await openPage();
    const cdnBefore = hub.requests.filter((q) => q.origin === 'cdn').length;
    const r = await page.evaluate(
      async ({ hfEndpoint, variants }) => {
        const { swsl, testkit } = globalThis as unknown as G;
        return testkit.errorOf(
          swsl.createClassifier('tiny-quota', {
            hfEndpoint,
            variants,
            quota: { estimate: async () => ({ quota: 300_000, usage: 100_000 }) },
          }),
        );
      },
      { hfEndpoint: hub.endpoint, variants },
    );
    expect(r?.code).toBe('E_STORAGE_QUOTA');
    expect(r?.message).toContain('0.4 MB'); // needs 2 × 225,920 bytes
    expect(r?.message).toContain('0.2 MB free');
    expect(hub.requests.filter((q) => q.origin === 'cdn').length).toBe(cdnBefore);
    await page.context().close();
  });

  it('int8 from the hub: calibrated in the conversion worker, top-5 as runtime-node’s int8; kept in OPFS as int8', async () => {
    const context = await browser.newContext();
    const first = await load(await openPage(context), 'tiny-int8', { dtype: 'int8' });
    expect(first.error).toBeUndefined();
    expect(first.info).toMatchObject({ dtype: 'int8', device: 'wasm', cached: false });
    expect(first.stages).toEqual(expect.arrayContaining(['download', 'calibrate', 'convert', 'session']));
    // Probabilities within 1e-5: the calibration graph ran on WASM here and on AVX-512 in Node (see quantized tests).
    expectSameTop5(first.predictions ?? [], referenceInt8, 1e-5);
    const again = await load(await openPage(context), 'tiny-int8', { dtype: 'int8' });
    expect(again.info).toMatchObject({ dtype: 'int8', cached: true });
    expect(again.stages).not.toContain('calibrate');
    await context.close();
  });

  it('the worker classifier loads from the hub too: same top-5, no main-thread task > 200 ms', async () => {
    const page = await openPage();
    const r = await page.evaluate(
      async ({ hfEndpoint, variants, images }) => {
        const { swsl, testkit } = globalThis as unknown as G;
        const blobs = await Promise.all(images.map((image) => testkit.blob(`/files/${image}`)));
        const stages: string[] = [];
        const stop = testkit.watchLongTasks();
        const classifier = await swsl.createWorkerClassifier('tiny-worker', {
          device: 'wasm',
          wasmPaths: '/ort/',
          hfEndpoint,
          variants,
          onProgress: (p) => stages.push(p.stage),
        });
        const predictions = await classifier.classify(blobs);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const longTasks = stop();
        await classifier.dispose();
        return { predictions, longTasks, stages: [...new Set(stages)], info: classifier.info };
      },
      { hfEndpoint: hub.endpoint, variants, images: IMAGES },
    );
    expect(r.stages).toEqual(expect.arrayContaining(['download', 'convert', 'session']));
    expectSameTop5(r.predictions, reference, 1e-5);
    expect(Math.max(0, ...r.longTasks)).toBeLessThan(200);
    await page.context().close();
  });

  it('the worker classifier: cancelling ends the worker with E_ABORTED, the part stays, the next load resumes it', async () => {
    const context = await browser.newContext();
    const page = await openPage(context);
    const aborted = await page.evaluate(
      async ({ hfEndpoint, variants }) => {
        const { swsl, testkit } = globalThis as unknown as G;
        const controller = new AbortController();
        const loading = swsl.createWorkerClassifier('tiny-worker-abort', {
          device: 'wasm',
          wasmPaths: '/ort/',
          hfEndpoint,
          variants,
          signal: controller.signal,
          onProgress: (p) => {
            if (p.stage === 'download' && (p.loaded ?? 0) > 40_000) controller.abort();
          },
        });
        return testkit.errorOf(loading);
      },
      { hfEndpoint: hub.endpoint, variants },
    );
    expect(aborted?.code).toBe('E_ABORTED');
    // The worker closed the part on its way out (or it is ended 2 s later at the latest): wait for its segments.
    let kept = 0;
    for (let waited = 0; waited <= 3000 && kept === 0; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      kept = Object.entries(await page.evaluate(() => (globalThis as unknown as G).testkit.opfsFiles()))
        .filter(([path]) => path.includes('tiny-worker-abort') && path.includes('.part/'))
        .reduce((sum, [, bytes]) => sum + bytes, 0);
    }
    expect(kept).toBeGreaterThan(0);
    const r = await load(page, 'tiny-worker-abort');
    expect(r.error).toBeUndefined();
    expect(hub.requests.filter((q) => q.origin === 'cdn').map((q) => q.range)).toContain(`bytes=${kept}-`);
    expectSameTop5(r.predictions ?? [], reference, 1e-5);
    await context.close();
  });
});
