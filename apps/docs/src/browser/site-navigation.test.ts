import { describeWithBrowser, launchChromium } from '@swsl/browser-harness';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requireBuiltSite } from '../site/built-site.js';
import { type StaticServer, startStaticServer } from '../site/static-server.js';

/** Finding one's way on the built site: the search (Ctrl+K, a word, the first result) and the language menu. */
describeWithBrowser('the docs navigation (built site, Chromium)', () => {
  let site: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    site = await startStaticServer(requireBuiltSite());
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function firstResult(home: string, query: string): Promise<string | null> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${site.origin}${home}`);
      const input = page.locator('#localsearch-input');
      // The shortcut works once the page has hydrated: a press before that does nothing, so press until it opens.
      for (let tries = 0; !(await input.isVisible()); tries++) {
        if (tries === 20) throw new Error(`Ctrl+K never opened the search on ${home}`);
        await page.keyboard.press('Control+k');
        await input.waitFor({ timeout: 500 }).catch(() => {});
      }
      await input.fill(query);
      const first = page.locator('.VPLocalSearchBox .results a.result').first();
      await first.waitFor();
      // The list settles after the index loads and the query debounces: read it once it stops changing.
      let href = await first.getAttribute('href');
      for (let settled = 0; settled < 3; ) {
        await page.waitForTimeout(150);
        const now = await first.getAttribute('href');
        settled = now === href ? settled + 1 : 0;
        href = now;
      }
      return href;
    } finally {
      await context.close();
    }
  }

  for (const [home, guide] of [
    ['/', '/guide/dtypes'],
    ['/ko/', '/ko/guide/dtypes'],
  ] as const) {
    for (const query of ['int8', 'dtype']) {
      it(`"${query}" from ${home} finds the dtypes guide first, not a generated API page`, async () => {
        const href = await firstResult(home, query);
        expect(href).toContain(guide);
      });
    }
  }

  it('the language menu keeps the page’s query (the playground’s ?hfEndpoint=) in both directions', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      const query = `?hfEndpoint=${encodeURIComponent('http://127.0.0.1:9/hub')}`;
      const menuLink = async (label: string) => {
        const link = page.locator(`.VPNavBarTranslations a:has-text("${label}")`).first();
        // The query joins the links once the page has mounted.
        await page.waitForFunction(() => document.querySelector('.VPNavBarTranslations a[href*="?"]') !== null);
        return link.getAttribute('href');
      };
      await page.goto(`${site.origin}/playground.html${query}`);
      const toKorean = await menuLink('한국어');
      await page.goto(`${site.origin}/ko/playground.html${query}`);
      const toEnglish = await menuLink('English');
      expect(toKorean).toBe(`/ko/playground.html${query}`);
      expect(toEnglish).toBe(`/playground.html${query}`);
      // No hydration mismatch (the server-rendered links have no query).
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
