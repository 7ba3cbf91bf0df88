import type { Prediction } from '@swsl/core';
import { expect } from 'vitest';

export type Top5 = Pick<Prediction, 'index' | 'probability' | 'name'>[][];

/** Same classes in the same order, probabilities within `tolerance` (absolute; softmax outputs are ≤ 1). */
export function expectSameTop5(actual: Top5, expected: Top5, tolerance: number): void {
  expect(actual.map((image) => image.map((p) => p.index))).toEqual(expected.map((image) => image.map((p) => p.index)));
  for (const [i, image] of actual.entries()) {
    for (const [k, p] of image.entries()) {
      expect(Math.abs(p.probability - (expected[i]?.[k]?.probability as number))).toBeLessThan(tolerance);
    }
  }
}
