/**
 * float32 tensor → NumPy `.npy` bytes (format 1.0, little-endian `<f4`, C order), so a tensor can be compared with
 * another pipeline's by `np.load`. Layout: magic `\x93NUMPY`, version 1.0, header length, a Python-dict header
 * padded with spaces to a multiple of 64 bytes and ending in a newline, then the raw data.
 */
export function encodeNpy(data: Float32Array, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + dict.length + 1;
  const header = `${dict}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}
