import { describe, expect, it } from 'vitest';
import {
  activationParams,
  dequantize,
  quantizeBias,
  quantizePerChannel,
  quantizeResidual,
} from './quantize-weights.js';

describe('quantizePerChannel', () => {
  it('maps each channel max |w| to ±127 and keeps every value within half a step', () => {
    const w = Float32Array.from([0.5, -1, 0.25, 0.01, 0, 0, 0, 0, 3, 2, -1.5, 0.3]);
    const q = quantizePerChannel(w, 3);
    expect(Array.from(q.scales)).toEqual([Math.fround(1 / 127), 1, Math.fround(3 / 127)]);
    expect(q.values[1]).toBe(-127);
    expect(q.values[8]).toBe(127);
    expect(Array.from(q.values.slice(4, 8))).toEqual([0, 0, 0, 0]);
    for (let i = 0; i < w.length; i++) {
      const s = q.scales[Math.floor(i / 4)] as number;
      expect(Math.abs((q.values[i] as number) * s - (w[i] as number))).toBeLessThanOrEqual(s / 2 + 1e-9);
    }
  });
});

describe('quantizeBias', () => {
  it('uses input scale × weight scale', () => {
    const b = quantizeBias(Float32Array.from([1, -0.5]), 0.1, Float32Array.from([0.01, 0.02]));
    expect(Array.from(b.values)).toEqual([1000, -250]);
  });
});

describe('activationParams', () => {
  it('gives zero point 0 to a range starting at 0, and holds 0 in a signed range', () => {
    expect(activationParams(0, 2.55)).toEqual({ scale: Math.fround(0.01), zeroPoint: 0 });
    const p = activationParams(-1, 3);
    expect(p.zeroPoint).toBe(64);
    expect(activationParams(1, 2).zeroPoint).toBe(0);
  });
});

describe('quantizeResidual', () => {
  it('a second int8 term takes the error of the first down to a 254th of a step', () => {
    const w = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 5)));
    const first = quantizePerChannel(w, 2);
    const second = quantizeResidual(w, first);
    const one = dequantize([first], w.length);
    const two = dequantize([first, second], w.length);
    for (let i = 0; i < w.length; i++) {
      const step = first.scales[Math.floor(i / 32)] as number;
      expect(Math.abs((one[i] as number) - (w[i] as number))).toBeLessThanOrEqual(step / 2 + 1e-7);
      expect(Math.abs((two[i] as number) - (w[i] as number))).toBeLessThanOrEqual(step / 254 + 1e-7);
    }
  });
});
