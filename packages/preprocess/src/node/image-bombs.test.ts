import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, createDeflate } from 'node:zlib';
import { type MeasuredRun, runMeasuredChild } from '@swsl/reference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bmp, concat, gif, pngChunk } from './malformed-images.testkit.js';

// Decompression bombs and lying headers, built at test time (never committed), each decoded in a child process
// whose peak RSS (VmHWM) is measured: every size read from a header is checked before memory is spent on it.
const MB = 2 ** 20;
const work = mkdtempSync(join(tmpdir(), 'swsl-image-bombs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const child = fileURLToPath(new URL('./test-support/decode-child.ts', import.meta.url));

function decodeInChild(path: string, who: 'node' | 'own'): MeasuredRun {
  return runMeasuredChild(child, [path, who]);
}

/** zlib of `n` zero bytes, deflated as a stream (≈ n / 1000 bytes; never n bytes in memory). */
async function zlibZeros(n: number): Promise<Uint8Array> {
  const deflate = createDeflate({ level: constants.Z_BEST_COMPRESSION });
  const parts: Buffer[] = [];
  deflate.on('data', (part: Buffer) => parts.push(part));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const zeros = Buffer.alloc(MB);
  for (let left = n; left > 0; left -= MB) {
    if (!deflate.write(zeros.subarray(0, Math.min(MB, left)))) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return new Uint8Array(Buffer.concat(parts));
}

const u32be = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

/** A PNG: IHDR (8-bit, colour type `type`), `extra` chunks, one IDAT holding `zlib`, IEND. */
function png(width: number, height: number, type: number, zlib: Uint8Array, extra: Uint8Array[] = []): Uint8Array {
  const parts = [
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', [...u32be(width), ...u32be(height), 8, type, 0, 0, 0]),
    ...extra,
    pngChunk('IDAT', zlib),
    pngChunk('IEND', []),
  ];
  return concat(...parts);
}

interface Bomb {
  file: string;
  bytes: () => Promise<Uint8Array> | Uint8Array;
  /** `ok`: decodes (as Pillow does); otherwise the code. */
  expect: 'ok' | string;
  who: ('node' | 'own')[];
}

const BOMB = 1024 * MB;
let zeros: Uint8Array;
const bombs: Bomb[] = [
  // 1 GiB of zeros behind a 64×64 header: Pillow inflates only the rows the header implies, and so do we.
  { file: 'png-zlib-bomb-64x64.png', bytes: () => png(64, 64, 2, zeros), expect: 'ok', who: ['node', 'own'] },
  {
    file: 'png-declares-60000x60000.png',
    bytes: () => png(60000, 60000, 2, zeros),
    expect: 'E_IMAGE_TOO_LARGE',
    who: ['node', 'own'],
  },
  {
    // A second IHDR replaces the first (Pillow uses it): the limit applies to the one in use.
    file: 'png-second-ihdr-60000x60000.png',
    bytes: () => png(64, 64, 2, zeros, [pngChunk('IHDR', [...u32be(60000), ...u32be(60000), 8, 2, 0, 0, 0])]),
    expect: 'E_IMAGE_TOO_LARGE',
    who: ['node', 'own'],
  },
  {
    file: 'gif-screen-0x0-frame-65535.gif',
    bytes: () => gif([0, 0], [65535, 65535], [4, 5]),
    expect: 'E_IMAGE_TOO_LARGE',
    who: ['node'],
  },
  {
    file: 'gif-frame-9000x9000-no-data.gif',
    bytes: () => gif([9000, 9000], [9000, 9000], [4, 5]),
    expect: 'E_TRUNCATED_IMAGE',
    who: ['node'],
  },
  {
    // 87 M pixels declared (under the limit) in a 1 kB file: refused before the pixel buffer is allocated.
    file: 'bmp-declares-30000x2900.bmp',
    bytes: () => {
      const b = bmp(4, 4).slice(0, 1024);
      new DataView(b.buffer).setInt32(18, 30000, true);
      new DataView(b.buffer).setInt32(22, 2900, true);
      return b;
    },
    expect: 'E_TRUNCATED_IMAGE',
    who: ['node'],
  },
  {
    // 81 M pixels declared (under the limit) in a 1 kB uncompressed TIFF: its strips cannot hold them.
    file: 'tiff-declares-9000x9000.tiff',
    bytes: () => tiffDeclaring(9000, 9000),
    expect: 'E_TRUNCATED_IMAGE',
    who: ['node', 'own'],
  },
];

/** A little-endian uncompressed RGB TIFF whose IFD declares `width`×`height` but whose one strip holds 1000 bytes. */
function tiffDeclaring(width: number, height: number): Uint8Array {
  const entries: [number, number, number, number][] = [
    [256, 4, 1, width],
    [257, 4, 1, height],
    [258, 3, 1, 8],
    [259, 3, 1, 1],
    [262, 3, 1, 2],
    [273, 4, 1, 200],
    [277, 3, 1, 3],
    [278, 4, 1, height],
    [279, 4, 1, width * height * 3],
  ];
  const out = new Uint8Array(1200);
  const v = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  v.setUint32(4, 8, true);
  v.setUint16(8, entries.length, true);
  for (const [i, [tag, type, count, value]] of entries.entries()) {
    const at = 10 + i * 12;
    v.setUint16(at, tag, true);
    v.setUint16(at + 2, type, true);
    v.setUint32(at + 4, count, true);
    if (type === 3) v.setUint16(at + 8, value, true);
    else v.setUint32(at + 8, value, true);
  }
  return out;
}

beforeAll(async () => {
  zeros = await zlibZeros(BOMB);
  for (const b of bombs) writeFileSync(join(work, b.file), await b.bytes());
}, 120_000);

describe("image bombs and lying headers: typed error or Pillow's answer, < 2 s, < 256 MB peak RSS", () => {
  for (const b of bombs) {
    for (const who of b.who) {
      it(`${b.file} (${who}): ${b.expect}`, () => {
        const r = decodeInChild(join(work, b.file), who);
        console.log(
          `${b.file} (${who}): ${r.ok ? 'ok' : r.code} in ${r.ms.toFixed(0)} ms, peak ${(r.peakKiB / 1024).toFixed(0)} MB`,
        );
        expect(r.ok ? 'ok' : r.code).toBe(b.expect);
        if (!r.ok) expect(r.message).toContain(b.file);
        expect(r.ms).toBeLessThan(2000);
        expect(r.peakKiB).toBeLessThan(256 * 1024);
      });
    }
  }
});
