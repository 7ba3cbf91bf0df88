import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeWithBrowser, launchChromium } from '@swsl/browser-harness';
import type { Prediction } from '@swsl/core';
import { describeWithOracle, runOracle } from '@swsl/reference';
import { approximateWeightBytes, resolveVariant } from '@swsl/registry';
import { createClassifier } from '@swsl/runtime-node';
import { type HubServer, startHubServer } from '@swsl/test-servers';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Lang, megabytes, messagesFor } from '../playground/messages.js';
import { requireBuiltSite } from '../site/built-site.js';
import { type StaticServer, startStaticServer } from '../site/static-server.js';
import { openMoreOptions, readResult, waitForExamplePrepared, waitForRun } from './playground-page.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const IMAGE = join(REPO, 'samples/chelsea.jpg');
const VARIANT = resolveVariant('resnet18_swsl');
/** A task longer than this freezes the page visibly (issue 9: session creation froze it for 3.7–4.9 s). */
const LONG_TASK_LIMIT_MS = 200;

/** Registered before any page script: every main-thread task over 50 ms, and what the progress bar said. */
const PROBES = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  window.__progress = [];
  const watch = () => new MutationObserver(() => {
    const bar = document.querySelector('[data-testid=progress]');
    if (!bar) return;
    const text = bar.querySelector('.pg-progress-text')?.textContent ?? '';
    const fraction = bar.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow');
    const last = window.__progress.at(-1);
    if (!last || last.text !== text) window.__progress.push({ text, fraction, at: performance.now() });
  }).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
  if (document.documentElement) watch(); else document.addEventListener('DOMContentLoaded', watch);
