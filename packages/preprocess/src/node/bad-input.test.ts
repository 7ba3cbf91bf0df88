import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { fixturePath } from '@swsl/reference';
import { isSwslError } from '@swsl/registry';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from './decode.js';

// Valid seeds: a committed PNG and images sharp encodes here, so no oracle is needed. Each malformed case names
// the code it must fail with; each must fail within 1 s.
const TRUNCATED = 'E_TRUNCATED_IMAGE';
const NOT_IMAGE = 'E_NOT_AN_IMAGE';
const TOO_LARGE = 'E_IMAGE_TOO_LARGE';
const EMPTY = 'E_EMPTY_IMAGE';
const UNSUPPORTED = 'E_UNSUPPORTED_FORMAT';

interface Case {
  name: string;
  bytes: Uint8Array;
  code: string;
}

const seeds: Record<'png' | 'jpeg' | 'progressive' | 'gif' | 'webp' | 'tiff' | 'bmp', Uint8Array> = {} as never;

function bmp(width: number, height: number): Uint8Array {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const out = new Uint8Array(54 + stride * height);
  const v = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  v.setUint32(2, out.length, true);
  v.setUint32(10, 54, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, 24, true);
  for (let i = 54; i < out.length; i++) out[i] = (i * 7) & 0xff;
  return out;
}

beforeAll(async () => {
  const raw = { width: 64, height: 48, channels: 3 as const };
  const pixels = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 31) % 251;
  const img = () => sharp(pixels, { raw });
  seeds.png = readFileSync(fixturePath('preprocess/rgb-40x41.png'));
  seeds.jpeg = await img().jpeg({ quality: 90 }).toBuffer();
  seeds.progressive = await img().jpeg({ quality: 90, progressive: true }).toBuffer();
  seeds.gif = await img().gif().toBuffer();
  seeds.webp = await img().webp({ lossless: true }).toBuffer();
  seeds.tiff = await img().tiff({ compression: 'lzw' }).toBuffer();
  seeds.bmp = bmp(64, 48);
});

function patched(bytes: Uint8Array, at: number, values: number[]): Uint8Array {
  const out = new Uint8Array(bytes);
  out.set(values, at);
  return out;
}

/** A PNG with IHDR bytes replaced and its CRC recomputed, so only the edited field is wrong. */
function patchedIhdr(png: Uint8Array, at: number, values: number[]): Uint8Array {
  const out = patched(png, at, values);
  new DataView(out.buffer).setUint32(29, crc32(out.subarray(12, 29)));
  return out;
}

/** Offset of a JPEG marker's segment (just past FF xx), for editing SOF fields. */
function markerAt(bytes: Uint8Array, marker: number): number {
  for (let i = 2; i < bytes.length - 1; i++) if (bytes[i] === 0xff && bytes[i + 1] === marker) return i + 2;
  throw new Error(`marker ${marker.toString(16)} not found`);
}

