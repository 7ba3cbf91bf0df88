import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@swsl/reference';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-classify-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SWSL_HOME: join(work, 'home') };
const tiny = fixturePath('tiny-basic.zip.pth');

describe('swsl classify --decode-workers', () => {
  it('0 (in-thread) and 2 (worker pool) print the same results, in argument order, errors in place', async () => {
    const broken = join(work, 'broken.png');
    writeFileSync(broken, Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    const args = [
      'samples/chelsea.jpg',
      broken,
      join(work, 'nothing-here.jpg'),
      'samples/coffee.jpg',
      'samples/rocket.jpg',
      fixturePath('preprocess/rgb-40x41.png'),
    ];
    const run = (workers: string) =>
      runCli(
        [
          'classify',
          '--quiet',
          '--jsonl',
          '--weights',
          tiny,
          '--device',
          'cpu',
          '--batch',
          '2',
          '--decode-workers',
          workers,
          ...args,
        ],
        { env },
      );
    const [inThread, pooled] = await Promise.all([run('0'), run('2')]);
    expect(pooled.code).toBe(3);
    expect(pooled.stdout).toBe(inThread.stdout);
    const lines = pooled.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; error?: { code: string } });
    expect(lines.map((l) => l.file)).toEqual(args);
    expect(lines.map((l) => l.error?.code ?? 'ok')).toEqual([
      'ok',
      'E_TRUNCATED_IMAGE',
      'E_NOT_FOUND',
      'ok',
      'ok',
      'ok',
    ]);
  });

  it('refuses a negative count', async () => {
    const r = await runCli(['classify', '--decode-workers', '-1', 'samples/chelsea.jpg'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--decode-workers.*non-negative integer/);
  });
});

describe('swsl classify --weights <checkpoint>', () => {
  it('converts a checkpoint once: a second run opens the cached conversion, with the same answers', async () => {
    const home = { SWSL_HOME: join(work, 'weights-home') };
    const run = () =>
      runCli(['classify', '--jsonl', '--weights', tiny, '--device', 'cpu', 'samples/coffee.jpg'], { env: home });
    const first = await run();
    const second = await run();
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(first.stderr).toMatch(/converting/);
    expect(second.stderr).not.toMatch(/converting/);
    expect(second.stdout).toBe(first.stdout);
  });
});
