// The Open Inference Protocol's tensors (KServe/Triton "v2"), in JSON and in the binary-tensor extension: a request
// body is a JSON header of `Inference-Header-Content-Length` bytes followed by the raw inputs in order; BYTES
// elements are each a 4-byte little-endian length and the bytes.
import { badRequest, badTensor } from '../errors.js';

export interface V2Input {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: string;
  readonly parameters?: { readonly binary_data_size?: number } & Record<string, unknown>;
  readonly data?: unknown;
}

export interface V2OutputRequest {
  readonly name: string;
  readonly parameters?: { readonly binary_data?: boolean; readonly classification?: number } & Record<string, unknown>;
}

export interface V2Request {
  readonly id?: string;
  readonly parameters?: { readonly binary_data_output?: boolean } & Record<string, unknown>;
  readonly inputs: readonly V2Input[];
  readonly outputs?: readonly V2OutputRequest[];
}

/** An input with its values: floats for FP32, one byte string per element for BYTES. */
export type DecodedInput =
  | { readonly name: string; readonly datatype: 'FP32'; readonly shape: readonly number[]; readonly data: Float32Array }
  | {
      readonly name: string;
      readonly datatype: 'BYTES';
      readonly shape: readonly number[];
      readonly data: Uint8Array[];
    };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const elements = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

/** A request body (parsed JSON, or raw bytes of the binary extension) → the request and its inputs' values. */
export function readInferRequest(
  body: unknown,
  headerLength: number | undefined,
): {
  request: V2Request;
  inputs: DecodedInput[];
} {
  let header: unknown;
  let binary: Buffer | undefined;
  if (headerLength !== undefined) {
    if (!Buffer.isBuffer(body)) throw badRequest('Inference-Header-Content-Length given, but the body is not binary');
    if (!Number.isInteger(headerLength) || headerLength < 0 || headerLength > body.length) {
      throw badRequest(`Inference-Header-Content-Length ${headerLength} is outside the body (${body.length} bytes)`);
    }
    header = parseJson(body.subarray(0, headerLength));
    binary = body.subarray(headerLength);
  } else header = Buffer.isBuffer(body) ? parseJson(body) : body;
  const request = checkRequest(header);
  let offset = 0;
  const inputs = request.inputs.map((input) => {
    const size = input.parameters?.binary_data_size;
    if (size === undefined) return fromJson(input);
    if (!binary) throw badRequest(`input "${input.name}": binary_data_size without Inference-Header-Content-Length`);
    if (!Number.isInteger(size) || size < 0 || offset + size > binary.length) {
      throw badRequest(`input "${input.name}": binary_data_size ${size} runs past the body`);
    }
    const bytes = binary.subarray(offset, offset + size);
    offset += size;
    return fromBinary(input, bytes);
  });
  if (binary && offset !== binary.length) {
    throw badRequest(`the body has ${binary.length - offset} bytes after the inputs' binary data`);
  }
  return { request, inputs };
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw badRequest(`the request's JSON does not parse: ${(error as Error).message}`);
  }
}

function checkRequest(value: unknown): V2Request {
  if (!isObject(value)) throw badRequest('the request must be a JSON object with "inputs"');
  const { inputs, outputs } = value;
  if (!Array.isArray(inputs) || inputs.length === 0) throw badRequest('"inputs" must be a non-empty array');
  for (const [i, input] of inputs.entries()) {
    if (!isObject(input) || typeof input.name !== 'string' || typeof input.datatype !== 'string') {
      throw badRequest(`inputs[${i}] needs "name", "datatype" and "shape"`);
    }
    const { shape } = input;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw badTensor(`input "${input.name}": "shape" must be an array of non-negative integers`);
    }
  }
  if (outputs !== undefined) {
    if (!Array.isArray(outputs)) throw badRequest('"outputs" must be an array');
    for (const [i, o] of outputs.entries()) {
      if (!isObject(o) || typeof o.name !== 'string') throw badRequest(`outputs[${i}] needs a "name"`);
      if (o.parameters !== undefined && !isObject(o.parameters)) {
        throw badRequest(`outputs[${i}].parameters must be an object`);
      }
    }
  }
  if (value.parameters !== undefined && !isObject(value.parameters)) throw badRequest('"parameters" must be an object');
  return value as unknown as V2Request;
}

