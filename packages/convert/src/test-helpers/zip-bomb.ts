import { constants, crc32, deflateRawSync } from 'node:zlib';

/** A zip member as written by `writeZip`: the bytes on disk and what its headers declare. */
export interface MemberSpec {
  readonly name: string;
  readonly method: 0 | 8;
  readonly data: Uint8Array;
  /** Declared uncompressed size and CRC-32 (a bomb may lie about both). */
  readonly size: number;
  readonly crc: number;
}

const MIB = 1 << 20;

/**
 * A raw deflate stream of `total` zero bytes without compressing them: a 1 MiB segment of zeros is deflated once
 * (ending in a sync flush, so segments can follow each other) and repeated; ~1 kB per MiB, so 3 GiB ≈ 3 MB.
 */
export function deflatedZeros(total: number): Uint8Array {
  const segment = (n: number) => deflateRawSync(new Uint8Array(n), { finishFlush: constants.Z_SYNC_FLUSH });
  const full = segment(MIB);
  const whole = Math.floor(total / MIB);
  const rest = total % MIB ? segment(total % MIB) : new Uint8Array(0);
  const end = Uint8Array.of(0x01, 0x00, 0x00, 0xff, 0xff); // a final, empty stored block
  const out = new Uint8Array(whole * full.length + rest.length + end.length);
  for (let i = 0; i < whole; i++) out.set(full, i * full.length);
  out.set(rest, whole * full.length);
  out.set(end, whole * full.length + rest.length);
  return out;
}

/** CRC-32 of `total` zero bytes (a real bomb carries the right one). */
export function crcOfZeros(total: number): number {
  const zeros = new Uint8Array(Math.min(total, 16 * MIB));
  let crc = 0;
  for (let done = 0; done < total; done += zeros.length) {
    crc = crc32(zeros.subarray(0, Math.min(zeros.length, total - done)), crc);
  }
  return crc;
}

/** A minimal zip writer: local headers, data, central directory, end record; a ZIP64 extra field where needed. */
export function writeZip(members: readonly MemberSpec[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const push = (b: Uint8Array) => {
    chunks.push(b);
    offset += b.length;
  };
  for (const m of members) {
    const name = new TextEncoder().encode(m.name);
    const zip64 = m.size > 0xfffffffe || m.data.length > 0xfffffffe;
    const extra = zip64 ? new Uint8Array(20) : new Uint8Array(0);
    if (zip64) {
      const x = new DataView(extra.buffer);
      x.setUint16(0, 1, true);
      x.setUint16(2, 16, true);
      x.setBigUint64(4, BigInt(m.size), true);
      x.setBigUint64(12, BigInt(m.data.length), true);
    }
    const header = (signature: number, length: number) => {
      const h = new Uint8Array(length);
      const v = new DataView(h.buffer);
      v.setUint32(0, signature, true);
      return { h, v };
    };
    const local = header(0x04034b50, 30);
    local.v.setUint16(4, zip64 ? 45 : 20, true);
    local.v.setUint16(8, m.method, true);
    local.v.setUint32(14, m.crc, true);
    local.v.setUint32(18, zip64 ? 0xffffffff : m.data.length, true);
    local.v.setUint32(22, zip64 ? 0xffffffff : m.size, true);
    local.v.setUint16(26, name.length, true);
    local.v.setUint16(28, extra.length, true);
    const at = offset;
    push(local.h);
    push(name);
    push(extra);
    push(m.data);
    const cd = header(0x02014b50, 46);
    cd.v.setUint16(4, zip64 ? 45 : 20, true);
    cd.v.setUint16(6, zip64 ? 45 : 20, true);
    cd.v.setUint16(10, m.method, true);
    cd.v.setUint32(16, m.crc, true);
    cd.v.setUint32(20, zip64 ? 0xffffffff : m.data.length, true);
    cd.v.setUint32(24, zip64 ? 0xffffffff : m.size, true);
    cd.v.setUint16(28, name.length, true);
    cd.v.setUint16(30, extra.length, true);
    cd.v.setUint32(42, at, true);
    central.push(cd.h, name, extra);
  }
  const cdStart = offset;
  for (const c of central) push(c);
  const eocd = new Uint8Array(22);
  const v = new DataView(eocd.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, members.length, true);
  v.setUint16(10, members.length, true);
  v.setUint32(12, offset - cdStart, true);
  v.setUint32(16, cdStart, true);
  push(eocd);
  const out = new Uint8Array(offset);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The members of a zip whose entries are all stored (torch.save's own files), for rebuilding them with changes. */
export function storedMembers(zip: Uint8Array): MemberSpec[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out: MemberSpec[] = [];
  for (let at = 0; at + 46 <= zip.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    const size = view.getUint32(at + 24, true);
    const local = view.getUint32(at + 42, true);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    out.push({ name, method: 0, data: zip.slice(start, start + size), size, crc: view.getUint32(at + 16, true) });
    at += 45 + nameLength;
  }
  return out;
}
