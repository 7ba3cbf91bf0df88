import type { ImageOutputs, ModelInput } from '@swsl/core';
import { describe, expect, it } from 'vitest';
import { DynamicBatcher } from './batcher.js';
import { ServeError } from './errors.js';

const ROW = 3 * 2 * 2;
/** A model whose output for a row is that row's first value: answers can be traced back to their requests. */
function echoBatcher(options: { maxBatch?: number; maxQueueDelayMs?: number; maxQueue?: number; runMs?: number } = {}) {
  const runs: number[] = [];
  const batcher = new DynamicBatcher({
    model: 'echo',
    maxBatch: options.maxBatch ?? 4,
    maxQueueDelayMs: options.maxQueueDelayMs ?? 20,
    maxQueue: options.maxQueue ?? 100,
    rowFloats: ROW,
    crop: 2,
    async run({ data, dims }: ModelInput): Promise<ImageOutputs[]> {
      runs.push(dims[0]);
      await new Promise((r) => setTimeout(r, options.runMs ?? 5));
      return Array.from({ length: dims[0] }, (_, i) => ({
        logits: Float32Array.of(data[i * ROW] as number),
        features: new Float32Array(0),
      }));
    },
  });
  return { batcher, runs };
}

const rows = (...firsts: number[]) => {
  const data = new Float32Array(firsts.length * ROW);
  firsts.forEach((v, i) => {
    data[i * ROW] = v;
  });
  return data;
};

const ask = (batcher: DynamicBatcher, ...firsts: number[]) => {
  const admission = batcher.admit(firsts.length, 10_000);
  return batcher
    .submit(rows(...firsts), firsts.length, admission.deadline, 10_000)
    .then((out) => out.map((o) => o.logits[0]))
    .finally(() => admission.release());
};

describe('DynamicBatcher', () => {
  it('runs concurrent requests together, up to maxBatch, and gives each its own rows in order', async () => {
    const { batcher, runs } = echoBatcher({ maxBatch: 4 });
    const answers = await Promise.all([ask(batcher, 1), ask(batcher, 2, 3), ask(batcher, 4), ask(batcher, 5)]);
    expect(answers).toEqual([[1], [2, 3], [4], [5]]);
    expect(runs).toEqual([4, 1]);
  });

  it('a lone request runs after maxQueueDelayMs, not never; a full batch does not wait', async () => {
    const { batcher, runs } = echoBatcher({ maxBatch: 2, maxQueueDelayMs: 30 });
    const t0 = Date.now();
    await ask(batcher, 7);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    const t1 = Date.now();
    await Promise.all([ask(batcher, 1), ask(batcher, 2)]);
    expect(Date.now() - t1).toBeLessThan(25);
    expect(runs).toEqual([1, 2]);
  });

  it('refuses past maxQueue with a 503 and Retry-After, and admits again once answered', async () => {
    const { batcher } = echoBatcher({ maxQueue: 2, maxQueueDelayMs: 0 });
    const first = ask(batcher, 1, 2);
    let refused: unknown;
    try {
      batcher.admit(1, 1000);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ServeError);
    expect((refused as ServeError).status).toBe(503);
    expect((refused as ServeError).headers['retry-after']).toBe('1');
    await first;
    expect(await ask(batcher, 3)).toEqual([3]);
  });

  it('a request past its deadline gets a 504 and its rows are never run; the others still are', async () => {
    const { batcher, runs } = echoBatcher({ maxBatch: 8, maxQueueDelayMs: 50 });
    const admission = batcher.admit(1, 10);
    const late = batcher.submit(rows(9), 1, admission.deadline, 10).catch((e: ServeError) => e);
    const onTime = ask(batcher, 1);
    const error = await late;
    admission.release();
    expect(error).toBeInstanceOf(ServeError);
    expect((error as ServeError).status).toBe(504);
    expect(await onTime).toEqual([1]);
    expect(runs).toEqual([1]);
  });

  it('idle() waits until admitted work is answered and released', async () => {
    const { batcher } = echoBatcher({ runMs: 30, maxQueueDelayMs: 0 });
    const admission = batcher.admit(1, 10_000);
    let answered = false;
    const pending = batcher.submit(rows(1), 1, admission.deadline, 10_000).then(() => {
      answered = true;
      admission.release();
    });
    await batcher.idle();
    expect(answered).toBe(true);
    await pending;
  });
});
