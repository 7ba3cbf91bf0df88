import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithOracle, readNpy } from '@swsl/reference';
import { afterAll, expect, it } from 'vitest';
import { encodeNpy } from './npy.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-npy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describeWithOracle('encodeNpy', () => {
  it('writes files numpy loads with the same shape and values', async () => {
    const { spawnSync } = await import('node:child_process');
    const data = Float32Array.from({ length: 2 * 3 * 5 }, (_, i) => i / 7 - 1);
    const path = join(work, 't.npy');
    writeFileSync(path, encodeNpy(data, [2, 3, 5]));
    const check = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        `import numpy as np; a = np.load(${JSON.stringify(path)}); print(a.dtype, a.shape, repr(float(a[1, 2, 4])))`,
      ],
      { encoding: 'utf8' },
    );
    expect(check.stderr).toBe('');
    expect(check.stdout.trim()).toBe(`float32 (2, 3, 5) ${String(Math.fround(29 / 7 - 1))}`);
    const back = readNpy(encodeNpy(data, [2, 3, 5]));
    expect(back.shape).toEqual([2, 3, 5]);
    expect([...back.data]).toEqual([...data]);
  });
});
