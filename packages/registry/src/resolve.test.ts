import { describe, expect, it } from 'vitest';
import { isSwslError } from './errors.js';
import { closestVariantNames, resolveVariant, UnknownVariantError, variantNames } from './resolve.js';
import { VARIANTS } from './variants.js';

describe('resolveVariant', () => {
  it('resolves every hub name, timm name and old alias, in any case', () => {
    expect(variantNames()).toHaveLength(36);
    for (const v of VARIANTS) {
      for (const name of [v.name, v.timmName, v.timmAlias]) {
        expect(resolveVariant(name)).toBe(v);
        expect(resolveVariant(name.toUpperCase())).toBe(v);
        expect(resolveVariant(` ${name} `)).toBe(v);
      }
    }
    expect(resolveVariant('SWSL_ResNeXt101_32x16d').name).toBe('resnext101_32x16d_swsl');
  });

  it('throws E_UNKNOWN_VARIANT listing the 3 closest names', () => {
    let error: unknown;
    try {
      resolveVariant('resnet50_swl');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownVariantError);
    expect(isSwslError(error, 'E_UNKNOWN_VARIANT')).toBe(true);
    const e = error as UnknownVariantError;
    expect(e.suggestions).toHaveLength(3);
    // Both are one edit away.
    expect(e.suggestions.slice(0, 2).sort()).toEqual(['resnet50_ssl', 'resnet50_swsl']);
    expect(e.message).toContain('"resnet50_swl"');
    for (const s of e.suggestions) expect(e.message).toContain(s);
  });

  it('suggests by any spelling', () => {
    expect(closestVariantNames('ssl_resnext50')[0]).toBe('resnext50_32x4d_ssl');
    expect(closestVariantNames('resnext101_32x8d.fb_swsl')[0]).toBe('resnext101_32x8d_swsl');
  });
});
