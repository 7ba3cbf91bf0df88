/**
 * A field-level edit of a safetensors header: one leaf of the JSON (a dtype, a shape entry, a data offset, a metadata
 * value) replaced by a hostile value, the header re-serialised and its 8-byte length prefix rewritten to match, so
 * the edit reaches the checks behind the JSON parse.
 */
export interface JsonEdit {
  /** Which leaf (a fraction of the leaves, in document order). */
  readonly target: number;
  readonly value: unknown;
  /** Also lie about the header length by this much (0: the true length). */
  readonly lengthDelta: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function leaves(value: Json, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    if (entries.length === 0) out.push(path);
    for (const [key, child] of entries) leaves(child, [...path, key], out);
  } else out.push(path);
  return out;
}

export function editSafetensorsHeader(bytes: Uint8Array, edit: JsonEdit): Uint8Array {
  if (bytes.length < 8) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = Number(view.getBigUint64(0, true));
  if (8 + length > bytes.length) return bytes;
  let header: Json;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Json;
  } catch {
    return bytes; // an earlier byte edit already broke it: leave that case as it is
  }
  const paths = leaves(header);
  const path = paths[Math.floor(edit.target * paths.length)];
  if (!path || path.length === 0) return bytes;
  let parent = header as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (edit.value === undefined) delete parent[last];
  else parent[last] = edit.value as Json;
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + bytes.length - 8 - length);
  new DataView(out.buffer).setBigUint64(0, BigInt(Math.max(0, json.length + edit.lengthDelta)), true);
  out.set(json, 8);
  out.set(bytes.subarray(8 + length), 8 + json.length);
  return out;
}