function cases(): Case[] {
  const out: Case[] = [];
  const enc = (s: string) => new TextEncoder().encode(s);
  out.push({ name: 'zero-length', bytes: new Uint8Array(0), code: NOT_IMAGE });
  out.push({ name: 'text', bytes: enc('hello, this is not an image\n'), code: NOT_IMAGE });
  out.push({ name: 'html', bytes: enc('<!doctype html><html><body>404</body></html>'), code: NOT_IMAGE });
  out.push({ name: 'json', bytes: enc('{"error":"not found"}'), code: NOT_IMAGE });
  out.push({
    name: 'pdf',
    bytes: enc('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n'),
    code: NOT_IMAGE,
  });
  out.push({ name: 'zeros', bytes: new Uint8Array(4096), code: NOT_IMAGE });
  out.push({
    name: 'random',
    bytes: Uint8Array.from({ length: 1000 }, (_, i) => (i * 2654435761) >>> 24),
    code: NOT_IMAGE,
  });
  out.push({ name: 'avif brand', bytes: enc('\0\0\0\x1cftypavif\0\0\0\0avifmif1'), code: UNSUPPORTED });
  out.push({ name: 'psd', bytes: enc('8BPS\0\x01\0\0\0\0\0\0\0\x03'), code: UNSUPPORTED });

  // Truncated at many offsets, in the header and in the compressed data.
  for (const [kind, bytes] of Object.entries(seeds)) {
    for (const fraction of [0.02, 0.1, 0.3, 0.6, 0.9]) {
      const at = Math.max(1, Math.floor(bytes.length * fraction));
      out.push({ name: `${kind} truncated at ${at}/${bytes.length}`, bytes: bytes.subarray(0, at), code: TRUNCATED });
    }
  }

  // Absurd and zero dimensions, written into otherwise valid headers.
  const { png, jpeg, gif, bmp: bmpSeed, webp, tiff } = seeds;
  out.push({
    name: 'png 100000×100000',
    bytes: patchedIhdr(png, 16, [0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0]),
    code: TOO_LARGE,
  });
  out.push({
    name: 'png 2^31×2^31',
    bytes: patchedIhdr(png, 16, [0x7f, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff]),
    code: TOO_LARGE,
  });
  out.push({ name: 'png width 0', bytes: patchedIhdr(png, 16, [0, 0, 0, 0]), code: EMPTY });
  out.push({ name: 'png height 0', bytes: patchedIhdr(png, 20, [0, 0, 0, 0]), code: EMPTY });
  out.push({ name: 'png IHDR crc flipped', bytes: patched(png, 29, [png[29]! ^ 0xff]), code: TRUNCATED });
  out.push({ name: 'png IHDR type flipped', bytes: patched(png, 12, [0x69]), code: TRUNCATED });
  out.push({ name: 'png bad colour type', bytes: patchedIhdr(png, 25, [7]), code: TRUNCATED });
  const sof = markerAt(jpeg, 0xc0);
  out.push({ name: 'jpeg 65535×65535', bytes: patched(jpeg, sof + 3, [0xff, 0xff, 0xff, 0xff]), code: TOO_LARGE });
  out.push({ name: 'jpeg width 0', bytes: patched(jpeg, sof + 5, [0, 0]), code: EMPTY });
  out.push({ name: 'jpeg precision 3', bytes: patched(jpeg, sof + 2, [3]), code: TRUNCATED });
  out.push({ name: 'jpeg lossless SOF3', bytes: patched(jpeg, sof - 1, [0xc3]), code: UNSUPPORTED });
  out.push({ name: 'jpeg segment length 0', bytes: patched(jpeg, 4, [0, 0]), code: TRUNCATED });
  out.push({ name: 'jpeg marker broken', bytes: patched(jpeg, 2, [0x00]), code: TRUNCATED });
  out.push({ name: 'jpeg no SOF (EOI)', bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]), code: TRUNCATED });
  out.push({ name: 'gif 65535×65535', bytes: patched(gif, 6, [0xff, 0xff, 0xff, 0xff]), code: TOO_LARGE });
  // (A GIF screen of height 0 is not empty: Pillow grows it to the first frame, and so do we — see
  // malformed-images.test.ts.)
  out.push({ name: 'bmp 2^31-1 wide', bytes: patched(bmpSeed, 18, [0xff, 0xff, 0xff, 0x7f]), code: TOO_LARGE });
  out.push({ name: 'bmp width 0', bytes: patched(bmpSeed, 18, [0, 0, 0, 0]), code: EMPTY });
  out.push({ name: 'bmp 16-bit', bytes: patched(bmpSeed, 28, [16]), code: UNSUPPORTED });
  out.push({
    name: 'bmp data offset past end',
    bytes: patched(bmpSeed, 10, [0xff, 0xff, 0xff, 0x0f]),
    code: TRUNCATED,
  });
  out.push({ name: 'bmp 100000 high', bytes: patched(bmpSeed, 22, [0xa0, 0x86, 0x01, 0]), code: TRUNCATED });
  out.push({ name: 'webp bad chunk', bytes: patched(webp, 12, [0x58, 0x58, 0x58, 0x58]), code: TRUNCATED });
  out.push({ name: 'tiff IFD offset past end', bytes: patched(tiff, 4, [0xff, 0xff, 0xff, 0x7f]), code: TRUNCATED });
  out.push({ name: 'tiff 2^32-1 entries', bytes: patched(tiff, 4, [8, 0, 0, 0]).subarray(0, 10), code: TRUNCATED });
  return out;
}

describe('malformed input: a typed error with a stable code, within 1 s, never a hang or crash', () => {
  it('has at least 50 cases', () => {
    expect(cases().length).toBeGreaterThanOrEqual(50);
  });

  it('fails every case with its code', async () => {
    const wrong: string[] = [];
    for (const c of cases()) {
      const start = performance.now();
      let error: unknown;
      try {
        await decodeImage(c.bytes, { name: c.name });
      } catch (e) {
        error = e;
      }
      const ms = performance.now() - start;
      const code = isSwslError(error) ? error.code : `untyped ${String(error)}`;
      if (code !== c.code || ms > 1000) wrong.push(`${c.name}: got ${code} in ${ms.toFixed(0)} ms, want ${c.code}`);
      if (isSwslError(error)) expect(error.message).toContain(c.name);
    }
    expect(wrong).toEqual([]);
  });
});
