import { describe, expect, it } from 'vitest';
import { decodeGif } from './gif-decoder.js';

// A 2×2 screen whose first frame descriptor claims 65535×65535: refused from the descriptor, before the LZW output
// buffer (4 GB) is allocated.
function gif(frameWidth: number, frameHeight: number): Uint8Array {
  const u16 = (v: number) => [v & 0xff, v >> 8];
  return Uint8Array.from([
    ...'GIF89a'.split('').map((c) => c.charCodeAt(0)),
    ...u16(2),
    ...u16(2),
    0x80,
    0,
    0,
    ...[0, 0, 0, 255, 255, 255],
    0x2c,
    ...u16(0),
    ...u16(0),
    ...u16(frameWidth),
    ...u16(frameHeight),
    0,
    2,
    2,
    0x4c,
    0x01,
    0,
    0x3b,
  ]);
}

describe('GIF frame sizes are bounded before allocating', () => {
  it('a frame descriptor of 65535×65535 on a 2×2 screen: E_IMAGE_TOO_LARGE', () => {
    expect(() => decodeGif(gif(65535, 65535), 'huge-frame.gif')).toThrow(
      expect.objectContaining({ code: 'E_IMAGE_TOO_LARGE' }),
    );
  });

  it('a 1×1 frame still decodes', () => {
    expect(decodeGif(gif(1, 1), 'small.gif')).toMatchObject({ width: 2, height: 2, mode: 'P' });
  });
});
