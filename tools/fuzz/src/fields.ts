/**
 * Where the fields that matter sit in each valid input: chunk lengths and CRCs, markers and segment lengths, zip
 * signatures/sizes/offsets/methods, the safetensors length prefix, pickle opcodes, protobuf tags and lengths. A
 * mutation aimed at a field reaches the parser's bookkeeping instead of landing in pixel or weight data, where
 * almost any byte is valid.
 */

/** A field: `width` bytes at `at`, little- or big-endian. */
export interface Field {
  readonly at: number;
  readonly width: 1 | 2 | 4 | 8;
  readonly bigEndian?: boolean;
}

const u32be = (b: Uint8Array, at: number) =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const u32le = (b: Uint8Array, at: number) =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);

/** PNG: every chunk's length, type and CRC, and IHDR's width/height/depth/colour type/interlace. */
export function pngFields(b: Uint8Array): Field[] {
  const fields: Field[] = [];
  let at = 8;
  while (at + 12 <= b.length) {
    const length = u32be(b, at);
    fields.push({ at, width: 4, bigEndian: true }, { at: at + 4, width: 4, bigEndian: true });
    if (b[at + 4] === 0x49 && b[at + 5] === 0x48) {
      fields.push({ at: at + 8, width: 4, bigEndian: true }, { at: at + 12, width: 4, bigEndian: true });
      for (let i = 16; i < 21; i++) fields.push({ at: at + i, width: 1 });
    }
    const crc = at + 8 + length;
    if (crc + 4 > b.length) break;
    fields.push({ at: crc, width: 4, bigEndian: true });
    at = crc + 4;
  }
  return fields;
}

/** JPEG: every marker and segment length up to the scan, and the frame header's precision/size/components. */
export function jpegFields(b: Uint8Array): Field[] {
  const fields: Field[] = [];
  let at = 2;
  while (at + 4 <= b.length && b[at] === 0xff) {
    const marker = b[at + 1]!;
    fields.push({ at: at + 1, width: 1 }, { at: at + 2, width: 2, bigEndian: true });
    if (marker >= 0xc0 && marker <= 0xc3) {
      for (const [offset, width] of [
        [4, 1],
        [5, 2],
        [7, 2],
        [9, 1],
        [10, 1],
        [11, 1],
      ] as const) {
        fields.push({ at: at + offset, width, bigEndian: true });
      }
    }
    if (marker === 0xda) break; // entropy-coded data follows
    at += 2 + ((b[at + 2]! << 8) | b[at + 3]!);
  }
  // A few bytes inside the scan and the end marker.
  for (let at2 = Math.max(at, 0); at2 < b.length; at2 += Math.max(1, Math.floor((b.length - at) / 16))) {
    fields.push({ at: at2, width: 1 });
  }
  if (b.length >= 2) fields.push({ at: b.length - 2, width: 2, bigEndian: true });
  return fields;
}

/** GIF/BMP/TIFF/WebP: headers are small, so every byte of the first 64 plus the last 8. */
export function headerFields(b: Uint8Array, span = 64): Field[] {
  const fields: Field[] = [];
  for (let at = 0; at < Math.min(span, b.length); at++) fields.push({ at, width: 1 });
  for (let at = 0; at + 4 <= Math.min(span, b.length); at += 2) fields.push({ at, width: 4 });
  for (let at = Math.max(0, b.length - 8); at < b.length; at++) fields.push({ at, width: 1 });
  return fields;
}

export interface ZipMemberInfo {
  readonly name: string;
  readonly method: number;
  /** Offsets of the CRC field in the local header and in the central directory entry. */
  readonly localCrcAt: number;
  readonly centralCrcAt: number;
  readonly dataStart: number;
  readonly size: number;
}

