import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson.js';

describe('wilsonInterval', () => {
  it('gives the score intervals of Newcombe (1998), Table I', () => {
    // R. G. Newcombe, "Two-sided confidence intervals for the single proportion", Stat. Med. 17:857–872, method 3.
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [k, n, low, high] of cases) {
      const ci = wilsonInterval(k, n);
      expect(ci.low, `${k}/${n}`).toBeCloseTo(low, 4);
      expect(ci.high, `${k}/${n}`).toBeCloseTo(high, 4);
    }
  });

  it('stays within [0, 1], and says nothing from no trials', () => {
    expect(wilsonInterval(10, 10).high).toBe(1);
    expect(wilsonInterval(0, 10).low).toBe(0);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });
});
