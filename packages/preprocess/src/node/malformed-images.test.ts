import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithOracle, readNpy, runOracle } from '@swsl/reference';
import { isSwslError } from '@swsl/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBmp } from '../bmp-decoder.js';
import { decodeGif } from '../browser/gif-decoder.js';
import { decodePng } from '../browser/png-decoder.js';
import { decodeTiff } from '../browser/tiff-decoder.js';
import type { RawPixels } from '../pixels.js';
import { toRgb } from '../to-rgb.js';
import { decodeImage } from './decode.js';
import { type MalformedImage, malformedImages } from './malformed-images.testkit.js';

/**
 * Pillow 9.4's verdict on each malformed image (open + load + convert('RGB')), as the oracle reports it, and
 * whether swsl agrees: `agrees` = same pixels where Pillow opens, a typed error where it refuses; `lenient` = swsl
 * opens what Pillow refuses, `strict` = swsl refuses what Pillow opens — each documented in the README's "Known
 * differences from Pillow". `node` is `@swsl/preprocess/node`'s decodeImage; `own` our platform-neutral decoders
 * (the browser entry's PNG, GIF, BMP and TIFF path), where it differs from `node`.
 */
type Verdict = 'agrees' | 'lenient' | 'strict';
const EXPECTED: Record<string, { pillowOpens: boolean; node: Verdict; own?: Verdict }> = {
  'png-duplicate-ihdr.png': { pillowOpens: true, node: 'agrees' },
  'png-palette-without-plte.png': { pillowOpens: true, node: 'agrees' },
  'png-without-iend.png': { pillowOpens: true, node: 'agrees' },
  'png-iend-cut.png': { pillowOpens: true, node: 'agrees' },
  'png-trailing-garbage.png': { pillowOpens: true, node: 'agrees' },
  'png-cut-in-idat.png': { pillowOpens: false, node: 'agrees' },
  'png-idat-crc-bad.png': { pillowOpens: true, node: 'agrees' },
  'png-text-crc-bad.png': { pillowOpens: false, node: 'agrees' },
  'png-critical-unknown-chunk.png': { pillowOpens: true, node: 'agrees' },
  'png-idat-length-past-end.png': { pillowOpens: true, node: 'agrees' },
  'png-plte-in-rgb-after-idat.png': { pillowOpens: true, node: 'agrees' },
  'png-adler-bad.png': { pillowOpens: false, node: 'agrees' },
  'png-zlib-header-bad.png': { pillowOpens: false, node: 'agrees' },
  'png-deflate-corrupt.png': { pillowOpens: false, node: 'agrees' },
  'png-idat-short-rows.png': { pillowOpens: true, node: 'agrees' },
  'png-idat-extra-rows.png': { pillowOpens: true, node: 'agrees' },
  'png-idat-empty.png': { pillowOpens: false, node: 'agrees' },
  'png-bad-filter-type.png': { pillowOpens: false, node: 'agrees' },
  // Pillow takes any non-zero interlace byte for Adam7: plain rows then fail to decode, Adam7 passes decode.
  'png-interlace-byte-2.png': { pillowOpens: false, node: 'agrees' },
  'png-interlace-byte-2-adam7.png': { pillowOpens: true, node: 'agrees' },
  'gif-valid-8x6.gif': { pillowOpens: true, node: 'agrees' },
  'gif-screen-0-wide.gif': { pillowOpens: true, node: 'agrees' },
  'gif-screen-0-high.gif': { pillowOpens: true, node: 'agrees' },
  'gif-screen-0x0.gif': { pillowOpens: true, node: 'agrees' },
  'gif-frame-larger-than-screen.gif': { pillowOpens: true, node: 'agrees' },
  'gif-frame-smaller-than-screen.gif': { pillowOpens: true, node: 'agrees' },
  'gif-without-trailer.gif': { pillowOpens: true, node: 'agrees' },
  'gif-without-block-terminator.gif': { pillowOpens: true, node: 'agrees' },
  'gif-cut-in-lzw.gif': { pillowOpens: false, node: 'agrees' },
  'gif-lzw-ends-early.gif': { pillowOpens: false, node: 'agrees' },
  'gif-garbage-after-frame.gif': { pillowOpens: true, node: 'agrees' },
  'bmp-pixels-cut.bmp': { pillowOpens: false, node: 'agrees' },
  'bmp-file-size-lies.bmp': { pillowOpens: true, node: 'agrees' },
  'bmp-image-size-lies.bmp': { pillowOpens: true, node: 'agrees' },
  'bmp-planes-3.bmp': { pillowOpens: true, node: 'agrees' },
  'bmp-header-size-20.bmp': { pillowOpens: false, node: 'agrees' },
  'bmp-header-size-64.bmp': { pillowOpens: true, node: 'agrees' },
  'bmp-data-offset-in-header.bmp': { pillowOpens: true, node: 'agrees' },
  'bmp-palette-1000-colours.bmp': { pillowOpens: false, node: 'agrees' },
  'bmp-palette-cut.bmp': { pillowOpens: false, node: 'agrees' },
  'bmp-rle8-on-24-bit.bmp': { pillowOpens: false, node: 'agrees' },
  'tiff-pixels-cut.tiff': { pillowOpens: false, node: 'agrees' },
  'tiff-strip-bytes-past-end.tiff': { pillowOpens: true, node: 'agrees' },
  // libtiff (sharp) and utif2 read a strip whose offset is past the end as zeros; Pillow refuses, and so does
  // checkTiffStrips before either runs.
  'tiff-strip-offset-past-end.tiff': { pillowOpens: false, node: 'agrees' },
  'tiff-strip-bytes-short.tiff': { pillowOpens: true, node: 'agrees' },
  // libtiff refuses an IFD whose entry count runs past the file; Pillow reads the entries that are there.
  'tiff-ifd-count-huge.tiff': { pillowOpens: true, node: 'strict', own: 'agrees' },
  // libtiff (sharp) decodes a corrupt LZW strip with a warning; Pillow's libtiff build fails on it (so does ours).
  'tiff-lzw-corrupt.tiff': { pillowOpens: false, node: 'lenient', own: 'agrees' },
  'tiff-lzw-cut.tiff': { pillowOpens: false, node: 'agrees' },
  'tiff-bits-per-sample-3.tiff': { pillowOpens: false, node: 'agrees' },
  'jpeg-cut-in-scan.jpg': { pillowOpens: false, node: 'agrees' },
  'jpeg-without-eoi.jpg': { pillowOpens: false, node: 'agrees' },
  'jpeg-scan-corrupt.jpg': { pillowOpens: true, node: 'agrees' },
  'jpeg-trailing-garbage.jpg': { pillowOpens: true, node: 'agrees' },
  'jpeg-dht-length-lies.jpg': { pillowOpens: false, node: 'agrees' },
  'webp-cut.webp': { pillowOpens: false, node: 'agrees' },
  'webp-riff-size-larger.webp': { pillowOpens: false, node: 'agrees' },
  'webp-riff-size-smaller.webp': { pillowOpens: false, node: 'agrees' },
  'webp-vp8l-corrupt.webp': { pillowOpens: false, node: 'agrees' },
  'webp-lossy-cut.webp': { pillowOpens: false, node: 'agrees' },
  'webp-lossy-corrupt.webp': { pillowOpens: true, node: 'agrees' },
};

