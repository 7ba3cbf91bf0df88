import { TruncatedImageError } from './errors.js';

/**
 * The first TIFF image's strips (or tiles) checked against the file before a decoder allocates the image the
 * directory declares: every strip must start inside the file (Pillow: "image file is truncated"; libtiff and utif2
 * read it as zeros), and the bytes the strips can hold must be able to produce the declared samples — 1:1
 * uncompressed, at most the format's expansion ratio when compressed. A 1 kB file declaring 9000×9000 pixels
 * made libtiff (through sharp) allocate 349 MB and return zeros. Malformed directories are left to the decoders.
 */
export function checkTiffStrips(bytes: Uint8Array, input: string): void {
  if (bytes.length < 8) return;
  const little = bytes[0] === 0x49;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => v.getUint16(at, little);
  const u32 = (at: number) => v.getUint32(at, little);
  const ifd = u32(4);
  if (ifd + 2 > bytes.length) return;
  const tags = new Map<number, number[]>();
  for (let i = 0, n = u16(ifd); i < n && ifd + 14 + i * 12 <= bytes.length; i++) {
    const at = ifd + 2 + i * 12;
    const type = u16(at + 2);
    const count = u32(at + 4);
    const size = type === 3 ? 2 : type === 4 ? 4 : 0;
    if (!size || count > 1 << 20) continue;
    const base = count * size <= 4 ? at + 8 : u32(at + 8);
    if (base + count * size > bytes.length) continue;
    tags.set(
      u16(at),
      Array.from({ length: count }, (_, k) => (size === 2 ? u16(base + 2 * k) : u32(base + 4 * k))),
    );
  }
  const offsets = tags.get(273) ?? tags.get(324);
  const counts = tags.get(279) ?? tags.get(325);
  const width = tags.get(256)?.[0];
  const height = tags.get(257)?.[0];
  if (!offsets || !width || !height) return;
  // What a strip can hold: up to the next strip's start (or the end), or its byte count if larger — Pillow reads
  // an uncompressed strip's rows whatever its StripByteCounts says, so the counts alone would refuse good files.
  const starts = [...offsets, bytes.length].sort((a, b) => a - b);
  let available = 0;
  for (const [k, offset] of offsets.entries()) {
    if (offset >= bytes.length) {
      throw new TruncatedImageError(input, `TIFF strip ${k} starts at ${offset}, past the end (${bytes.length})`);
    }
    const region = starts.find((s) => s > offset)! - offset;
    available += Math.max(region, Math.min(counts?.[k] ?? 0, bytes.length - offset));
  }
  const bits = (tags.get(258)?.[0] ?? 1) * (tags.get(277)?.[0] ?? 1);
  const needed = Math.ceil((width * bits) / 8) * height;
  const compression = tags.get(259)?.[0] ?? 1;
  // Most output per input byte: none 1, PackBits 128 (a 2-byte run), LZW 4096 (a 12-bit code), Deflate 1032.
  const ratio = { 1: 1, 32773: 128, 5: 4096, 8: 1032, 32946: 1032 }[compression];
  if (ratio !== undefined && needed > available * ratio) {
    throw new TruncatedImageError(input, `TIFF strips hold ${available} bytes, too few for ${width}×${height} pixels`);
  }
}
