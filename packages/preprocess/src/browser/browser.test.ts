import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithBrowser, type LocalServer, launchChromium } from '@swsl/browser-harness';
import { describeWithOracle, fixturePath, runOracle } from '@swsl/reference';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CorpusEntry, readCorpusManifest } from '../node/pillow-corpus.testkit.js';
import type { PageCase, PageVerdict, PreprocessTestkit } from './test-support/page.testkit.js';
import { bundlePage, startServer } from './test-support/server.testkit.js';

// `@swsl/preprocess/browser` in Debian's headless Chromium, bundled by esbuild as an application would, against
// Pillow's crops and torchvision's tensors: the committed slice everywhere, the oracle's full corpus (every PNG
// flavour, BMP, TIFF, GIF, WebP, JPEG, EXIF orientations 1–8, colour under transparent pixels) where it is present.

/** Images the browser entry is known to decode differently from Pillow, with the reason (README, Known gaps). */
const KNOWN_DIFFERENCES: Record<string, string> = {};

const committed = fixturePath('preprocess');
const dirs: Record<string, string> = { committed };

function cases(key: string, entries: CorpusEntry[]): PageCase[] {
  return entries.map((e) => ({
    url: `/${key}/${e.file}`,
    spec: e.spec,
    ...(e.applyExifOrientation ? { applyExifOrientation: true } : {}),
  }));
}

/** One line per image that is not identical (crop bytes) or whose tensor is off by more than 1e-6. */
function failures(verdicts: PageVerdict[]): string[] {
  return verdicts
    .filter((v) => v.error || v.differingBytes || v.maxTensorDiff > 1e-6)
    .map((v) =>
      v.error
        ? `${v.url}: ${v.error}`
        : `${v.url}: ${v.differingBytes} bytes differ (max ${v.maxByteDiff}), tensor Δ ${v.maxTensorDiff}`,
    );
}

describeWithBrowser('@swsl/preprocess/browser in Chromium: the same crops as Pillow', () => {
  let server: LocalServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer(await bundlePage(), dirs);
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => 'testkit' in globalThis);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const run = (list: PageCase[], legacy = false) =>
    page.evaluate(
      ([list, legacy]) => (globalThis as unknown as { testkit: PreprocessTestkit }).testkit.checkAll(list, legacy),
      [list, legacy] as const,
    );

  it('committed slice (14 images): identical crops, tensors within 1e-6', async () => {
    const entries = readCorpusManifest(committed);
    expect(entries.length).toBe(14);
    expect(failures(await run(cases('committed', entries)))).toEqual([]);
  });

  describeWithOracle('generated corpus (oracle)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'swsl-browser-corpus-'));
    let entries: CorpusEntry[] = [];
    beforeAll(() => {
      runOracle(['image-corpus', '--slice', 'full', '--out', dir]);
      entries = readCorpusManifest(dir);
      dirs.full = dir;
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('Chromium itself applies EXIF orientation (what the browser entry has to neutralise)', async () => {
      const size = await page.evaluate(
        (url) => (globalThis as unknown as { testkit: PreprocessTestkit }).testkit.bitmapSize(url),
        '/full/exif-o6-403x301.jpg',
      );
      expect(size).toEqual([301, 403]);
    });

    it('the former createImageBitmap + 2D canvas path differs exactly where the fixes apply', async () => {
      const interesting = entries.filter(
        (e) => /^(exif|alpha)-/.test(e.file) || ['TIFF', 'GIF'].includes(e.format) || ['LA', 'RGBA'].includes(e.mode),
      );
      const wrong = new Set(failures(await run(cases('full', interesting), true)).map((f) => f.split(':')[0]));
      const differs = (file: string) => wrong.has(`/full/${file}`);
      process.stdout.write(`former canvas path: ${wrong.size}/${interesting.length} differ: ${[...wrong].join(' ')}\n`);
      // EXIF: rotated by the browser (JPEG 2-8; Chromium 156 also applies a PNG eXIf, not a WebP EXIF chunk).
      for (let o = 2; o <= 8; o++) expect(differs(`exif-o${o}-403x301.jpg`)).toBe(true);
      expect(differs('exif-o1-403x301.jpg')).toBe(false);
      // Alpha: colour under transparent pixels lost by the premultiplied canvas; TIFF not decodable at all.
      for (const f of entries.filter((e) => /^alpha-/.test(e.file))) expect(differs(f.file)).toBe(true);
      for (const f of entries.filter((e) => e.format === 'TIFF')) expect(differs(f.file)).toBe(true);
    });

    it('covers EXIF orientations 2–8 and colour under transparency in every alpha format', () => {
      const files = entries.map((e) => e.file);
      for (let o = 2; o <= 8; o++) {
        expect(files).toContain(`exif-o${o}-403x301.jpg`);
        expect(files).toContain(`exif-o${o}-applied-403x301.jpg`);
      }
      for (const f of ['png', 'webp'])
        expect(files.filter((n) => n.startsWith('exif-') && n.endsWith(f)).length).toBe(4);
      expect(files.filter((n) => n.startsWith('alpha-')).length).toBe(7);
    });

    it('every image: identical crops and tensors within 1e-6, apart from the documented differences', async () => {
      const verdicts = await run(cases('full', entries));
      const byFile = (v: PageVerdict) => v.url.slice('/full/'.length);
      const known = verdicts.filter((v) => byFile(v) in KNOWN_DIFFERENCES);
      const summary = new Map<string, [number, number]>();
      for (const [i, v] of verdicts.entries()) {
        const e = entries[i]!;
        const key = `${e.format} ${e.mode}`;
        const [same, all] = summary.get(key) ?? [0, 0];
        const ok = !v.error && v.differingBytes === 0 && v.maxTensorDiff <= 1e-6;
        summary.set(key, [same + (ok ? 1 : 0), all + 1]);
      }
      process.stdout.write(
        `browser vs Pillow, identical/total by format and mode: ${[...summary].map(([k, [s, a]]) => `${k} ${s}/${a}`).join(', ')}\n`,
      );
      expect(failures(verdicts.filter((v) => !(byFile(v) in KNOWN_DIFFERENCES)))).toEqual([]);
      // A known difference that disappears should be noticed (and removed from the list and the README).
      expect(failures(known).length).toBe(Object.keys(KNOWN_DIFFERENCES).length);
      expect(verdicts.length).toBeGreaterThan(130);
    });
  });
});
