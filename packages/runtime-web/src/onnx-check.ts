import { SwslError } from '@swsl/registry';

/** Magic numbers of the files people pick by mistake, so the message can say what the file is. */
const KNOWN: readonly { readonly what: string; readonly test: (b: Uint8Array) => boolean }[] = [
  { what: 'a PNG image', test: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47]) },
  { what: 'a JPEG image', test: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  { what: 'a GIF image', test: (b) => starts(b, [0x47, 0x49, 0x46, 0x38]) },
  { what: 'a WebP image', test: (b) => starts(b, [0x52, 0x49, 0x46, 0x46]) && ascii(b, 8, 4) === 'WEBP' },
  { what: 'a zip archive (a PyTorch .pth?)', test: (b) => starts(b, [0x50, 0x4b, 0x03, 0x04]) },
  { what: 'a legacy PyTorch pickle (.pth)', test: (b) => b[0] === 0x80 && (b[1] ?? 0) >= 2 && (b[1] ?? 0) <= 5 },
  { what: 'a safetensors checkpoint', test: (b) => b.length > 9 && ascii(b, 8, 2) === '{"' },
  { what: 'an HTML page', test: (b) => /^\s*<(!doctype|html)/i.test(ascii(b, 0, 32)) },
];

function starts(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((m, i) => bytes[i] === m);
}

function ascii(bytes: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + n));
}

/** What the first bytes say a file is, when they say it is something else than ONNX. */
function whatItIs(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'the file is empty';
  const known = KNOWN.find((k) => k.test(bytes));
  return known ? `it is ${known.what}` : 'it is not an ONNX protobuf';
}

/**
 * A file given as an ONNX model that is not one (a photo renamed `.onnx`, a checkpoint, an HTML error page). The
 * protobuf reader alone says only `invalid wire type 7 at offset 36`.
 */
export class NotOnnxError extends SwslError {
  constructor(
    readonly file: string,
    bytes: Uint8Array,
    cause: unknown,
  ) {
    super(
      'E_NOT_ONNX',
      `${file} is not an ONNX model: ${whatItIs(bytes)} (${(cause as Error)?.message ?? String(cause)}). Load a ` +
        '.onnx made by `swsl convert`; a .pth or .safetensors checkpoint loads as { checkpoint: file }.',
      { cause },
    );
  }
}