type Outcome = { rgb: Uint8Array } | { code: string };

async function outcome(decode: () => Promise<RawPixels> | RawPixels): Promise<Outcome> {
  try {
    return { rgb: toRgb(await decode()) };
  } catch (error) {
    return { code: isSwslError(error) ? error.code : `untyped: ${String(error)}` };
  }
}

/** Our platform-neutral decoder for the file's format, where there is one (JPEG and WebP: the browser's). */
function ownDecoder(c: MalformedImage): (() => RawPixels) | undefined {
  const ext = c.name.split('.').at(-1);
  if (ext === 'png') return () => decodePng(c.bytes, c.name);
  if (ext === 'gif') return () => decodeGif(c.bytes, c.name);
  if (ext === 'bmp') return () => decodeBmp(c.bytes, c.name);
  if (ext === 'tiff') return () => decodeTiff(c.bytes, c.name);
  return undefined;
}

function verdictOf(result: Outcome, pillowOpens: boolean): Verdict | string {
  if ('code' in result) {
    if (result.code.startsWith('untyped')) return result.code;
    return pillowOpens ? 'strict' : 'agrees';
  }
  return pillowOpens ? 'agrees' : 'lenient';
}

let cases: MalformedImage[] = [];
beforeAll(async () => {
  cases = await malformedImages();
});

describe('malformed images: the verdict Pillow gives, or a documented difference', () => {
  it('covers every case in the table', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('Node decodeImage and our own decoders give the expected verdict, each within 1 s', async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const want = EXPECTED[c.name]!;
      for (const [who, decode, expected] of [
        ['node', () => decodeImage(c.bytes, { name: c.name }), want.node],
        ['own', ownDecoder(c), want.own ?? want.node],
      ] as const) {
        if (!decode) continue;
        const start = performance.now();
        const got = verdictOf(await outcome(decode), want.pillowOpens);
        const ms = performance.now() - start;
        if (got !== expected || ms > 1000)
          wrong.push(`${c.name} (${who}): ${got} in ${ms.toFixed(0)} ms, want ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describeWithOracle("malformed images: Pillow's verdicts and pixels (oracle)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'swsl-malformed-'));
  let verdicts: { image: string; opens: boolean; error?: string; rgb?: string }[] = [];
  beforeAll(() => {
    for (const c of cases) writeFileSync(join(dir, c.name), c.bytes);
    verdicts = runOracle<{ verdicts: typeof verdicts }>([
      'decode-verdicts',
      '--out',
      dir,
      ...cases.map((c) => join(dir, c.name)),
    ]).verdicts;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('Pillow opens exactly the files the table says, and where both open, the pixels are identical', async () => {
    const wrong: string[] = [];
    for (const [i, c] of cases.entries()) {
      const pillow = verdicts[i]!;
      const want = EXPECTED[c.name]!;
      if (pillow.opens !== want.pillowOpens) wrong.push(`${c.name}: Pillow ${pillow.opens ? 'opens' : pillow.error}`);
      if (!pillow.opens) continue;
      const expected = readNpy(readFileSync(pillow.rgb!)).data as Uint8Array;
      for (const [who, decode] of [
        ['node', () => decodeImage(c.bytes, { name: c.name })],
        ['own', ownDecoder(c)],
      ] as const) {
        if (!decode) continue;
        const got = await outcome(decode);
        if ('code' in got) continue; // a refusal: checked against the table above
        const same = got.rgb.length === expected.length && got.rgb.every((v, j) => v === expected[j]);
        if (!same) wrong.push(`${c.name} (${who}): pixels differ from Pillow's`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
