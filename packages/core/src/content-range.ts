/** `Content-Range: bytes <start>-<end>/<total|*>` of a 206 answer (RFC 9110 §14.4). */
export function parseContentRange(header: string | null): { start: number; end: number; total?: number } | undefined {
  const match = header?.match(/^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i);
  if (!match) return undefined;
  const total = match[3] === '*' ? undefined : Number(match[3]);
  return { start: Number(match[1]), end: Number(match[2]), ...(total === undefined ? {} : { total }) };
}

/** `Content-Range: bytes *\/<total>` of a 416 answer: the size of the whole file. */
export function parseUnsatisfiedRange(header: string | null): number | undefined {
  const match = header?.match(/^bytes\s+\*\/(\d+)$/i);
  return match ? Number(match[1]) : undefined;
}
