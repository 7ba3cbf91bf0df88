import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNpy } from '@swsl/reference';
import { afterAll, describe, expect, it } from 'vitest';
import { createNpyRowWriter } from './npy-writer.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-npy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('createNpyRowWriter', () => {
  it('streams rows, writes the count last, and appears only when complete', async () => {
    const path = join(work, 'f.npy');
    const w = await createNpyRowWriter(path, 3);
    await w.write([Float32Array.of(1, 2, 3)]);
    await w.write([Float32Array.of(4, 5, 6), new Float32Array([7, 8, 9, 10]).subarray(1)]);
    expect(existsSync(path)).toBe(false);
    await w.close();
    const npy = readNpy(readFileSync(path));
    expect(npy.shape).toEqual([3, 3]);
    expect(Array.from(npy.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10]);
  });

  it('no rows is a (0, width) array; an abort leaves nothing behind', async () => {
    const empty = join(work, 'e.npy');
    const w = await createNpyRowWriter(empty, 512);
    await w.close();
    expect(readNpy(readFileSync(empty)).shape).toEqual([0, 512]);
    const aborted = await createNpyRowWriter(join(work, 'a.npy'), 2);
    await aborted.write([Float32Array.of(1, 2)]);
    await aborted.abort();
    expect(readdirSync(work).sort()).toEqual(['e.npy', 'f.npy']);
  });
});
