import { readFileSync } from 'node:fs';
import { fixturePath, readFixtureManifest } from '@swsl/reference';
import { describe, expect, it } from 'vitest';
import { hubModelInfoUrl, hubResolveUrl } from './hub.js';
import { VARIANTS } from './variants.js';
import { approximateWeightBytes } from './weight-bytes.js';

// The mirror as shared/DESIGN.md names it: `timm/<arch>.fb_swsl_ig1b_ft_in1k` / `.fb_ssl_yfcc100m_ft_in1k`.
const HUB_TAG = { ssl: 'fb_ssl_yfcc100m_ft_in1k', swsl: 'fb_swsl_ig1b_ft_in1k' } as const;

describe('the hub source of every variant', () => {
  it('is timm’s mirror of the same architecture and family, model.safetensors on main', () => {
    expect(VARIANTS).toHaveLength(12);
    for (const v of VARIANTS) {
      expect(v.hub).toEqual({
        repo: `timm/${v.arch}.${HUB_TAG[v.family]}`,
        file: 'model.safetensors',
        revision: 'main',
      });
    }
  });

  it('resolves as huggingface_hub does, with or without a trailing slash on the endpoint', () => {
    const hub = VARIANTS.find((v) => v.name === 'resnet50_swsl')!.hub;
    const expected = 'https://huggingface.co/timm/resnet50.fb_swsl_ig1b_ft_in1k/resolve/main/model.safetensors';
    expect(hubResolveUrl('https://huggingface.co', hub)).toBe(expected);
    expect(hubResolveUrl('https://huggingface.co/', hub)).toBe(expected);
    expect(hubModelInfoUrl('http://127.0.0.1:8080', hub)).toBe(
      'http://127.0.0.1:8080/api/models/timm/resnet50.fb_swsl_ig1b_ft_in1k/revision/main?blobs=true',
    );
  });
});

/** Bytes of the tensors in a safetensors file (its header lists each tensor's offsets), num_batches_tracked aside. */
function safetensorsTensorBytes(path: string): number {
  const bytes = readFileSync(path);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<
    string,
    { data_offsets?: [number, number] }
  >;
  let total = 0;
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__' || name.endsWith('num_batches_tracked') || !entry.data_offsets) continue;
    total += entry.data_offsets[1] - entry.data_offsets[0];
  }
  return total;
}

describe('approximateWeightBytes', () => {
  it('equals the fp32 tensor bytes of a checkpoint torch wrote (the tiny-basic fixture, parameters + BN stats)', () => {
    const spec = readFixtureManifest().models['tiny-basic']!.spec;
    expect(approximateWeightBytes(spec)).toBe(safetensorsTensorBytes(fixturePath('tiny-basic.safetensors')));
  });

  it('gives the familiar download sizes (resnet18 ≈ 47 MB, resnext101_32x16d ≈ 777 MB)', () => {
    const mb = (name: string) => approximateWeightBytes(VARIANTS.find((v) => v.name === name)!.archSpec) / 1e6;
    expect(mb('resnet18_swsl')).toBeGreaterThan(46);
    expect(mb('resnet18_swsl')).toBeLessThan(48);
    expect(mb('resnext101_32x16d_ssl')).toBeGreaterThan(770);
    expect(mb('resnext101_32x16d_ssl')).toBeLessThan(785);
  });
});
