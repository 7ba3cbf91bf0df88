import { IMAGENET_EVAL_PREPROCESSING, labels } from '@swsl/registry';
import { describe, expect, it } from 'vitest';
import { preprocessorConfig, resnetConfig } from './hf-config.js';

describe('the transformers.js model folder', () => {
  it('config.json: a resnet with swsl’s 1000 labels, in output order', () => {
    const config = resnetConfig() as { model_type: string; id2label: Record<string, string> };
    expect(config.model_type).toBe('resnet');
    expect(Object.keys(config.id2label)).toHaveLength(1000);
    expect(config.id2label['0']).toBe(labels[0]?.name);
    expect(config.id2label['999']).toBe(labels[999]?.name);
  });

  it('preprocessor_config.json: the seed’s eval transform (256 → crop 224, ÷255, ImageNet mean/std, bilinear)', () => {
    expect(preprocessorConfig()).toMatchObject({
      image_processor_type: 'BitImageProcessor',
      size: { shortest_edge: 256 },
      crop_size: { height: 224, width: 224 },
      do_center_crop: true,
      resample: 2,
      rescale_factor: 1 / 255,
      image_mean: [...IMAGENET_EVAL_PREPROCESSING.mean],
      image_std: [...IMAGENET_EVAL_PREPROCESSING.std],
    });
  });
});
