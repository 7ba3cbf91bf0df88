import * as utif2 from 'utif2';
import { TruncatedImageError, UnsupportedFormatError } from '../errors.js';
import type { PixelMode, RawPixels } from '../pixels.js';
import { dropUnreadableTiffEntries } from '../tiff-directory.js';
import { checkTiffStrips } from '../tiff-strips.js';
import { decodeTiffLzw } from './tiff-lzw.js';

// utif2 is CommonJS: bundlers expose its functions on the namespace, Node's ESM loader only as `default`.
const UTIF = ('decode' in utif2 ? utif2 : (utif2 as unknown as { default: typeof utif2 }).default) as typeof utif2;

// utif2's LZW loops forever on some corrupt strips (see tiff-lzw.ts): ours takes its place, once, on first import.
(UTIF.decode as unknown as { _decodeLZW: typeof decodeTiffLzw })._decodeLZW = decodeTiffLzw;

/**
 * TIFF bytes → the first image's samples in Pillow's mode, decompressed by UTIF (utif2: none, LZW, PackBits,
 * Deflate, predictor, strips and tiles). Why not the browser: Chromium has no TIFF decoder at all.
 * We read the raw samples and interpret them ourselves (UTIF's own `toRGBA8` converts CMYK and gray its own way):
 * photometric 0/1 (gray; WhiteIsZero inverted as Pillow's `L;I`, 1-bit as mode `1`), 2 (RGB, RGBA: alpha dropped
 * later), 3 (palette: the 16-bit colour map's high bytes, as Pillow) and 5 (CMYK, Pillow's formula), 8 bits per
 * sample and interleaved (PlanarConfiguration 1). Anything else is `E_UNSUPPORTED_FORMAT` in the browser.
 */
export function decodeTiff(bytes: Uint8Array, input = '<tiff>'): RawPixels {
  checkTiffStrips(bytes, input);
  const readable = dropUnreadableTiffEntries(bytes);
  const buffer = readable.buffer.slice(readable.byteOffset, readable.byteOffset + readable.byteLength) as ArrayBuffer;
  let ifd: UTIF.IFD;
  try {
    const ifds = UTIF.decode(buffer);
    if (!ifds[0]) throw new Error('no image directory');
    ifd = ifds[0];
    UTIF.decodeImage(buffer, ifd);
  } catch (error) {
    throw new TruncatedImageError(input, 'TIFF structure is cut or corrupt', { cause: error });
  }
  const tag = (n: number, fallback: number) => (ifd[`t${n}`] as number[] | undefined)?.[0] ?? fallback;
  const photometric = tag(262, 1);
  const spp = tag(277, 1);
  const bps = tag(258, 1);
  const planar = tag(284, 1);
  const { width, height, data } = ifd;
  if (!(width > 0 && height > 0) || !data) throw new TruncatedImageError(input, 'TIFF directory has no image');
  const unsupported = () =>
    new UnsupportedFormatError(
      input,
      `TIFF (photometric ${photometric}, ${spp}×${bps} bits, planar ${planar})`,
      'the browser entry decodes 8-bit interleaved gray, RGB(A), palette and CMYK TIFF, and 1-bit gray',
    );
  if (planar !== 1) throw unsupported();
  const n = width * height;
  if ((photometric === 0 || photometric === 1) && bps === 1 && spp === 1) {
    // Mode `1`: rows are padded to whole bytes; set bits are white unless WhiteIsZero.
    const out = new Uint8Array(n);
    const rowBytes = Math.ceil(width / 8);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const bit = (data[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1;
        out[y * width + x] = (bit ^ (photometric === 0 ? 1 : 0)) * 255;
      }
    }
    return { data: out, width, height, channels: 1 };
  }
  if (bps !== 8) throw unsupported();
  const need = n * spp;
  if (data.length < need) throw new TruncatedImageError(input, 'TIFF image data ends early');
  const samples = data.subarray(0, need);
  if ((photometric === 0 || photometric === 1) && (spp === 1 || spp === 2)) {
    if (photometric === 0) for (let i = 0; i < need; i += spp) samples[i] = 255 - samples[i]!;
    return { data: samples, width, height, channels: spp };
  }
  if (photometric === 2 && (spp === 3 || spp === 4)) return { data: samples, width, height, channels: spp };
  if (photometric === 5 && spp === 4) return { data: samples, width, height, channels: 4, mode: 'CMYK' as PixelMode };
  if (photometric === 3 && spp === 1) {
    const map = ifd.t320 as number[] | undefined;
    if (!map) throw new TruncatedImageError(input, 'palette TIFF without a ColorMap');
    const entries = map.length / 3;
    const palette = new Uint8Array(entries * 3);
    for (let i = 0; i < entries; i++) {
      for (let c = 0; c < 3; c++) palette[i * 3 + c] = map[c * entries + i]! >> 8;
    }
    return { data: samples, width, height, channels: 1, mode: 'P', palette };
  }
  throw unsupported();
}
