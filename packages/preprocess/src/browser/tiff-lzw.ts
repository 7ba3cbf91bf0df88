/**
 * TIFF's LZW (MSB-first codes, 9–12 bits, "early change"), replacing utif2's `_decodeLZW`: on corrupt data (a code
 * beyond the next table entry) utif2's builds a table entry that points at itself and loops forever — a 10-byte edit
 * of a valid TIFF hung the page. Here every code is checked, output stops at the target's end, and a corrupt code is
 * an error (libtiff's, hence Pillow's, verdict too: "LZWDecode: Corrupted LZW table").
 * Same signature as utif2's: decodes `data[off, off + len)` into `target` from `toff`; returns the end offset.
 */
export function decodeTiffLzw(data: Uint8Array, off: number, len: number, target: Uint8Array, toff: number): number {
  const end = Math.min(off + len, data.length);
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const lengths = new Uint32Array(4096);
  for (let i = 0; i < 256; i++) {
    suffix[i] = i;
    lengths[i] = 1;
  }
  let next = 258;
  let width = 9;
  let previous = -1;
  let bitPos = off * 8;
  let o = toff;
  const limit = target.length;
  while (bitPos + width <= end * 8) {
    let code = 0;
    for (let k = 0; k < width; k++, bitPos++) code = (code << 1) | ((data[bitPos >> 3]! >> (7 - (bitPos & 7))) & 1);
    if (code === 257) break;
    if (code === 256) {
      next = 258;
      width = 9;
      previous = -1;
      continue;
    }
    if (previous === -1) {
      if (code > 255) throw new Error('corrupt LZW data: first code after a clear is not a literal');
      if (o < limit) target[o] = code;
      o++;
      previous = code;
      continue;
    }
    if (code > next || next >= 4096) throw new Error('corrupt LZW data: code beyond the table');
    const known = code < next;
    const first = firstOf(known ? code : previous, prefix, suffix);
    prefix[next] = previous;
    suffix[next] = known ? first : firstOf(previous, prefix, suffix);
    lengths[next] = lengths[previous]! + 1;
    next++;
    // Write the string for `code` back to front.
    const n = lengths[code]!;
    for (let c = code, at = o + n - 1; at >= o; at--, c = prefix[c]!) if (at < limit) target[at] = suffix[c]!;
    o += n;
    previous = code;
    if (next + 1 === 1 << width && width < 12) width++;
    if (o >= limit) break;
  }
  return o;
}

function firstOf(code: number, prefix: Int32Array, suffix: Uint8Array): number {
  let c = code;
  while (c > 257) c = prefix[c]!;
  return suffix[c]!;
}
