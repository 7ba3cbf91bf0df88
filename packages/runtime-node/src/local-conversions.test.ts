import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localConversions } from './local-conversions.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-local-conversions-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A converter that records its calls and returns bytes naming the call. */
function recording() {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    convert: async () => new TextEncoder().encode(`onnx #${++calls}`),
  };
}
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('localConversions: a local checkpoint is converted once per content, arch and dtype', () => {
  const cache = join(work, 'cache');
  const conversions = localConversions(cache);
  const checkpoint = join(work, 'ckpt.pth');
  writeFileSync(checkpoint, 'weights v1');
  const fp32 = { arch: 'auto', dtype: 'fp32' } as const;

  it('the second open is the first conversion, read from the cache', async () => {
    const c = recording();
    const first = await conversions.open(checkpoint, fp32, c.convert);
    const second = await conversions.open(checkpoint, fp32, c.convert);
    expect([first.cached, second.cached, c.calls]).toEqual([false, true, 1]);
    expect(text(first.onnx!)).toBe('onnx #1');
    expect(readFileSync(second.location, 'utf8')).toBe('onnx #1');
    expect(readdirSync(join(cache, 'local')).filter((f) => f.endsWith('.onnx'))).toHaveLength(1);
  });

  it('another dtype or arch is another conversion', async () => {
    const c = recording();
    expect((await conversions.open(checkpoint, { arch: 'auto', dtype: 'int8' }, c.convert)).cached).toBe(false);
    expect((await conversions.open(checkpoint, { arch: 'resnet18', dtype: 'fp32' }, c.convert)).cached).toBe(false);
    expect(c.calls).toBe(2);
  });

  it('the same bytes touched: hashed again, still cached; other bytes: converted again', async () => {
    const c = recording();
    utimesSync(checkpoint, new Date(), new Date(Date.now() + 5_000));
    expect((await conversions.open(checkpoint, fp32, c.convert)).cached).toBe(true);
    writeFileSync(checkpoint, 'weights v2');
    const changed = await conversions.open(checkpoint, fp32, c.convert);
    expect([changed.cached, c.calls, text(changed.onnx!)]).toEqual([false, 1, 'onnx #1']);
  });

  it('a copy of the checkpoint elsewhere is the same content: no conversion', async () => {
    const c = recording();
    const copy = join(work, 'copy.pth');
    writeFileSync(copy, 'weights v2');
    expect((await conversions.open(copy, fp32, c.convert)).cached).toBe(true);
    expect(c.calls).toBe(0);
  });

  it('a failed conversion leaves nothing in the cache', async () => {
    const fresh = localConversions(join(work, 'cache-2'));
    const failing = async (): Promise<Uint8Array> => {
      throw new Error('not a checkpoint');
    };
    await expect(fresh.open(checkpoint, fp32, failing)).rejects.toThrow('not a checkpoint');
    expect(readdirSync(join(work, 'cache-2', 'local'))).toEqual(['hashes.json']);
  });
});
