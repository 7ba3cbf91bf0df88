import { readdirSync } from 'node:fs';
import { describeWithBrowser, launchChromium } from '@swsl/browser-harness';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requireBuiltSite } from '../site/built-site.js';
import { type StaticServer, startStaticServer } from '../site/static-server.js';

/** Every page of the built site (English, Korean and the generated API reference). */
function sitePages(dist: string): string[] {
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.html') && p !== '404.html')
    .map((p) => `/${p.replaceAll('\\', '/')}`)
    .sort();
}

/**
 * Issue 21: on a phone, tables scrolled sideways and hid columns. Every page at 390 px: no table (nor anything else)
 * wider than the viewport, and no table that scrolls inside its own box.
 */
describeWithBrowser('the docs on a 390 px phone', () => {
  let site: StaticServer;
  let browser: Browser;
  let pages: string[];

  beforeAll(async () => {
    const dist = requireBuiltSite();
    pages = sitePages(dist);
    site = await startStaticServer(dist);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('no page has a table wider than the screen or scrolling sideways', { timeout: 600_000 }, async () => {
    // The pages are rendered at build time: their layout needs the CSS, not the scripts (which would only slow this).
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    const wide: string[] = [];
    let tables = 0;
    try {
      for (const path of pages) {
        await page.goto(`${site.origin}${path}`, { waitUntil: 'load' });
        const { found, pageWidth } = await page.evaluate(() => ({
          found: [...document.querySelectorAll('.vp-doc table')].map((t) => ({
            right: Math.round(t.getBoundingClientRect().right),
            scroll: t.scrollWidth - t.clientWidth,
            head: (t.querySelector('th')?.textContent ?? '').trim().slice(0, 30),
          })),
          pageWidth: document.documentElement.scrollWidth,
        }));
        tables += found.length;
        if (pageWidth > 390) wide.push(`${path} (the page is ${pageWidth} px wide)`);
        for (const t of found) {
          if (t.right > 390 || t.scroll > 1)
            wide.push(`${path} (table "${t.head}": right ${t.right}, scrolls ${t.scroll})`);
        }
      }
    } finally {
      await context.close();
    }
    expect(pages.length).toBeGreaterThan(300);
    expect(tables).toBeGreaterThan(50);
    expect(wide).toEqual([]);
  });
});
