import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { streamInputs } from './input-stream.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-input-stream-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A folder of `n` (empty) .jpg files: the walk only looks at names. */
function folder(name: string, n: number): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `${String(i).padStart(3, '0')}.jpg`), '');
  return dir;
}

async function all(images: AsyncIterable<string | Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const image of images) out.push(String(image));
  return out;
}

describe('streamInputs().atMost: how many images, reading ahead only as far as needed', () => {
  it('counts images, not problems; answers for one photo, a batch and more than a batch', async () => {
    const one = join(folder('one', 1), '000.jpg');
    expect(await streamInputs([one]).atMost(1)).toBe(true);
    expect(await streamInputs([one, join(work, 'missing.jpg')]).atMost(1)).toBe(true);
    const eight = folder('eight', 8);
    expect(await streamInputs([eight]).atMost(8)).toBe(true);
    expect(await streamInputs([eight]).atMost(7)).toBe(false);
    expect(await streamInputs([join(work, 'missing.jpg')]).atMost(0)).toBe(true);
  });

  it('what it read ahead is still streamed, in order, problems in their places', async () => {
    const dir = folder('twelve', 12);
    const missing = join(work, 'missing.jpg');
    const input = streamInputs([missing, dir]);
    await input.check();
    expect(await input.atMost(8)).toBe(false);
    const names = await all(input.images());
    expect(names).toEqual(Array.from({ length: 12 }, (_, i) => join(dir, `${String(i).padStart(3, '0')}.jpg`)));
    const again = streamInputs([dir, missing]);
    expect(await again.atMost(100)).toBe(true); // read to the end
    expect(await all(again.images())).toHaveLength(12);
  });
});
