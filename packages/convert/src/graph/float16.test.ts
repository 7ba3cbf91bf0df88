import { describe, expect, it } from 'vitest';
import { toFloat16Bits } from './float16.js';

// IEEE 754 binary16 facts, independent of this code.
const cases: [number, number][] = [
  [0, 0x0000],
  [-0, 0x8000],
  [1, 0x3c00],
  [-2, 0xc000],
  [0.5, 0x3800],
  [65504, 0x7bff], // largest finite half
  [65520, 0x7c00], // rounds up to infinity
  [1e6, 0x7c00],
  [2 ** -14, 0x0400], // smallest normal
  [2 ** -24, 0x0001], // smallest subnormal
  [2 ** -26, 0x0000], // below half the smallest subnormal: zero
  [0.1, 0x2e66],
  [1 + 2 ** -11, 0x3c00], // halfway between 1 and the next half: ties to even (down)
  [1 + 3 * 2 ** -11, 0x3c02], // halfway, odd below: ties to even (up)
  [Number.POSITIVE_INFINITY, 0x7c00],
  [Number.NEGATIVE_INFINITY, 0xfc00],
];

describe('toFloat16Bits', () => {
  it.each(cases)('%d → 0x%s', (value, bits) => {
    expect(toFloat16Bits(new Float32Array([value]))[0]).toBe(bits);
  });

  it('keeps NaN a NaN', () => {
    const h = toFloat16Bits(new Float32Array([Number.NaN]))[0]!;
    expect(h & 0x7c00).toBe(0x7c00);
    expect(h & 0x3ff).not.toBe(0);
  });
});
