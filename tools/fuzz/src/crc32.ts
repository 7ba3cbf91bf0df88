import { crc32 as zlibCrc32 } from 'node:zlib';

/**
 * CRC-32 (IEEE, as zip and PNG use), to re-sign a mutated chunk or member so the parser behind the check sees it.
 * The fuzzer runs in Node only: Node's zlib has it (the packages carry their own, being platform-neutral).
 */
export function crc32(bytes: Uint8Array): number {
  return zlibCrc32(bytes) >>> 0;
}
