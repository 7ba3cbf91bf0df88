import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from '@swsl/reference';
import { describe, expect, it } from 'vitest';
import { requireBuiltSite } from './built-site.js';
import { formatMillions, modelRows } from './model-rows.js';

// The seed's table (paper, DESIGN.md), typed here independently of the registry: arch → params M, GFLOPs,
// [ssl top-1, top-5], [swsl top-1, top-5].
const SEED: Record<string, [number, number, [number, number], [number, number]]> = {
  resnet18: [14, 2, [72.8, 91.5], [73.4, 91.9]],
  resnet50: [25, 4, [79.3, 94.9], [81.2, 96.0]],
  resnext50_32x4d: [25, 4, [80.3, 95.4], [82.2, 96.3]],
  resnext101_32x4d: [42, 8, [81.0, 95.7], [83.4, 96.8]],
  resnext101_32x8d: [88, 16, [81.7, 96.1], [84.3, 97.2]],
  resnext101_32x16d: [193, 36, [81.9, 96.2], [84.8, 97.4]],
};

// torchvision's own parameter counts, written by the PyTorch oracle.
const TORCHVISION = JSON.parse(readFileSync(fixturePath('torchvision-param-counts.json'), 'utf8')).counts as Record<
  string,
  number
>;

/** The built model page (English at the root, Korean under ko/). */
const builtPage = (page: string) => readFileSync(join(requireBuiltSite(), page), 'utf8');

/** The model table's column headings, as the built page shows them. */
function builtHeadings(html: string): string[] {
  const head = html.match(/<table class="model-table">\s*<thead>(.*?)<\/thead>/s)?.[1] ?? '';
  return [...head.matchAll(/<th[^>]*>(.*?)<\/th>/g)].map(([, text]) => text!);
}

/** The model table's cells, per variant, as the built page shows them. */
function builtTable(html = builtPage('guide/models.html')): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const [, name, body] of html.matchAll(/<tr data-variant="([^"]+)">(.*?)<\/tr>/g)) {
    // A cell's text, after its hover title and its link's hover title where it has them.
    const cells = [...body!.matchAll(/<td(?: title="([^"]*)")?(?: data-label="[^"]*")?>(.*?)<\/td>/g)].map(
      ([, title, cell]) => {
        const linkTitle = cell!.match(/<a [^>]*title="([^"]*)"/)?.[1];
        return [title, linkTitle, cell!.replace(/<[^>]+>/g, '')].filter(Boolean).join(' | ');
      },
    );
    rows.set(name!, cells);
  }
  return rows;
}

describe('the model table', () => {
  it('has the 12 variants with counted parameters equal to torchvision’s', () => {
    const rows = modelRows();
    expect(rows.map((r) => r.name).sort()).toEqual(
      Object.keys(SEED)
        .flatMap((arch) => [`${arch}_ssl`, `${arch}_swsl`])
        .sort(),
    );
    for (const row of rows) expect(row.countedParams).toBe(TORCHVISION[row.arch]);
    expect(formatMillions(11_689_512)).toBe('11.7M');
  });

  it('the built page shows the seed’s numbers, the counted parameters and the license for every variant', () => {
    const table = builtTable();
    expect(table.size).toBe(12);
    for (const [arch, [paramsM, gflops, ssl, swsl]] of Object.entries(SEED)) {
      for (const [family, [top1, top5]] of [
        ['ssl', ssl],
        ['swsl', swsl],
      ] as const) {
        const cells = table.get(`${arch}_${family}`);
        const counted = TORCHVISION[arch]!;
        expect(cells?.slice(1, 7)).toEqual([
          family === 'ssl' ? 'YFCC100M' : 'IG-1B',
          `${paramsM}M`,
          `${counted.toLocaleString('en-US')} | ${(counted / 1e6).toFixed(1)}M`,
          String(gflops),
          top1.toFixed(1),
          top5.toFixed(1),
        ]);
        expect(cells?.[7]).toMatch(/^semi_(weakly_)?supervised_res(net|next)\d+[_x\d]*-[0-9a-f]{8}\.pth \| \.pth$/);
        expect(cells?.[8]).toBe('CC-BY-NC-4.0');
      }
    }
  });
});

describe('the Korean model table', () => {
  it('shows the same cells as the English page, under Korean headings, with its license link resolving', () => {
    const ko = builtPage('ko/guide/models.html');
    const en = builtPage('guide/models.html');
    expect(ko).toMatch(/<html lang="ko-KR"/);
    expect(builtHeadings(en)).toEqual([
      'variant',
      'pretrained on',
      'params (paper)',
      'params (counted)',
      'GFLOPs',
      'top-1',
      'top-5',
      'weights',
      'license',
    ]);
    expect(builtHeadings(ko)).toEqual([
      '모델',
      '사전 학습 데이터',
      '파라미터 (논문)',
      '파라미터 (실제)',
      'GFLOPs',
      'top-1',
      'top-5',
      '가중치',
      '라이선스',
    ]);
    // Every number, name and link the English table shows, the Korean one shows too (the seed's numbers are
    // checked against the English page above).
    const koTable = builtTable(ko);
    expect(koTable.size).toBe(12);
    expect(koTable).toEqual(builtTable(en));
    const seedRow = koTable.get('resnext101_32x16d_swsl');
    expect(seedRow?.slice(5, 7)).toEqual(['84.8', '97.4']);
    // The license cells link to #license: the Korean page keeps that anchor on its "라이선스" heading.
    expect(ko).toMatch(/<h2 id="license"[^>]*>라이선스/);
  });
});