function fromJson(input: V2Input): DecodedInput {
  const count = elements(input.shape);
  const flat = Array.isArray(input.data) ? (input.data as unknown[]).flat(Number.POSITIVE_INFINITY) : undefined;
  if (!flat) throw badTensor(`input "${input.name}": "data" must be an array (or give binary_data_size)`);
  if (flat.length !== count) {
    throw badTensor(`input "${input.name}": shape [${input.shape}] holds ${count} values, "data" has ${flat.length}`);
  }
  if (input.datatype === 'FP32') {
    if (!flat.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw badTensor(`input "${input.name}": FP32 data must be finite numbers`);
    }
    return { name: input.name, datatype: 'FP32', shape: input.shape, data: Float32Array.from(flat as number[]) };
  }
  if (input.datatype === 'BYTES') {
    // JSON carries bytes as text: an image goes base64-encoded (the binary extension sends it as it is).
    if (!flat.every((v) => typeof v === 'string')) {
      throw badTensor(`input "${input.name}": BYTES data in JSON must be base64 strings`);
    }
    const data = (flat as string[]).map((s) => new Uint8Array(Buffer.from(s, 'base64')));
    return { name: input.name, datatype: 'BYTES', shape: input.shape, data };
  }
  throw badTensor(`input "${input.name}": datatype ${input.datatype} is not served (FP32 or BYTES)`);
}

function fromBinary(input: V2Input, bytes: Buffer): DecodedInput {
  const count = elements(input.shape);
  if (input.datatype === 'FP32') {
    if (bytes.length !== count * 4) {
      throw badTensor(`input "${input.name}": shape [${input.shape}] needs ${count * 4} bytes, got ${bytes.length}`);
    }
    // Copied: the body's bytes need not be 4-byte aligned; little-endian, as the protocol and x86/ARM are.
    const data = new Float32Array(count);
    new Uint8Array(data.buffer).set(bytes);
    return { name: input.name, datatype: 'FP32', shape: input.shape, data };
  }
  if (input.datatype === 'BYTES') {
    const data: Uint8Array[] = [];
    let at = 0;
    while (at < bytes.length) {
      if (at + 4 > bytes.length) throw badTensor(`input "${input.name}": a BYTES element's length is cut off`);
      const length = bytes.readUInt32LE(at);
      at += 4;
      if (at + length > bytes.length) throw badTensor(`input "${input.name}": a BYTES element runs past its data`);
      data.push(new Uint8Array(bytes.subarray(at, at + length)));
      at += length;
    }
    if (data.length !== count) {
      throw badTensor(
        `input "${input.name}": shape [${input.shape}] holds ${count} elements, the data has ${data.length}`,
      );
    }
    return { name: input.name, datatype: 'BYTES', shape: input.shape, data };
  }
  throw badTensor(`input "${input.name}": datatype ${input.datatype} is not served (FP32 or BYTES)`);
}

/** One output of a response: FP32 values or BYTES strings, sent in JSON or as binary. */
export interface V2Output {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: 'FP32' | 'BYTES';
  readonly data: Float32Array | readonly string[];
  readonly binary: boolean;
}

/** The response: JSON alone, or (any binary output) a JSON header followed by the binary outputs in order. */
export function writeInferResponse(
  head: { model_name: string; model_version: string; id?: string },
  outputs: readonly V2Output[],
): { body: Buffer | Record<string, unknown>; headerLength?: number } {
  const chunks: Buffer[] = [];
  const described = outputs.map((o) => {
    const base = { name: o.name, datatype: o.datatype, shape: o.shape };
    if (!o.binary) return { ...base, data: Array.from(o.data as ArrayLike<number | string>) };
    const bytes = o.datatype === 'FP32' ? fp32Bytes(o.data as Float32Array) : bytesElements(o.data as string[]);
    chunks.push(bytes);
    return { ...base, parameters: { binary_data_size: bytes.length } };
  });
  const json = { ...head, outputs: described };
  if (!chunks.length) return { body: json };
  const header = Buffer.from(JSON.stringify(json));
  return { body: Buffer.concat([header, ...chunks]), headerLength: header.length };
}

const fp32Bytes = (data: Float32Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

function bytesElements(values: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  for (const v of values) {
    const bytes = Buffer.from(v, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(bytes.length);
    parts.push(length, bytes);
  }
  return Buffer.concat(parts);
}
