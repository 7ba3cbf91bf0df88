import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@swsl/reference';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';
import type { BenchCell } from './bench.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-bench-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SWSL_HOME: join(work, 'home') };
const tiny = fixturePath('tiny-basic.zip.pth');

describe('swsl bench', () => {
  it('runs the batch × threads grid on the samples and reports images/s and p50/p95 batch latency (--json)', async () => {
    const r = await runCli(
      ['bench', '--weights', tiny, '--device', 'cpu', '--batch', '1,2', '--threads', '1,2', '--batches', '2', '--json'],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('samples');
    const cells = JSON.parse(r.stdout) as BenchCell[];
    expect(cells.map((c) => [c.model, c.dtype, c.batch, c.threads])).toEqual([
      ['tiny-basic.zip.pth', 'fp32', 1, 1],
      ['tiny-basic.zip.pth', 'fp32', 2, 1],
      ['tiny-basic.zip.pth', 'fp32', 1, 2],
      ['tiny-basic.zip.pth', 'fp32', 2, 2],
    ]);
    for (const c of cells) {
      expect(c.error).toBeUndefined();
      expect(c.device).toBe('cpu');
      expect(c.images).toBe(2 * c.batch); // the timed batches only: the warm-up one is not counted
      expect(c.imagesPerSecond).toBeGreaterThan(0);
      expect(c.batchMs?.p50).toBeGreaterThan(0);
      expect(c.batchMs?.p95).toBeGreaterThanOrEqual(c.batchMs?.p50 as number);
    }
  });

  it('prints a table; a list with an unknown dtype is a usage error', async () => {
    const table = await runCli(
      [
        'bench',
        '--weights',
        tiny,
        '--device',
        'cpu',
        '--batches',
        '1',
        '--decode-workers',
        '0,2',
        'samples/coffee.jpg',
      ],
      { env },
    );
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^model\s+dtype\s+batch\s+threads\s+decode workers\s+images\/s\s+p50 batch ms/);
    expect(table.stdout.trim().split('\n')).toHaveLength(3);
    const bad = await runCli(['bench', '--dtype', 'fp32,fp8'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"fp8" is not one of fp32, fp16, int8, w8/);
  });
});
