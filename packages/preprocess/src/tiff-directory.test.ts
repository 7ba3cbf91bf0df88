import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeTiff } from './browser/tiff-decoder.js';
import { dropUnreadableTiffEntries } from './tiff-directory.js';

/** A small RGB TIFF (sharp/libtiff), and the byte offset of its first directory entry with `tag`. */
async function tiffWithEntry(tag: number): Promise<{ bytes: Uint8Array; entry: number }> {
  const raw = Uint8Array.from({ length: 8 * 6 * 3 }, (_, i) => (i * 37) % 256);
  const bytes = new Uint8Array(
    await sharp(raw, { raw: { width: 8, height: 6, channels: 3 } })
      .tiff({ compression: 'none' })
      .toBuffer(),
  );
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[0] === 0x49;
  const ifd = v.getUint32(4, little);
  for (let i = 0; i < v.getUint16(ifd, little); i++) {
    if (v.getUint16(ifd + 2 + i * 12, little) === tag) return { bytes, entry: ifd + 2 + i * 12 };
  }
  throw new Error(`no tag ${tag}`);
}

describe('TIFF directory entries that point past the end of the file', () => {
  it('are dropped (count 0) as Pillow skips them, so the decoder neither crawls nor fails on them', async () => {
    const { bytes, entry } = await tiffWithEntry(284); // PlanarConfiguration: harmless to lose (default 1)
    const expected = decodeTiff(bytes, 'good.tiff');
    const bad = bytes.slice();
    const v = new DataView(bad.buffer);
    const little = bad[0] === 0x49;
    v.setUint16(entry + 2, 4, little); // LONG
    v.setUint32(entry + 4, 0x7fffffff, little); // 2^31 values: far past the end (utif2 took 5 s, then threw)
    const dropped = dropUnreadableTiffEntries(bad);
    expect(new DataView(dropped.buffer).getUint32(entry + 4, little)).toBe(0);
    expect(dropUnreadableTiffEntries(bytes)).toBe(bytes); // nothing to drop: the same bytes, no copy
    const started = performance.now();
    const decoded = decodeTiff(bad, 'bad.tiff');
    expect(performance.now() - started).toBeLessThan(500);
    expect(decoded.data).toEqual(expected.data);
  });
});
