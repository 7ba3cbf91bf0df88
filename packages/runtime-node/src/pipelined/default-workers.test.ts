import { describe, expect, it } from 'vitest';
import { defaultDecodeWorkers } from './default-workers.js';

describe('defaultDecodeWorkers', () => {
  it('one on the CPU; on a GPU every core but one (at least one)', () => {
    expect(defaultDecodeWorkers('cpu', 2)).toBe(1);
    expect(defaultDecodeWorkers('cpu', 64)).toBe(1);
    expect(defaultDecodeWorkers('cuda', 16)).toBe(15);
    expect(defaultDecodeWorkers('webgpu', 1)).toBe(1);
  });
});
