import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithBrowser, launchChromium } from '@swsl/browser-harness';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleTestPage } from './test-support/bundle.js';
import type { PageGlobals } from './test-support/page.js';
import { startTestServer, type TestServer } from './test-support/server.js';

type G = PageGlobals;

describeWithBrowser('OPFS storage, partial downloads, quota, Web Locks and the incremental sha256 in Chromium', () => {
  let work: string;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'swsl-opfs-'));
    await bundleTestPage(work);
    server = await startTestServer(work, {});
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function openPage(context?: BrowserContext): Promise<Page> {
    const page = await (context ?? (await browser.newContext())).newPage();
    page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => 'swsl' in globalThis);
    return page;
  }

  it('hash-wasm sha256 fed in uneven chunks equals SubtleCrypto’s digest', async () => {
    const page = await openPage();
    const [incremental, oneShot] = await page.evaluate(async () => {
      const { swsl, testkit } = globalThis as unknown as G;
      const bytes = testkit.patternBytes(3_000_001);
      const hasher = await swsl.createBrowserHasher();
      for (let i = 0; i < bytes.length; i += 65_537) hasher.update(bytes.subarray(i, i + 65_537));
      return [hasher.digest(), await testkit.subtleSha256(bytes)];
    });
    expect(incremental).toMatch(/^[0-9a-f]{64}$/);
    expect(incremental).toBe(oneShot);
    await page.context().close();
  });

  it('keys are nested folders; put replaces atomically; list skips partial downloads; remove drops both', async () => {
    const page = await openPage();
    const r = await page.evaluate(async () => {
      const { testkit } = globalThis as unknown as G;
      const root = (await testkit.opfs.openOpfsRoot()) as FileSystemDirectoryHandle;
      const storage = testkit.opfs.createOpfsStorage(root);
      await storage.put('onnx/a-fp32.onnx', new Uint8Array([1, 2, 3]));
      await storage.put('onnx/a-fp32.onnx', new Uint8Array([4, 5]));
      await storage.put('manifest.json', new Uint8Array([123, 125]));
      const part = await storage.openPartial('checkpoints/b.safetensors');
      await part.append(new Uint8Array([7, 7, 7]));
      await part.close();
      const before = await storage.list('');
      const onnxOnly = await storage.list('onnx/');
      const got = [...((await storage.get('onnx/a-fp32.onnx')) as Uint8Array)];
      const missing = await storage.get('onnx/none.onnx');
      const has = [await storage.has('onnx/a-fp32.onnx'), await storage.has('checkpoints/b.safetensors')];
      const onnxDir = await root.getDirectoryHandle('onnx');
      const names: string[] = [];
      for await (const name of onnxDir.keys()) names.push(name);
      const resumed = await storage.openPartial('checkpoints/b.safetensors');
      const partSize = resumed.size();
      await resumed.close();
      await storage.remove('checkpoints/b.safetensors');
      const ckDir = await root.getDirectoryHandle('checkpoints');
      const left: string[] = [];
      for await (const name of ckDir.keys()) left.push(name);
      const bad = await testkit.errorOf(storage.get('../escape'));
      return { before, onnxOnly, got, missing, has, names, partSize, left, bad, where: storage.locate('onnx/x.onnx') };
    });
    expect(r.before).toEqual(['manifest.json', 'onnx/a-fp32.onnx']);
    expect(r.onnxOnly).toEqual(['onnx/a-fp32.onnx']);
    expect(r.got).toEqual([4, 5]);
    expect(r.missing).toBeUndefined();
    expect(r.has).toEqual([true, false]);
    expect(r.names).toEqual(['a-fp32.onnx']); // no temp file left behind
    expect(r.partSize).toBe(3);
    expect(r.left).toEqual([]);
    expect(r.bad?.message).toContain('Invalid storage key');
    expect(r.where).toBe('opfs:/swsl/onnx/x.onnx');
    await page.context().close();
  });

  it('a partial download survives a reload as its committed segments; read streams them; commit joins them', async () => {
    const context = await browser.newContext();
    const page = await openPage(context);
    const total = 21 * 1024 * 1024 + 12_345; // more than two 8 MB segments, not a multiple of anything
    const written = await page.evaluate(async (total) => {
      const { testkit } = globalThis as unknown as G;
      const storage = testkit.opfs.createOpfsStorage((await testkit.opfs.openOpfsRoot()) as FileSystemDirectoryHandle);
      const bytes = testkit.patternBytes(total);
      const part = await storage.openPartial('checkpoints/big.safetensors');
      // 17 MB arrive, then the page goes away without close(): only committed segments can count.
      for (let i = 0; i < 17 << 20; i += 65_536) await part.append(bytes.subarray(i, i + 65_536));
      return part.size();
    }, total);
    expect(written).toBe(17 << 20);
    await page.reload();
    await page.waitForFunction(() => 'swsl' in globalThis);
    const r = await page.evaluate(async (total) => {
      const { testkit } = globalThis as unknown as G;
      const root = (await testkit.opfs.openOpfsRoot()) as FileSystemDirectoryHandle;
      const storage = testkit.opfs.createOpfsStorage(root);
      const bytes = testkit.patternBytes(total);
      const part = await storage.openPartial('checkpoints/big.safetensors');
      const resumedFrom = part.size();
      for (let i = resumedFrom; i < total; i += 100_000)
        await part.append(bytes.subarray(i, Math.min(total, i + 100_000)));
      const hasher = await (globalThis as unknown as G).swsl.createBrowserHasher();
      let streamed = 0;
      for await (const chunk of part.read()) {
        hasher.update(chunk);
        streamed += chunk.byteLength;
      }
      await part.commit();
      const stored = (await storage.get('checkpoints/big.safetensors')) as Uint8Array;
      const dir = await root.getDirectoryHandle('checkpoints');
      const names: string[] = [];
      for await (const name of dir.keys()) names.push(name);
      return {
        resumedFrom,
        streamed,
        streamedSha: hasher.digest(),
        storedSha: await testkit.subtleSha256(stored),
        expectedSha: await testkit.subtleSha256(bytes),
        names,
      };
    }, total);
    // Committed segments only: whole 8 MB ones, or shorter ones closed after a second.
    expect(r.resumedFrom).toBeGreaterThan(0);
    expect(r.resumedFrom).toBeLessThanOrEqual(17 << 20);
    expect(r.streamed).toBe(total);
    expect(r.streamedSha).toBe(r.expectedSha);
    expect(r.storedSha).toBe(r.expectedSha);
    expect(r.names).toEqual(['big.safetensors']);
    await context.close();
  });

  it('truncate and discard drop the part', async () => {
    const page = await openPage();
    const r = await page.evaluate(async () => {
      const { testkit } = globalThis as unknown as G;
      const storage = testkit.opfs.createOpfsStorage((await testkit.opfs.openOpfsRoot()) as FileSystemDirectoryHandle);
      const part = await storage.openPartial('c/x.bin');
      await part.append(new Uint8Array(10));
      await part.close();
      const again = await storage.openPartial('c/x.bin');
      const before = again.size();
      await again.truncate();
      await again.append(new Uint8Array([1, 2]));
      const chunks: number[] = [];
      for await (const chunk of again.read()) chunks.push(...chunk);
      await again.discard();
      const third = await storage.openPartial('c/x.bin');
      const after = third.size();
      await third.discard();
      return { before, chunks, after, keys: await storage.list('') };
    });
    expect(r).toEqual({ before: 10, chunks: [1, 2], after: 0, keys: [] });
    await page.context().close();
  });

  it('reserve: E_STORAGE_QUOTA names the size needed and the space free; a partial download counts as had', async () => {
    const page = await openPage();
    const r = await page.evaluate(async () => {
      const { testkit } = globalThis as unknown as G;
      const root = (await testkit.opfs.openOpfsRoot()) as FileSystemDirectoryHandle;
      const mb = 1024 * 1024;
      let persisted = 0;
      const storage = testkit.opfs.createOpfsStorage(root, {
        estimate: async () => ({ quota: 100 * mb, usage: 30 * mb }),
        persist: async () => {
          persisted++;
          return true;
        },
      });
      const tooBig = await testkit.errorOf(storage.reserve(40 * mb, 'checkpoints/r.safetensors'));
      const fits = await testkit.errorOf(storage.reserve(30 * mb, 'checkpoints/r.safetensors'));
      const part = await storage.openPartial('checkpoints/r.safetensors');
      await part.append(new Uint8Array(10 * mb));
      await part.close();
      // 40 MB file with 10 MB already here: 30 MB more to download + 40 MB of ONNX = 70 MB ≤ 70 MB free.
      const resumed = await testkit.errorOf(storage.reserve(30 * mb, 'checkpoints/r.safetensors'));
      await storage.remove('checkpoints/r.safetensors');
      return { tooBig, fits, resumed, persisted };
    });
    expect(r.tooBig?.code).toBe('E_STORAGE_QUOTA');
    expect(r.tooBig?.message).toContain('checkpoints/r.safetensors');
    expect(r.tooBig?.message).toContain('80 MB');
    expect(r.tooBig?.message).toContain('70 MB free');
    expect(r.tooBig?.message).toContain('clearModelCache()');
    expect(r.fits).toBeUndefined();
    expect(r.resumed).toBeUndefined();
    expect(r.persisted).toBeLessThanOrEqual(1); // asked once per page at most (the first call may have been earlier)
    await page.context().close();
  });

  it('Web Locks: a second holder of a key waits for the first, across two pages of one origin', async () => {
    const context = await browser.newContext();
    const [a, b] = [await openPage(context), await openPage(context)];
    await a.evaluate(async () => {
      const release = await (globalThis as unknown as G).swsl.webLock('k');
      Object.assign(globalThis, { releaseK: release });
    });
    const waiting = b.evaluate(async () => {
      const t = Date.now();
      const release = await (globalThis as unknown as G).swsl.webLock('k');
      await release();
      return Date.now() - t;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await a.evaluate(() => (globalThis as unknown as { releaseK(): Promise<void> }).releaseK());
    expect(await waiting).toBeGreaterThanOrEqual(250);
    await context.close();
  });
});
