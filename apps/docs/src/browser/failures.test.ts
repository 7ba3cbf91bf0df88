import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeWithBrowser, launchChromium } from '@swsl/browser-harness';
import { convertCheckpoint } from '@swsl/convert';
import { fixturePath } from '@swsl/reference';
import { approximateWeightBytes, resolveVariant } from '@swsl/registry';
import { closedPort, type HubServer, startHubServer } from '@swsl/test-servers';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Lang, megabytes, messagesFor } from '../playground/messages.js';
import { requireBuiltSite } from '../site/built-site.js';
import { type StaticServer, startStaticServer } from '../site/static-server.js';
import { loadLocalOnnx, openMoreOptions, waitForExamplePrepared, waitForState } from './playground-page.js';

const VARIANT = resolveVariant('resnet18_swsl');
/** Words of the command line that a visitor in a browser cannot act on. */
const CLI_WORDS = /--\w|SWSL_|HF_ENDPOINT|opfs:|`|\bswsl \w/;
const PHONE = { width: 390, height: 844 };
/** CI keeps artifacts/; the error box's screenshots show what a visitor reads. */
const ARTIFACTS = fileURLToPath(new URL('../../../../artifacts/', import.meta.url));

/**
 * Issue 21's failures as a visitor meets them on the built site at a phone's width, in English and Korean: an
 * unreachable hub, a checkpoint that is not the chosen architecture, and WebGPU chosen where there is no adapter.
 */
describeWithBrowser('the playground when loading fails (built site, 390 px, en and ko)', () => {
  let site: StaticServer;
  let hub: HubServer;
  let browser: Browser;
  let unreachable: string;
  let tinyOnnx: Uint8Array;

  beforeAll(async () => {
    const dist = requireBuiltSite();
    tinyOnnx = (await convertCheckpoint(new Uint8Array(readFileSync(fixturePath('tiny-basic.zip.pth'))))).onnx;
    site = await startStaticServer(dist);
    // A tiny network's weights published as resnet18_swsl: they download fine and cannot be resnet18.
    hub = await startHubServer({
      files: { [VARIANT.hub.repo]: { bytes: new Uint8Array(readFileSync(fixturePath('tiny-basic.safetensors'))) } },
    });
    unreachable = `http://127.0.0.1:${await closedPort()}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await site?.close();
  });

  async function onPhone<T>(use: (page: Page) => Promise<T>, init?: string): Promise<T> {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    if (init) await page.addInitScript(init);
    try {
      const result = await use(page);
      expect(pageErrors).toEqual([]);
      return result;
    } finally {
      await context.close();
    }
  }

  const prefix = (lang: Lang) => (lang === 'ko' ? '/ko' : '');

  async function open(page: Page, lang: Lang, endpoint: string) {
    await page.goto(`${site.origin}${prefix(lang)}/playground.html?hfEndpoint=${encodeURIComponent(endpoint)}`);
    await waitForExamplePrepared(page);
  }

  /** The error box as a visitor reads it: the visible sentence, the code, the retry button (if any). */
  async function readError(page: Page) {
    const box = page.getByTestId('error');
    await box.waitFor();
    const text = async (id: string) => ((await page.getByTestId(id).textContent()) ?? '').replace(/\s+/g, ' ').trim();
    return {
      code: await text('error-code'),
      summary: await text('error-summary'),
      retry: (await page.getByTestId('retry').count()) ? await text('retry') : null,
      detailsOpen: await box.locator('details').evaluate((d) => (d as HTMLDetailsElement).open),
      height: await box.evaluate((e) => e.getBoundingClientRect().height),
    };
  }

  const focusedTestId = (page: Page) =>
    page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

  it('an example picked from the keyboard keeps the focus while the image is prepared (no fall back to <body>)', async () => {
    const seen = await onPhone(async (page) => {
      await open(page, 'en', unreachable);
      await page.getByTestId('example-coffee').focus();
      await page.keyboard.press('Enter');
      const during = await focusedTestId(page);
      await page.getByTestId('results').and(page.locator('[data-image="coffee.jpg"]')).waitFor();
      await page.getByTestId('status').and(page.locator('[data-state=idle]')).waitFor();
      return { during, after: await focusedTestId(page) };
    });
    expect(seen).toEqual({ during: 'example-coffee', after: 'example-coffee' });
  });

  for (const lang of ['en', 'ko'] as const) {
    const m = messagesFor(lang);
    const f = m.failures;

    it(`${lang}: an unreachable hub says so in the page's words, offers "try again", and retrying asks again`, async () => {
      const seen = await onPhone(async (page) => {
        await open(page, lang, unreachable);
        // From the keyboard: the focus must stay on the button while it works and after it fails.
        await page.getByTestId('load-model').focus();
        await page.keyboard.press('Enter');
        await waitForState(page, ['error']);
        const first = { ...(await readError(page)), focused: await focusedTestId(page) };
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.getByTestId('error').screenshot({ path: join(ARTIFACTS, `playground-error-390-${lang}.png`) });
        await page.getByTestId('retry').click();
        await waitForState(page, ['error']);
        return { first, again: await readError(page) };
      });
      expect(seen.first.code).toBe('E_NETWORK');
      expect(seen.first.summary).toBe(`${f.unreachable} ${f.action.chooseSource}`);
      expect(seen.first.summary).not.toMatch(CLI_WORDS);
      expect(seen.first.retry).toBe(f.retryButton);
      expect(seen.first.detailsOpen).toBe(false);
      expect(seen.first.focused).toBe('load-model');
      // Short on a phone: two sentences, the button and the code (the old message took ~20 lines, ~480 px).
      expect(seen.first.height).toBeLessThan(260);
      expect(seen.again.code).toBe('E_NETWORK');
    });

    it(`${lang}: a checkpoint of another architecture clears the old answer, is evicted, and the button offers the download again`, async () => {
      const seen = await onPhone(async (page) => {
        await open(page, lang, hub.endpoint);
        // First a model that works (a local .onnx), so there is an answer on the page to go stale.
        await loadLocalOnnx(page, tinyOnnx, 'wasm');
        const answerInView = await page.getByTestId('predictions').evaluate((e) => {
          const r = e.getBoundingClientRect();
          return r.top < innerHeight && r.bottom > 0;
        });
        // Then the hub's resnet18_swsl, whose file is the tiny network.
        await page.getByTestId('source-hub').check();
        await page.getByTestId('load-model').click();
        await waitForState(page, ['error']);
        const error = await readError(page);
        const stale = await page.getByTestId('predictions').count();
        const option = page.locator(`[data-testid=variant] option[value=${VARIANT.name}]`);
        // The eviction runs after the error is shown.
        await page.waitForFunction(
          ([name, downloaded]) =>
            !document.querySelector(`[data-testid=variant] option[value=${name}]`)?.textContent?.includes(downloaded),
          [VARIANT.name, m.stateDownloaded] as const,
        );
        return {
          answerInView,
          error,
          stale,
          option: await option.textContent(),
          button: ((await page.getByTestId('load-model').textContent()) ?? '').trim(),
        };
      });
      expect(seen.answerInView).toBe(true);
      expect(seen.error.code).toBe('E_STATE_DICT_MISMATCH');
      expect(seen.error.summary).toBe(`${f.wrongArchitecture} ${f.action.chooseModel}`);
      expect(seen.error.summary).not.toMatch(CLI_WORDS);
      expect(seen.error.retry).toBeNull();
      expect(seen.stale).toBe(0);
      expect(seen.option).not.toContain(m.stateDownloaded);
      expect(seen.option).not.toContain(m.stateCached);
      expect(seen.button).toBe(m.loadDownload(megabytes(approximateWeightBytes(VARIANT.archSpec))));
    });

    it(`${lang}: WebGPU chosen with no adapter is refused before any download`, async () => {
      const before = hub.requests.length;
      const seen = await onPhone(
        async (page) => {
          await open(page, lang, hub.endpoint);
          await openMoreOptions(page);
          await page.getByTestId('device').selectOption('webgpu');
          await page.getByTestId('load-model').click();
          await waitForState(page, ['error']);
          return readError(page);
        },
        // A browser without WebGPU: navigator.gpu is absent.
        `Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });`,
      );
      expect(seen.code).toBe('E_WEBGPU_UNAVAILABLE');
      expect(seen.summary).toBe(`${f.noWebgpu} ${f.action.chooseWasm}`);
      expect(hub.requests.length).toBe(before);
    });
  }
});
