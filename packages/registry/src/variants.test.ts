import { describe, expect, it } from 'vitest';
import { ARCHS } from './arch.js';
import { VARIANTS, WEIGHTS_BASE_URL } from './variants.js';

// The seed's table and file list, pasted from shared/DESIGN.md (the paper's numbers), parsed here, not retyped.
const SEED_TABLE = `
| resnet18 | basic | 2,2,2,2 | 1 × 64 | 14M* | 2 | 72.8 / 73.4 | 91.5 / 91.9 |
| resnet50 | bottleneck | 3,4,6,3 | 1 × 64 | 25M | 4 | 79.3 / 81.2 | 94.9 / 96.0 |
| resnext50_32x4d | bottleneck | 3,4,6,3 | 32 × 4 | 25M | 4 | 80.3 / 82.2 | 95.4 / 96.3 |
| resnext101_32x4d | bottleneck | 3,4,23,3 | 32 × 4 | 42M | 8 | 81.0 / 83.4 | 95.7 / 96.8 |
| resnext101_32x8d | bottleneck | 3,4,23,3 | 32 × 8 | 88M | 16 | 81.7 / 84.3 | 96.1 / 97.2 |
| resnext101_32x16d | bottleneck | 3,4,23,3 | 32 × 16 | 193M | 36 | 81.9 / 84.8 | 96.2 / 97.4 |
`;
const SEED_FILES = `
- ssl: \`semi_supervised_resnet18-d92f0530.pth\`, \`semi_supervised_resnet50-08389792.pth\`,
  \`semi_supervised_resnext50_32x4-ddb3e555.pth\`, \`semi_supervised_resnext101_32x4-dc43570a.pth\`,
  \`semi_supervised_resnext101_32x8-2cfe2f8b.pth\`, \`semi_supervised_resnext101_32x16-15fffa57.pth\`
- swsl: \`semi_weakly_supervised_resnet18-118f1556.pth\`, \`semi_weakly_supervised_resnet50-16a12f1b.pth\`,
  \`semi_weakly_supervised_resnext50_32x4-72679e44.pth\`, \`semi_weakly_supervised_resnext101_32x4-3f87e46b.pth\`,
  \`semi_weakly_supervised_resnext101_32x8-b4712904.pth\`, \`semi_weakly_supervised_resnext101_32x16-f3559a9c.pth\`
`;
const SEED_BASE_URL = 'https://dl.fbaipublicfiles.com/semiweaksupervision/model_files/';

interface SeedRow {
  arch: string;
  block: string;
  layers: number[];
  groups: number;
  width: number;
  paramsM: number;
  gflops: number;
  top1: [number, number];
  top5: [number, number];
}

function parseSeedTable(text: string): SeedRow[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const cells = line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      const [arch, block, layers, gw, params, gflops, top1, top5] = cells as [string, ...string[]];
      const pair = (s: string | undefined) => s?.split('/').map((x) => Number(x.trim())) as [number, number];
      const [groups, width] = (gw ?? '').split('×').map((x) => Number(x.trim()));
      return {
        arch,
        block: block ?? '',
        layers: (layers ?? '').split(',').map(Number),
        groups: groups ?? Number.NaN,
        width: width ?? Number.NaN,
        paramsM: Number.parseFloat(params ?? ''),
        gflops: Number(gflops),
        top1: pair(top1),
        top5: pair(top5),
      };
    });
}

describe('VARIANTS', () => {
  const seed = parseSeedTable(SEED_TABLE);

  it('has exactly the 12 hub entry points', () => {
    expect(VARIANTS.map((v) => v.name).sort()).toEqual(seed.flatMap((r) => [`${r.arch}_ssl`, `${r.arch}_swsl`]).sort());
  });

  it.each(seed)('$arch rows equal the seed table', (row) => {
    for (const [family, column] of [
      ['ssl', 0],
      ['swsl', 1],
    ] as const) {
      const v = VARIANTS.find((x) => x.name === `${row.arch}_${family}`);
      expect(v, `${row.arch}_${family}`).toBeDefined();
      if (!v) continue;
      expect(v.archSpec.block).toBe(row.block);
      expect([...v.archSpec.layers]).toEqual(row.layers);
      expect(v.archSpec.groups).toBe(row.groups);
      expect(v.archSpec.widthPerGroup).toBe(row.width);
      expect(v.archSpec.numClasses).toBe(1000);
      expect(v.published).toEqual({
        paramsM: row.paramsM,
        gflops: row.gflops,
        top1: row.top1[column],
        top5: row.top5[column],
      });
      expect(v.archSpec).toBe(ARCHS[v.arch]);
    }
  });

  it('names the official files, URLs and hash prefixes of the seed', () => {
    const files = [...SEED_FILES.matchAll(/`([^`]+\.pth)`/g)].map((m) => m[1]);
    expect(VARIANTS.map((v) => v.weights.fileName).sort()).toEqual([...files].sort());
    for (const v of VARIANTS) {
      expect(v.weights.url).toBe(SEED_BASE_URL + v.weights.fileName);
      expect(v.weights.fileName).toMatch(new RegExp(`-${v.weights.sha256Prefix}\\.pth$`));
      expect(v.weights.sha256Prefix).toMatch(/^[0-9a-f]{8}$/);
      expect(v.weights.license).toBe('CC-BY-NC-4.0');
      const prefix = v.family === 'ssl' ? 'semi_supervised_' : 'semi_weakly_supervised_';
      expect(v.weights.fileName.startsWith(prefix)).toBe(true);
    }
    expect(WEIGHTS_BASE_URL).toBe(SEED_BASE_URL);
  });

  it('carries timm names, old aliases, pretraining data and the eval preprocessing', () => {
    const v = VARIANTS.find((x) => x.name === 'resnet50_swsl');
    expect(v?.timmName).toBe('resnet50.fb_swsl_ig1b_ft_in1k');
    expect(v?.timmAlias).toBe('swsl_resnet50');
    expect(v?.pretrainingData).toMatch(/940M hashtagged Instagram/);
    const s = VARIANTS.find((x) => x.name === 'resnext101_32x16d_ssl');
    expect(s?.timmName).toBe('resnext101_32x16d.fb_ssl_yfcc100m_ft_in1k');
    expect(s?.timmAlias).toBe('ssl_resnext101_32x16d');
    expect(s?.pretrainingData).toMatch(/YFCC100M/);
    for (const x of VARIANTS) {
      expect(x.preprocessing).toEqual({
        resizeSize: 256,
        interpolation: 'bilinear',
        cropSize: 224,
        mean: [0.485, 0.456, 0.406],
        std: [0.229, 0.224, 0.225],
      });
    }
  });
});
