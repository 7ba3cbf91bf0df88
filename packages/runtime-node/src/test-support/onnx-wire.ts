/**
 * Just enough of protobuf's wire format to look inside an ONNX file in tests, without a protobuf library: walk a
 * message's fields, list a graph's node types, expose more tensors as graph outputs.
 * ModelProto.graph = field 7; GraphProto.node = 1, .output = 12; NodeProto.op_type = 4; ValueInfoProto.name = 1,
 * .type = 2; TypeProto.tensor_type = 1; TypeProto.Tensor.elem_type = 1.
 */
interface Field {
  readonly field: number;
  /** The whole field, tag included. */
  readonly start: number;
  readonly end: number;
  /** Length-delimited fields: where the payload starts. */
  readonly payload?: number;
}

function readVarint(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    const b = bytes[at++] as number;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, at];
    scale *= 128;
  }
}

function* fields(bytes: Uint8Array): Generator<Field> {
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    const [tag, next] = readVarint(bytes, at);
    at = next;
    const wire = tag % 8;
    if (wire === 0) {
      at = readVarint(bytes, at)[1];
      yield { field: Math.floor(tag / 8), start, end: at };
    } else if (wire === 2) {
      const [length, payload] = readVarint(bytes, at);
      at = payload + length;
      yield { field: Math.floor(tag / 8), start, end: at, payload };
    } else if (wire === 1 || wire === 5) {
      at += wire === 1 ? 8 : 4;
      yield { field: Math.floor(tag / 8), start, end: at };
    } else {
      throw new Error(`unsupported protobuf wire type ${wire}`);
    }
  }
}

const payloadOf = (bytes: Uint8Array, f: Field) => bytes.subarray(f.payload, f.end);

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function message(field: number, payload: readonly number[] | Uint8Array): number[] {
  return [...varint(field * 8 + 2), ...varint(payload.length), ...payload];
}

function graphField(model: Uint8Array): Field {
  const graph = [...fields(model)].find((f) => f.field === 7);
  if (!graph) throw new Error('not an ONNX model (no graph)');
  return graph;
}

/** The op type of every node of the model's graph, in order. */
export function nodeOpTypes(model: Uint8Array): string[] {
  const graph = payloadOf(model, graphField(model));
  const decoder = new TextDecoder();
  return [...fields(graph)]
    .filter((f) => f.field === 1)
    .map((node) => {
      const body = payloadOf(graph, node);
      const op = [...fields(body)].find((f) => f.field === 4);
      return op ? decoder.decode(payloadOf(body, op)) : '';
    });
}

/** The model with `names` (tensors of element type `elemType`, shape unstated) added to its graph's outputs. */
export function withGraphOutputs(model: Uint8Array, names: readonly string[], elemType: number): Uint8Array {
  const graph = graphField(model);
  const encoder = new TextEncoder();
  const outputs = names.flatMap((name) =>
    message(12, [...message(1, encoder.encode(name)), ...message(2, message(1, [8, ...varint(elemType)]))]),
  );
  const body = payloadOf(model, graph);
  const head = [...varint(7 * 8 + 2), ...varint(body.length + outputs.length)];
  const parts = [model.subarray(0, graph.start), head, body, outputs, model.subarray(graph.end)];
  return new Uint8Array(Buffer.concat(parts.map((p) => Uint8Array.from(p))));
}
