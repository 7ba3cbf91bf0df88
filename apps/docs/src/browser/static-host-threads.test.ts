import { readFileSync } from 'node:fs';
import { describeWithBrowser, launchChromium } from '@swsl/browser-harness';
import { convertCheckpoint } from '@swsl/convert';
import { fixturePath } from '@swsl/reference';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requireBuiltSite } from '../site/built-site.js';
import { type StaticServer, startStaticServer } from '../site/static-server.js';
import { loadLocalOnnx, waitForExamplePrepared } from './playground-page.js';

/**
 * Issue 21: where the site is really deployed (GitHub Pages, `vitepress preview`), no COOP/COEP headers come with
 * the pages, so WASM ran on one thread. Served that way here, the playground's service worker must make the page
 * cross-origin isolated (one reload, on the first visit only) and WASM must run on more than one thread.
 */
describeWithBrowser('the playground on a static host without isolation headers', () => {
  let site: StaticServer;
  let browser: Browser;
  let tinyOnnx: Uint8Array;

  beforeAll(async () => {
    site = await startStaticServer(requireBuiltSite(), { isolation: false });
    tinyOnnx = (await convertCheckpoint(new Uint8Array(readFileSync(fixturePath('tiny-basic.zip.pth'))))).onnx;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('becomes cross-origin isolated through its service worker, and WASM runs on 2 threads', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      const loads: string[] = [];
      page.on('load', () => loads.push(page.url()));
      const headers = (await page.goto(`${site.origin}/playground.html`))?.headers() ?? {};
      await page.waitForFunction(() => globalThis.crossOriginIsolated === true, null, { timeout: 30_000 });
      await waitForExamplePrepared(page);
      await loadLocalOnnx(page, tinyOnnx, 'wasm');
      const threads = Number(await page.getByTestId('model-info').getAttribute('data-threads'));
      // A second page of the site: served through the worker at once, no reload.
      const again = await context.newPage();
      const againLoads: string[] = [];
      again.on('load', () => againLoads.push(again.url()));
      await again.goto(`${site.origin}/ko/playground.html`);
      await again.getByTestId('results').and(again.locator('[data-image="chelsea.jpg"]')).waitFor();
      const isolatedAgain = await again.evaluate(() => globalThis.crossOriginIsolated);

      expect(headers['cross-origin-embedder-policy']).toBeUndefined();
      expect(loads.length).toBe(2);
      expect(threads).toBeGreaterThan(1);
      expect(isolatedAgain).toBe(true);
      expect(againLoads.length).toBe(1);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
