import { describe, expect, it } from 'vitest';
import { summarizeCache } from './cache-state.js';

describe('what the variant list says is cached', () => {
  it('an ONNX is ready at its dtype; a checkpoint alone marks every dtype as downloaded', () => {
    const summary = summarizeCache([
      { variant: 'resnet18_swsl', dtype: 'fp32', kind: 'onnx', bytes: 10 },
      { variant: 'resnet18_swsl', kind: 'checkpoint', bytes: 20 },
      { variant: 'resnet50_ssl', kind: 'checkpoint', bytes: 30 },
      { kind: 'onnx', dtype: 'fp32', bytes: 5 },
      // A variant's ONNX from the user's own base URL: not what a hub load reads.
      { variant: 'resnet50_swsl', dtype: 'fp32', kind: 'onnx', bytes: 7, origin: 'model-base-url' },
    ]);
    expect(summary.byVariant).toEqual({
      'resnet18_swsl/fp32': 'onnx',
      'resnet18_swsl/fp16': 'checkpoint',
      'resnet18_swsl/int8': 'checkpoint',
      'resnet50_ssl/fp32': 'checkpoint',
      'resnet50_ssl/fp16': 'checkpoint',
      'resnet50_ssl/int8': 'checkpoint',
    });
    expect(summary).toMatchObject({ bytes: 72, count: 5 });
  });
});
