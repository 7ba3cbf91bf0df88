/** Bytes per value of each TIFF field type (BYTE, ASCII, SHORT, LONG, RATIONAL, …, IFD, LONG8). */
const TYPE_SIZE: Readonly<Record<number, number>> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
  16: 8,
};

/** Directories followed at most (the chain of a corrupt file can loop). */
const MAX_DIRECTORIES = 16;

/**
 * A copy of a TIFF whose directory entries pointing past the end of the file have a count of 0, as Pillow treats them
 * ("Possibly corrupt EXIF data … Skipping tag"). utif2 would otherwise read such an entry value by value — a count of
 * 2^31 took it 5 s before it failed with "Invalid array length" (found by tools/fuzz). The original is returned when
 * nothing needs dropping.
 */
export function dropUnreadableTiffEntries(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 8) return bytes;
  const little = bytes[0] === 0x49;
  let copy: Uint8Array | undefined;
  const view = () => new DataView((copy ?? bytes).buffer, (copy ?? bytes).byteOffset, bytes.length);
  const seen = new Set<number>();
  let ifd = view().getUint32(4, little);
  while (ifd > 0 && ifd + 2 <= bytes.length && !seen.has(ifd) && seen.size < MAX_DIRECTORIES) {
    seen.add(ifd);
    const v = view();
    const entries = v.getUint16(ifd, little);
    for (let i = 0; i < entries && ifd + 14 + i * 12 <= bytes.length; i++) {
      const at = ifd + 2 + i * 12;
      const size = (TYPE_SIZE[v.getUint16(at + 2, little)] ?? 1) * v.getUint32(at + 4, little);
      if (size <= 4 || v.getUint32(at + 8, little) + size <= bytes.length) continue;
      copy ??= bytes.slice();
      view().setUint32(at + 4, 0, little);
    }
    const next = ifd + 2 + entries * 12;
    ifd = next + 4 <= bytes.length ? view().getUint32(next, little) : 0;
  }
  return copy ?? bytes;
}
