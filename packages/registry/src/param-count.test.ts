import { readFileSync } from 'node:fs';
import { fixturePath, readFixtureManifest, readFixtureNpy } from '@swsl/reference';
import { describe, expect, it } from 'vitest';
import { ARCHS, type ArchName, featureDim } from './arch.js';
import { countParameters } from './param-count.js';
import { VARIANTS } from './variants.js';

// Written by the oracle: `sum(p.numel() for p in model.parameters())` of torchvision's ResNet
// (regenerate: pnpm --filter @swsl/reference fixtures).
const torchvision = JSON.parse(readFileSync(fixturePath('torchvision-param-counts.json'), 'utf8')) as {
  counts: Record<ArchName, number>;
};

describe('countParameters', () => {
  it.each(Object.keys(ARCHS) as ArchName[])('%s equals torchvision', (name) => {
    expect(countParameters(ARCHS[name])).toBe(torchvision.counts[name]);
  });

  it('equals the oracle for the tiny fixture architectures (base width < 64)', () => {
    for (const [name, model] of Object.entries(readFixtureManifest().models)) {
      expect(countParameters(model.spec), name).toBe(model.parameters);
      expect(featureDim(model.spec), name).toBe(readFixtureNpy(model.features).shape[1]);
    }
  });

  it('keeps the published figure beside the counted one (resnet18: 14M published, 11.7M counted)', () => {
    const r18 = VARIANTS.find((v) => v.name === 'resnet18_ssl');
    expect(r18?.published.paramsM).toBe(14);
    expect(countParameters(ARCHS.resnet18)).toBe(torchvision.counts.resnet18);
    for (const v of VARIANTS.filter((x) => x.arch !== 'resnet18')) {
      // The paper rounds (and resnext101_32x4d's 42M is its own figure): within 10% of the count.
      expect(
        Math.abs(v.published.paramsM * 1e6 - countParameters(v.archSpec)) / (v.published.paramsM * 1e6),
      ).toBeLessThan(0.1);
    }
  });
});
