import { Inflate } from 'fflate';
import { CorruptCheckpointError, UnsupportedCheckpointError } from '../errors.js';
import type { ByteSource } from '../source.js';
import { crc32 } from './crc32.js';

/** What the central directory says about one member; the local header is read and cross-checked on use. */
export interface ZipMember {
  readonly name: string;
  readonly method: number;
  readonly encrypted: boolean;
  readonly localHeaderOffset: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Absent when zip.js could not read one (then nothing is checked). */
  readonly crc32: number | undefined;
}

const STORED = 0;
const DEFLATED = 8;
const LOCAL_HEADER_LENGTH = 30;

/**
 * Compressed bytes handed to the inflater at a time. Deflate expands at most ~1032:1, so one push yields at most
 * ~4 MB before the cap below is checked again: the most a bomb can make us allocate past the cap.
 */
const INFLATE_CHUNK = 4 * 1024;

/** Offset of the member's data, after checking its local header agrees with the central directory. */
export async function memberDataStart(source: ByteSource, member: ZipMember): Promise<number> {
  const { name } = member;
  if (member.encrypted) {
    throw new UnsupportedCheckpointError(source.name, `zip entry ${name} is encrypted`);
  }
  if (member.method !== STORED && member.method !== DEFLATED) {
    throw new UnsupportedCheckpointError(
      source.name,
      `zip entry ${name} uses compression method ${member.method} (torch.save writes stored or deflated entries)`,
    );
  }
  const at = member.localHeaderOffset;
  if (at < 0 || at + LOCAL_HEADER_LENGTH > source.size) {
    throw new CorruptCheckpointError(source.name, `the local header of ${name} at offset ${at} lies outside the file`);
  }
  const header = await source.read(at, LOCAL_HEADER_LENGTH);
  const view = new DataView(header.buffer, header.byteOffset, LOCAL_HEADER_LENGTH);
  if (view.getUint32(0, true) !== 0x04034b50) {
    throw new CorruptCheckpointError(source.name, `the central directory points ${name} at a non-header`);
  }
  const localMethod = view.getUint16(8, true);
  if (localMethod !== member.method) {
    throw new CorruptCheckpointError(
      source.name,
      `zip entry ${name} is method ${localMethod} in its local header but ${member.method} in the central directory`,
    );
  }
  const start = at + LOCAL_HEADER_LENGTH + view.getUint16(26, true) + view.getUint16(28, true);
  if (start + member.compressedSize > source.size) {
    throw new CorruptCheckpointError(
      source.name,
      `entry ${name} claims ${member.compressedSize} bytes at offset ${start}, past the end of the ${source.size}-byte file`,
    );
  }
  if (member.method === STORED && member.compressedSize !== member.size) {
    throw new CorruptCheckpointError(
      source.name,
      `stored entry ${name} is ${member.compressedSize} bytes on disk but declares ${member.size}`,
    );
  }
  return start;
}

/**
 * The whole content of a member, never more than `cap` bytes: the most the format allows it to hold (a storage's
 * declared bytes, the pickle size limit). A member declaring more is refused before anything is read; a deflated
 * one that inflates past its declared size (a zip bomb lying about it) is stopped at that size, mid-stream.
 * `what` says where the cap comes from, for the message.
 */
export async function readMember(
  source: ByteSource,
  member: ZipMember,
  cap: number,
  what: string,
): Promise<Uint8Array> {
  const { name } = member;
  if (member.size > cap) {
    throw new CorruptCheckpointError(
      source.name,
      `entry ${name} declares ${member.size} bytes but ${what} is ${cap} bytes (a zip bomb or a damaged archive)`,
    );
  }
  const start = await memberDataStart(source, member);
  const out =
    member.method === STORED ? await source.read(start, member.size) : await inflateCapped(source, member, start);
  if (member.crc32 !== undefined && crc32(out) !== member.crc32) {
    throw new CorruptCheckpointError(source.name, `entry ${name} fails its CRC-32 check`);
  }
  return out;
}

/**
 * The first `length` bytes of a member that holds more: torch.load reads the bytes a storage needs from its entry
 * and ignores the rest, and so do we. Only those bytes are read (or inflated: a deflated member is inflated until
 * they are out, never further, whatever size it declares); the CRC-32, which covers the whole member, is not checked.
 */
export async function readMemberPrefix(source: ByteSource, member: ZipMember, length: number): Promise<Uint8Array> {
  const start = await memberDataStart(source, member);
  if (member.method === STORED) return source.read(start, length);
  return inflateCapped(source, member, start, length);
}

/** Inflates the member, refusing output past its declared size; stops once `want` bytes are out (default: all). */
async function inflateCapped(
  source: ByteSource,
  member: ZipMember,
  start: number,
  want: number = member.size,
): Promise<Uint8Array> {
  const { name, size } = member;
  const out = new Uint8Array(want);
  let written = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    if (written + chunk.length > size) {
      throw new CorruptCheckpointError(
        source.name,
        `entry ${name} inflates past its declared ${size} bytes (a zip bomb or a damaged archive); stopped there`,
      );
    }
    out.set(chunk.subarray(0, Math.max(0, want - written)), written);
    written += chunk.length;
    ended ||= final;
  });
  try {
    for (let pos = 0; (pos < member.compressedSize || pos === 0) && written < want; pos += INFLATE_CHUNK) {
      const length = Math.min(INFLATE_CHUNK, member.compressedSize - pos);
      inflater.push(await source.read(start + pos, length), pos + length >= member.compressedSize);
    }
  } catch (e) {
    if (e instanceof CorruptCheckpointError) throw e;
    throw new CorruptCheckpointError(source.name, `entry ${name} does not inflate (${(e as Error).message})`, {
      cause: e,
    });
  }
  const complete = want < size ? written >= want : ended && written === size;
  if (!complete) {
    throw new CorruptCheckpointError(
      source.name,
      `entry ${name} inflates to ${written} bytes, not its declared ${size}`,
    );
  }
  return out;
}
