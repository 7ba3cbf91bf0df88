/**
 * NumPy `.npy` (format 1.0/2.0/3.0), little-endian float32/float16/int64/uint8 only: what the oracle writes.
 * Layout: magic `\x93NUMPY`, version, header length, a Python-dict header padded to 64 bytes, then C-order data.
 */
export type NpyArray =
  | { dtype: '<f4'; shape: number[]; data: Float32Array }
  | { dtype: '<f2'; shape: number[]; data: Uint16Array }
  | { dtype: '<i8'; shape: number[]; data: BigInt64Array }
  | { dtype: '|u1'; shape: number[]; data: Uint8Array };

const MAGIC = '\x93NUMPY';

export function readNpy(bytes: Uint8Array): NpyArray {
  const magic = String.fromCharCode(...bytes.subarray(0, 6));
  if (magic !== MAGIC) throw new Error('not an .npy file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || fortran !== 'False' || shapeText === undefined) throw new Error(`unsupported .npy header: ${header}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  // Copy (a Node Buffer's slice() would be a view into a shared pool) so the typed array is aligned and owned.
  const body = new Uint8Array(bytes.subarray(headerStart + headerLen));
  switch (descr) {
    case '<f4':
      return { dtype: descr, shape, data: new Float32Array(body.buffer, 0, count) };
    case '<f2':
      return { dtype: descr, shape, data: new Uint16Array(body.buffer, 0, count) };
    case '<i8':
      return { dtype: descr, shape, data: new BigInt64Array(body.buffer, 0, count) };
    case '|u1':
      return { dtype: descr, shape, data: new Uint8Array(body.buffer, 0, count) };
    default:
      throw new Error(`unsupported .npy dtype ${descr}`);
  }
}

export function writeNpy(array: Float32Array, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Pad so magic(6) + version(2) + length(2) + header + '\n' is a multiple of 64.
  header += `${' '.repeat(64 - ((10 + header.length + 1) % 64))}\n`;
  const out = new Uint8Array(10 + header.length + array.byteLength);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), 10 + header.length);
  return out;
}
