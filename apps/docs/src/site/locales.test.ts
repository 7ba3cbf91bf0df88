import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBuiltSite } from './built-site.js';

// English at the root, Korean under /ko/ (.vitepress/config.ts): what a reader switching language meets.
const PAGES = [
  'index.html',
  'guide/getting-started.html',
  'guide/models.html',
  'guide/conversion.html',
  'guide/preprocessing.html',
  'guide/browser.html',
  'guide/dtypes.html',
  'guide/evaluate-and-embed.html',
  'guide/distributed.html',
  'guide/serving.html',
  'reference/benchmarks.html',
  'playground.html',
];

const page = (path: string) => readFileSync(join(requireBuiltSite(), path), 'utf8');
/** The links of the language menu (desktop flyout and mobile screen): `[label, href]`. */
const languageLinks = (html: string) =>
  [...html.matchAll(/<a class="VPLink link" href="([^"]*)"[^>]*><!--\[--><span[^>]*>(English|한국어)<\/span>/g)].map(
    ([, href, label]) => [label, href],
  );

describe('the Korean site', () => {
  it('has every guide page, the benchmarks and the playground in Korean, marked ko-KR', () => {
    for (const path of PAGES) {
      const html = page(`ko/${path}`);
      expect(html, path).toMatch(/<html lang="ko-KR"/);
      expect(page(path), path).toMatch(/<html lang="en-US"/);
      // Hangul in the page's main text, not only in the navigation.
      const main = html.match(/class="(?:VPDoc|VPPage|VPHome)[ "](.*?)<footer/s)?.[1] ?? '';
      expect(main.replace(/<[^>]+>/g, ''), path).toMatch(/[가-힣]{2,}/);
    }
    const korean = readdirSync(join(requireBuiltSite(), 'ko'), { recursive: true, encoding: 'utf8' }).filter((p) =>
      p.endsWith('.html'),
    );
    expect(korean.sort()).toEqual([...PAGES].sort());
  });

  it('the language menu links a page to its translation, and an English-only page to the other home', () => {
    expect(languageLinks(page('guide/models.html'))).toContainEqual(['한국어', '/ko/guide/models.html']);
    expect(languageLinks(page('ko/guide/models.html'))).toContainEqual(['English', '/guide/models.html']);
    expect(languageLinks(page('ko/index.html'))).toContainEqual(['English', '/']);
    // The CLI and API references are English only (generated from the sources).
    expect(languageLinks(page('reference/cli.html'))).toContainEqual(['한국어', '/ko/']);
    expect(languageLinks(page('reference/api/index.html'))).toContainEqual(['한국어', '/ko/']);
    expect(existsSync(join(requireBuiltSite(), 'ko/reference/api'))).toBe(false);
  });

  it('the Korean pages have Korean navigation, sidebar and footer, linking to the English references', () => {
    const html = page('ko/guide/getting-started.html');
    for (const text of ['시작하기', '모델과 라이선스', '브라우저에서', '벤치마크', '플레이그라운드', '비상업적']) {
      expect(html).toContain(text);
    }
    expect(html).toContain('href="/ko/guide/browser.html"');
    expect(html).toContain('href="/reference/cli.html"');
    expect(html).toContain('href="/reference/api/"');
    // The CLI and the weights' sources are documented in the Korean guide too.
    expect(html).toContain('SWSL_SOURCE');
    expect(html).toContain('HF_ENDPOINT');
  });
});

/** A run of English words that reads as a sentence: four or more words, two of them English function words. */
const FUNCTION_WORDS = new Set(
  'the a an of on in to by for from with and or is are was be this that it its as at per than not no your you during after before each every when while into over if'.split(
    ' ',
  ),
);
function englishSentences(text: string): string[] {
  const runs = text.match(/[A-Za-z][A-Za-z'’-]*(?:[ ,;:()]+[A-Za-z][A-Za-z'’.-]*){3,}/g) ?? [];
  return runs.filter((run) => run.split(/[ ,;:()]+/).filter((w) => FUNCTION_WORDS.has(w.toLowerCase())).length >= 2);
}

describe('the Korean pages as a Korean reader sees them', () => {
  it('have no English sentence outside code (tables and benchmark rows included)', () => {
    const dist = requireBuiltSite();
    const korean = readdirSync(join(dist, 'ko'), { recursive: true, encoding: 'utf8' }).filter((p) =>
      p.endsWith('.html'),
    );
    const found: string[] = [];
    for (const path of korean) {
      const main = page(`ko/${path}`).match(/<main[\s\S]*?<\/main>/)?.[0] ?? '';
      const text = main
        .replace(/<(pre|code|script|style)\b[\s\S]*?<\/\1>/g, ' ')
        .replace(/<[^>]+>/g, '\n')
        .replace(/&#39;/g, "'")
        .replace(/&[a-z#0-9]+;/g, ' ');
      for (const sentence of englishSentences(text)) found.push(`${path}: ${sentence}`);
    }
    expect(korean.length).toBe(PAGES.length);
    expect(found).toEqual([]);
  });

  it('finds English sentences where they are (the check itself)', () => {
    expect(englishSentences('측정: shared (quiet during the run)')).toEqual(['shared (quiet during the run']);
    // Names and lists are not sentences.
    expect(englishSentences('PNG, BMP, TIFF, GIF, WebP')).toEqual([]);
    expect(englishSentences('Billion-scale semi-supervised learning for image classification')).toEqual([]);
  });
});