`;

interface Reopened {
  readonly pauseMs: number;
  readonly ms: number;
  readonly hubRequests: number;
  readonly modelInfo: string;
  readonly top5: readonly number[];
}

interface Visit {
  readonly result: Awaited<ReturnType<typeof readResult>>;
  readonly beforeClick: { text: string; hubRequests: number };
  readonly progress: { text: string; fraction: string | null; at: number }[];
  readonly longTasks: { start: number; duration: number }[];
  readonly pressedAt: number;
  readonly doneAt: number;
  readonly consoleErrors: string[];
  readonly tabs: number;
  /**
   * The same page reloaded and the button pressed again, everything from this browser's cache: at once, and after
   * 3 s (a visitor looking at the page first, while the runtime's worker starts).
   */
  readonly reopen: readonly Reopened[];
}

/**
 * The first visit of issue 9, on the built site, in a fresh profile at a phone's width: open the playground with
 * `?hfEndpoint=` pointing at the imitation hub, reach the one button with Tab only, press Enter, and wait for the
 * top-5 of the example photo that is already picked.
 */
describeWithBrowser('the playground on a first visit (built site, imitation hub, 390 px, keyboard only)', () => {
  describeWithOracle('with a resnet18-shaped checkpoint made by the oracle', () => {
    let work: string;
    let site: StaticServer;
    let hub: HubServer;
    let browser: Browser;
    let reference: Prediction[];
    let weights: Uint8Array;

    beforeAll(async () => {
      const dist = requireBuiltSite();
      work = mkdtempSync(join(tmpdir(), 'swsl-first-visit-'));
      // resnet18 is 47 MB: made here, never committed. Safetensors with torchvision's names, as timm publishes it.
      const checkpoint = join(work, 'model.safetensors');
      runOracle(['checkpoint', '--arch', 'resnet18', '--format', 'safetensors', '--seed', '9', '--out', checkpoint]);
      weights = new Uint8Array(readFileSync(checkpoint));
      const node = await createClassifier({ checkpoint }, { device: 'cpu' });
      reference = (await node.classify(IMAGE, { topK: 5 }))[0]!;
      await node.dispose();
      hub = await startHubServer({
        // Slowed a little so the progress bar has something to show on a fast loopback.
        files: {
          [VARIANT.hub.repo]: {
            bytes: new Uint8Array(readFileSync(checkpoint)),
            throttle: { chunkSize: 4 << 20, delayMs: 40 },
          },
        },
      });
      site = await startStaticServer(dist);
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await site?.close();
      await hub?.close();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    async function visit(path: string, screenshot: string): Promise<Visit> {
      // A new context is a fresh profile: empty OPFS, no localStorage.
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
      try {
        await context.addInitScript(PROBES);
        const page = await context.newPage();
        const consoleErrors: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') consoleErrors.push(m.text());
        });
        page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
        const hubRequestsBefore = hub.requests.length;
        await page.goto(`${site.origin}${path}?hfEndpoint=${encodeURIComponent(hub.endpoint)}`);
        // The example photo is picked and its crop shown before anything is pressed.
        await page.getByTestId('crop').waitFor();
        await page.getByTestId('status').and(page.locator('[data-state=idle]')).waitFor();
        const beforeClick = {
          text: (await page.getByTestId('model-panel').textContent()) ?? '',
          hubRequests: hub.requests.length - hubRequestsBefore,
        };
        mkdirSync(join(REPO, 'artifacts'), { recursive: true });
        await page.screenshot({ path: join(REPO, 'artifacts', screenshot.replace('.png', '-before.png')) });
        const tabs = await tabTo(page, 'load-model');
        const pressedAt = await page.evaluate(() => performance.now());
        await page.keyboard.press('Enter');
        await waitForRun(page, 0, 600_000);
        const doneAt = await page.evaluate(() => performance.now());
        const result = await readResult(page);
        const probes = await page.evaluate(() => {
          const w = window as unknown as { __longTasks: Visit['longTasks']; __progress: Visit['progress'] };
          return { longTasks: w.__longTasks, progress: w.__progress };
        });
        mkdirSync(join(REPO, 'artifacts'), { recursive: true });
        await page.screenshot({ path: join(REPO, 'artifacts', screenshot), fullPage: true });
        return {
          result,
          beforeClick,
          pressedAt,
          doneAt,
          consoleErrors,
          tabs,
          ...probes,
          reopen: [await reopen(page, 0), await reopen(page, 3000)],
        };
      } finally {
        await context.close();
      }
    }

    /** Reloads the page (same profile: the model is in OPFS), waits `pauseMs`, and times the button → top-5 again. */
    async function reopen(page: Page, pauseMs: number): Promise<Reopened> {
      const hubRequestsBefore = hub.requests.length;
      await page.reload();
      await waitForExamplePrepared(page);
      await page.waitForTimeout(pauseMs);
      const pressedAt = await page.evaluate(() => performance.now());
      await page.getByTestId('load-model').click();
      await waitForRun(page, 0, 120_000);
      const ms = (await page.evaluate(() => performance.now())) - pressedAt;
      const modelInfo = (await page.getByTestId('model-info').textContent()) ?? '';
      const top5 = (await readResult(page)).top5.map((p) => p.index);
      return { pauseMs, ms, hubRequests: hub.requests.length - hubRequestsBefore, modelInfo, top5 };
    }

    /** Presses Tab until the element with `testId` has the focus; how many presses it took. */
    async function tabTo(page: Page, testId: string): Promise<number> {
      for (let presses = 1; presses <= 80; presses++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
        if (focused === testId) return presses;
      }
      throw new Error(`Tab never reached [data-testid=${testId}]`);
    }

    function expectFirstVisit(visit: Visit, lang: Lang, words: { size: RegExp; license: RegExp }) {
      const status = messagesFor(lang).status;
      const { result } = visit;
      // Before the button: the size and the license shown, and nothing asked of the hub.
      expect(visit.beforeClick.hubRequests).toBe(0);
      expect(visit.beforeClick.text).toMatch(words.size);
      expect(visit.beforeClick.text).toMatch(words.license);
      // Progress seen: bytes of the total, then the later stages.
      const downloads = visit.progress.filter((p) => /MB/.test(p.text));
      expect(downloads.length).toBeGreaterThan(0);
      expect(downloads.some((p) => p.fraction !== null && Number(p.fraction) > 0 && Number(p.fraction) < 100)).toBe(
        true,
      );
      // …then the stages after it, in order: conversion in the worker, then the session for the device.
      const texts = visit.progress.map((p) => p.text);
      const lastDownload = texts.findLastIndex((t) => /MB/.test(t));
      expect(texts.indexOf(status.convert)).toBeGreaterThan(lastDownload);
      expect(texts.indexOf(status.session)).toBeGreaterThan(texts.indexOf(status.convert));
      // The top-5 of the default example, runtime-node's for the same weights.
      expect(result.image).toBe('chelsea.jpg');
      expect(result.device).toBe('wasm');
      expect(result.top5.map((p) => [p.index, p.wnid, p.name])).toEqual(
        reference.map((p) => [p.index, p.wnid, p.name]),
      );
      for (const [k, p] of result.top5.entries()) {
        expect(Math.abs(p.probability - reference[k]!.probability)).toBeLessThan(1e-4);
      }
      // Nothing froze the page while it loaded and classified; nothing went to the console as an error.
      const during = visit.longTasks.filter((t) => t.start + t.duration >= visit.pressedAt);
      const longest = Math.max(0, ...during.map((t) => t.duration));
      // Reopened: nothing asked of the hub, the model read from this browser's cache.
      for (const reopened of visit.reopen) {
        expect(reopened.hubRequests).toBe(0);
        expect(reopened.modelInfo).toContain(messagesFor(lang).modelInfo.fromCache);
        // After a look, the load ran in the worker started early (warmUpClassifierWorker): the same answer.
        expect(reopened.top5).toEqual(reference.map((p) => p.index));
      }
      const reopens = visit.reopen.map((r) => `${(r.ms / 1000).toFixed(1)} s after ${r.pauseMs / 1000} s`).join(', ');
      process.stdout.write(
        `first visit: top-5 after ${((visit.doneAt - visit.pressedAt) / 1000).toFixed(1)} s ` +
          `(reopened from the cache, pressed at once / after a look: ${reopens}), ` +
          `${visit.tabs} Tab presses, longest main-thread task ${longest.toFixed(0)} ms ` +
          `(tasks > 50 ms, ms after the press: ${visit.longTasks.map((t) => `${t.duration.toFixed(0)} @${(t.start - visit.pressedAt).toFixed(0)}`).join(', ') || 'none'}), ` +
          `stages @ms: ${visit.progress
            .filter((p) => !/MB/.test(p.text))
            .map((p) => `${p.text.slice(0, 12)}@${(p.at - visit.pressedAt).toFixed(0)}`)
            .join(', ')}, ` +
          `progress: ${texts.filter((t, i) => !/MB/.test(t) || i === lastDownload || !/MB/.test(texts[i - 1] ?? '')).join(' → ')}\n`,
      );
      expect(longest).toBeLessThan(LONG_TASK_LIMIT_MS);
      expect(visit.consoleErrors).toEqual([]);
    }

    // The long-task bound is a 16× margin below the freezes it guards against (3.7–4.9 s), but on a 2-core machine
    // shared with the suite's CPU-bound tests (torch, full-size conversions) every task stretches: one task once
    // measured 207 ms while a conversion ran beside it. One retry; two failures in a row still fail.
    it('English: Tab to the one button, Enter, progress, then runtime-node’s top-5; no long task', {
      retry: 1,
    }, async () => {
      const size = megabytes(approximateWeightBytes(VARIANT.archSpec)).replace('.', '\\.');
      const seen = await visit('/playground.html', 'playground-390.png');
      expectFirstVisit(seen, 'en', { size: new RegExp(`≈ ${size}`), license: /CC-BY-NC 4\.0/ });
    });

    it('Korean: the same on /ko/playground.html, in Korean', { retry: 1 }, async () => {
      const size = megabytes(approximateWeightBytes(VARIANT.archSpec)).replace('.', '\\.');
      const seen = await visit('/ko/playground.html', 'playground-390-ko.png');
      expectFirstVisit(seen, 'ko', { size: new RegExp(`약 ${size}`), license: /CC-BY-NC 4\.0/ });
      expect(seen.beforeClick.text).toContain('내려받고 분류하기');
    });

    it('the getting-started snippet runs resnet18_swsl from the hub by default, with runtime-node’s top-5', async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${site.origin}/guide/getting-started.html?hfEndpoint=${encodeURIComponent(hub.endpoint)}`);
        expect(await page.getByTestId('snippet-model-url').inputValue()).toBe('resnet18_swsl');
        await page.getByTestId('snippet-run').click();
        await page
          .locator('[data-testid=snippet-result], [data-testid=snippet-error]')
          .first()
          .waitFor({ timeout: 600_000 });
        if (await page.getByTestId('snippet-error').count()) {
          throw new Error(`the snippet failed in the page: ${await page.getByTestId('snippet-error').textContent()}`);
        }
        const answer = JSON.parse((await page.getByTestId('snippet-result').textContent()) ?? '') as {
          device: string;
          top5: Prediction[];
        };
        expect(answer.device).toBe('wasm');
        expect(answer.top5.map((p) => p.index)).toEqual(reference.map((p) => p.index));
        for (const [k, p] of answer.top5.entries()) {
          expect(Math.abs(p.probability - reference[k]!.probability)).toBeLessThan(1e-4);
        }
      } finally {
        await context.close();
      }
    });

    it('Cancel stops the download and the next press resumes it; then cached, then cleared', async () => {
      const m = messagesFor('en');
      // A slow link (≈ 5 s for 47 MB), so there is time to cancel part-way.
      const slow = await startHubServer({
        files: { [VARIANT.hub.repo]: { bytes: weights, throttle: { chunkSize: 1 << 20, delayMs: 100 } } },
      });
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      try {
        const page = await context.newPage();
        await page.goto(`${site.origin}/playground.html?hfEndpoint=${encodeURIComponent(slow.endpoint)}`);
        await page.getByTestId('status').and(page.locator('[data-state=idle]')).waitFor();
        await page.getByTestId('load-model').click();
        // Well into the file (past a committed part), then Cancel.
        await page.waitForFunction(
          () =>
            Number(
              document.querySelector('[data-testid=progress] [role=progressbar]')?.getAttribute('aria-valuenow'),
            ) >= 40,
          null,
          { timeout: 60_000 },
        );
        await page.getByTestId('cancel').click();
        await page.getByTestId('status').and(page.locator('[data-state=idle]')).waitFor();
        const afterCancel = {
          status: await page.getByTestId('status').textContent(),
          errors: await page.getByTestId('error').count(),
          cancelVisible: await page.getByTestId('cancel').count(),
        };
        const requestsBefore = slow.requests.length;
        await page.getByTestId('load-model').click();
        await waitForRun(page, 0, 600_000);
        const resumedFrom = slow.requests
          .slice(requestsBefore)
          .filter((r) => r.origin === 'cdn')
          .map((r) => Number(/^bytes=(\d+)-$/.exec(r.range ?? '')?.[1] ?? 0));
        const top5 = (await readResult(page)).top5.map((p) => p.index);
        const option = await page.locator('[data-testid=variant] option[value=resnet18_swsl]').textContent();
        await openMoreOptions(page);
        const cachedSummary = await page.getByTestId('cache-summary').textContent();
        await page.getByTestId('clear-cache').click();
        await page.getByTestId('cache-summary').filter({ hasText: m.cachedNone }).waitFor();
        const optionAfterClear = await page.locator('[data-testid=variant] option[value=resnet18_swsl]').textContent();
        expect(afterCancel.status?.trim()).toBe(m.status.cancelled);
        expect(afterCancel.errors).toBe(0);
        expect(afterCancel.cancelVisible).toBe(0);
        // The second press fetched only the rest of the file.
        expect(Math.max(0, ...resumedFrom)).toBeGreaterThan(0);
        expect(top5).toEqual(reference.map((p) => p.index));
        expect(option).toContain(m.stateCached);
        expect(cachedSummary).toMatch(/MB/);
        expect(optionAfterClear).not.toContain(m.stateCached);
      } finally {
        await context.close();
        await slow.close();
      }
    });
  });
});
