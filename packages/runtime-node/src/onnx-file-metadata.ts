import { open } from 'node:fs/promises';
import { InvalidModelError } from '@swsl/convert/metadata';

/** ModelProto.metadata_props (onnx.proto's field number). */
const METADATA_PROPS = 14;
/** Enough for a tag and a length (two varints of at most 10 bytes). */
const HEAD = 20;

/**
 * The `metadata_props` fields of the ONNX file at `path`, as a ModelProto holding nothing else, read without reading
 * the graph: the top-level fields are walked by their tags and lengths with positional reads (about ten of them),
 * so a 100 MB model costs a few small reads instead of a copy through JavaScript. `describeSwslModel` reads it as it
 * reads a whole model, since it only looks at those fields.
 */
export async function readOnnxMetadataFields(path: string): Promise<Uint8Array> {
  const file = await open(path);
  try {
    const { size } = await file.stat();
    const head = new Uint8Array(HEAD);
    const parts: Uint8Array[] = [];
    for (let pos = 0; pos < size; ) {
      const { bytesRead } = await file.read(head, 0, Math.min(HEAD, size - pos), pos);
      let at = 0;
      const varint = () => {
        let value = 0;
        for (let shift = 0; at < bytesRead && shift < 64; shift += 7) {
          const byte = head[at++] as number;
          value += (byte & 0x7f) * 2 ** shift;
          if (byte < 0x80) return value;
        }
        throw new InvalidModelError(path, `invalid varint at offset ${pos}`);
      };
      const tag = varint();
      const wireType = tag & 7;
      let end: number;
      if (wireType === 0) {
        varint();
        end = pos + at;
      } else if (wireType === 1 || wireType === 5) {
        end = pos + at + (wireType === 1 ? 8 : 4);
      } else if (wireType === 2) {
        const length = varint(); // read first: it moves `at` past itself
        end = pos + at + length;
      } else {
        throw new InvalidModelError(path, `invalid wire type ${wireType} at offset ${pos}`);
      }
      if (end > size) throw new InvalidModelError(path, `a field at offset ${pos} runs past the end of the file`);
      if (Math.floor(tag / 8) === METADATA_PROPS && wireType === 2) {
        const field = new Uint8Array(end - pos);
        await file.read(field, 0, field.length, pos);
        parts.push(field);
      }
      pos = end;
    }
    return Buffer.concat(parts);
  } finally {
    await file.close();
  }
}