/** The members of a (non-ZIP64) zip, from its central directory. */
export function zipMembers(b: Uint8Array): ZipMemberInfo[] {
  let eocd = -1;
  for (let at = b.length - 22; at >= Math.max(0, b.length - 65_557); at--) {
    if (u32le(b, at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return [];
  const count = u16le(b, eocd + 10);
  let at = u32le(b, eocd + 16);
  const members: ZipMemberInfo[] = [];
  for (let i = 0; i < count && at + 46 <= b.length && u32le(b, at) === 0x02014b50; i++) {
    const nameLength = u16le(b, at + 28);
    const local = u32le(b, at + 42);
    const name = new TextDecoder().decode(b.subarray(at + 46, at + 46 + nameLength));
    const dataStart = local + 30 + u16le(b, local + 26) + u16le(b, local + 28);
    members.push({
      name,
      method: u16le(b, at + 10),
      localCrcAt: local + 14,
      centralCrcAt: at + 16,
      dataStart,
      size: u32le(b, at + 24),
    });
    at += 46 + nameLength + u16le(b, at + 30) + u16le(b, at + 32);
  }
  return members;
}

/** Zip: every header field of every local header, central directory entry and the end record. */
export function zipFields(b: Uint8Array): Field[] {
  const fields: Field[] = [];
  const local = [0, 4, 6, 8, 14, 18, 22, 26, 28];
  const central = [0, 4, 6, 8, 10, 16, 20, 24, 28, 30, 32, 42];
  const end = [0, 8, 10, 12, 16, 20];
  const widthAt = (offsets: number[], at: number, fourByte: number[]) =>
    offsets.map((o) => ({ at: at + o, width: (fourByte.includes(o) ? 4 : 2) as 2 | 4 }));
  for (let at = 0; at + 4 <= b.length; at++) {
    const sig = u32le(b, at);
    if (sig === 0x04034b50) fields.push(...widthAt(local, at, [0, 14, 18, 22]));
    else if (sig === 0x02014b50) fields.push(...widthAt(central, at, [0, 16, 20, 24, 42]));
    else if (sig === 0x06054b50) fields.push(...widthAt(end, at, [0, 12, 16]));
  }
  return fields;
}

/** The stored `data.pkl` of a torch zip: every byte is an opcode or an argument. */
export function pickleMember(b: Uint8Array): ZipMemberInfo | undefined {
  return zipMembers(b).find((m) => m.name.endsWith('data.pkl') && m.method === 0);
}

/** Every byte of a byte range (the pickle of a legacy file, a zip's data.pkl). */
export function rangeFields(start: number, end: number): Field[] {
  const fields: Field[] = [];
  for (let at = start; at < end; at++) fields.push({ at, width: 1 });
  for (let at = start; at + 4 <= end; at += 4) fields.push({ at, width: 4 });
  return fields;
}

/** safetensors: the 8-byte length prefix and the JSON header's bytes. */
export function safetensorsFields(b: Uint8Array): Field[] {
  const length = Number(new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(0, true));
  return [{ at: 0, width: 8 }, { at: 0, width: 4 }, ...rangeFields(8, Math.min(8 + length, b.length))];
}

/**
 * Protobuf: the tag and length of every field of every message that parses cleanly, down to `depth` levels (ONNX's
 * model → graph → node/initializer → attribute/dims), never inside a tensor's raw bytes (they do not parse as fields).
 */
export function protobufFields(b: Uint8Array, start = 0, end = b.length, depth = 5): Field[] {
  const fields: Field[] = [];
  const walk = (from: number, to: number, level: number): Field[] | undefined => {
    const found: Field[] = [];
    let at = from;
    const varint = (): number | undefined => {
      let value = 0;
      for (let shift = 0; shift < 50; shift += 7) {
        if (at >= to) return undefined;
        const byte = b[at++]!;
        value += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) return value;
      }
      return undefined;
    };
    while (at < to) {
      const tagAt = at;
      const tag = varint();
      if (tag === undefined || tag < 8) return undefined;
      found.push({ at: tagAt, width: 1 });
      const type = tag & 7;
      if (type === 0) {
        const valueAt = at;
        if (varint() === undefined) return undefined;
        found.push({ at: valueAt, width: 1 });
      } else if (type === 1) at += 8;
      else if (type === 5) at += 4;
      else if (type === 2) {
        const lengthAt = at;
        const length = varint();
        if (length === undefined || at + length > to) return undefined;
        found.push({ at: lengthAt, width: 1 });
        if (level > 0 && length > 0 && length < 1 << 20) found.push(...(walk(at, at + length, level - 1) ?? []));
        at += length;
      } else return undefined;
      if (at > to) return undefined;
    }
    return found;
  };
  fields.push(...(walk(start, end, depth) ?? []));
  return fields;
}
