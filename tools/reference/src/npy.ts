/**
 * Reads NumPy `.npy` (format 1.0/2.0/3.0), little-endian float32/float16/int64/uint8 only: what the oracle writes.
 * (The writer swsl ships is `encodeNpy` in @swsl/preprocess.)
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
