/** Magic numbers of the files people pick by mistake for a model, so a message can say what the file really is. */
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

/**
 * What a file's first bytes say it is when it is not an ONNX model (`it is a PNG image`, `the file is empty` …), or
 * `undefined` when it starts like one: a protobuf `ModelProto` whose first field, ir_version (field 1, varint), is
 * written first — byte 0x08.
 */
export function describeNonOnnx(head: Uint8Array): string | undefined {
  if (head.length === 0) return 'the file is empty';
  const known = KNOWN.find((k) => k.test(head));
  if (known) return `it is ${known.what}`;
  if (head[0] !== 0x08) return `it does not start like an ONNX protobuf (first byte 0x${head[0]!.toString(16)})`;
  return undefined;
}
