/**
 * Just enough of the protobuf wire format to walk a message's top-level fields and read length-delimited ones: what
 * `readOnnxMetadata` needs on a page's main thread, without the protobuf runtime (that one is loaded with the
 * converter, in the worker). Writing ONNX stays with protobufjs (graph/onnx-pb.js).
 */
export class WireReader {
  private pos = 0;
  private readonly end: number;

  constructor(private readonly bytes: Uint8Array) {
    this.end = bytes.length;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** A varint as a number (exact up to 2^53, ample for tags and lengths). */
  varint(): number {
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (this.pos >= this.end) throw new RangeError(`index out of range: ${this.pos} + 1 > ${this.end}`);
      const byte = this.bytes[this.pos++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new Error(`invalid varint encoding at offset ${this.pos}`);
  }

  /** A length-delimited field's bytes, as a view (no copy). */
  bytesField(): Uint8Array {
    const length = this.varint();
    const start = this.take(length);
    return this.bytes.subarray(start, start + length);
  }

  /** Skips a field's value by its wire type (ONNX uses no groups: wire types 3 and 4 are refused). */
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.take(8);
    else if (wireType === 2) this.take(this.varint());
    else if (wireType === 5) this.take(4);
    else throw new Error(`invalid wire type ${wireType} at offset ${this.pos}`);
  }

  private take(length: number): number {
    const start = this.pos;
    if (start + length > this.end) throw new RangeError(`index out of range: ${start} + ${length} > ${this.end}`);
    this.pos = start + length;
    return start;
  }
}
