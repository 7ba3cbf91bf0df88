import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { WARM_UP_MODEL } from './warm-runtime.js';

describe('the warm-up model', () => {
  it('is a model onnxruntime-web runs: Identity on a float [1]', async () => {
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(WARM_UP_MODEL, { executionProviders: ['wasm'] });
    try {
      expect(session.inputNames).toEqual(['x']);
      const { y } = await session.run({ x: new ort.Tensor('float32', new Float32Array([2.5]), [1]) });
      expect(Array.from((y?.data ?? []) as Float32Array)).toEqual([2.5]);
    } finally {
      await session.release();
    }
  });
});
