import { describe, expect, it } from 'vitest';
import { roundHalfEven } from './rounding.js';

describe('roundHalfEven', () => {
  it('rounds ties to the even neighbour, like numpy.round', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6, -2.6].map(roundHalfEven)).toEqual([
      0, 2, 2, -0, -2, -2, 2, 3, -3,
    ]);
  });
});
