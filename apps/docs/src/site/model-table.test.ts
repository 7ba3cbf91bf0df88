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

/** The model table's cells, per variant, as the built page shows them. */
function builtTable(): Map<string, string[]> {
  const html = readFileSync(join(requireBuiltSite(), 'guide/models.html'), 'utf8');
  const rows = new Map<string, string[]>();
  for (const [, name, body] of html.matchAll(/<tr data-variant="([^"]+)">(.*?)<\/tr>/g)) {
    // A cell's text, after its hover title and its link's hover title where it has them.
    const cells = [...body!.matchAll(/<td(?: title="([^"]*)")?>(.*?)<\/td>/g)].map(([, title, cell]) => {
      const linkTitle = cell!.match(/<a [^>]*title="([^"]*)"/)?.[1];
      return [title, linkTitle, cell!.replace(/<[^>]+>/g, '')].filter(Boolean).join(' | ');
    });
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
