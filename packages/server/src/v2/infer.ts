import type { ImageOutputs } from '@swsl/core';
import { badRequest, badTensor } from '../errors.js';
import { runImages, runRows } from '../run-images.js';
import type { ServedModel } from '../served-model.js';
import {
  type DecodedInput,
  readInferRequest,
  type V2Output,
  type V2OutputRequest,
  writeInferResponse,
} from './tensors.js';

/** The model's v2 inputs: a preprocessed FP32 tensor, or encoded image files decoded here (Pillow-exact). */
export const INPUT_TENSOR = 'input';
export const INPUT_IMAGES = 'image';
export const OUTPUT_NAMES = ['logits', 'features'] as const;

/** `POST /v2/models/{name}/infer`: the request body (JSON, or the binary extension's bytes) → the response body. */
export async function infer(
  model: ServedModel,
  body: unknown,
  headerLength: number | undefined,
  deadlineMs: number,
): Promise<{ body: Buffer | Record<string, unknown>; headerLength?: number }> {
  const { request, inputs } = readInferRequest(body, headerLength);
  if (inputs.length !== 1) {
    throw badRequest(
      `give exactly one input: "${INPUT_IMAGES}" (BYTES) or "${INPUT_TENSOR}" (FP32); got ${inputs.length}`,
    );
  }
  const outputs = await run(model, inputs[0] as DecodedInput, deadlineMs);
  const binaryAll = request.parameters?.binary_data_output === true;
  const wanted: readonly V2OutputRequest[] = request.outputs?.length
    ? request.outputs
    : OUTPUT_NAMES.map((name) => ({ name }));
  const built = wanted.map((o) => output(model, o, outputs, binaryAll || o.parameters?.binary_data === true));
  return writeInferResponse(
    { model_name: model.name, model_version: '1', ...(request.id !== undefined ? { id: String(request.id) } : {}) },
    built,
  );
}

async function run(model: ServedModel, input: DecodedInput, deadlineMs: number): Promise<ImageOutputs[]> {
  if (input.name === INPUT_IMAGES) {
    if (input.datatype !== 'BYTES') throw badTensor(`input "${INPUT_IMAGES}" must be BYTES (encoded image files)`);
    if (input.shape.length !== 1 || input.data.length === 0) {
      throw badTensor(`input "${INPUT_IMAGES}" must have shape [N], N ≥ 1; got [${input.shape}]`);
    }
    const images = input.data.map((bytes, i) => ({ name: `${INPUT_IMAGES}[${i}]`, bytes }));
    return runImages(model, images, deadlineMs);
  }
  if (input.name === INPUT_TENSOR) {
    const c = model.crop;
    if (input.datatype !== 'FP32') throw badTensor(`input "${INPUT_TENSOR}" must be FP32`);
    const [n = 0, ...rest] = input.shape;
    if (input.shape.length !== 4 || n < 1 || rest.join() !== `3,${c},${c}`) {
      throw badTensor(`input "${INPUT_TENSOR}" must have shape [N,3,${c},${c}], N ≥ 1; got [${input.shape}]`);
    }
    return runRows(model, input.data, n, deadlineMs);
  }
  throw badRequest(
    `unknown input "${input.name}": this model takes "${INPUT_IMAGES}" (BYTES) or "${INPUT_TENSOR}" (FP32)`,
  );
}

function output(
  model: ServedModel,
  request: V2OutputRequest,
  outputs: readonly ImageOutputs[],
  binary: boolean,
): V2Output {
  const n = outputs.length;
  const k = request.parameters?.classification;
  if (k !== undefined) {
    const classes = model.classifier.info.numClasses;
    if (request.name !== 'logits') throw badRequest(`classification applies to "logits", not "${request.name}"`);
    if (!Number.isInteger(k) || k < 1 || k > classes) throw badRequest(`classification must be 1…${classes}; got ${k}`);
    // Triton's classification extension: "score:index:label", best first; the score is the softmax probability.
    const data = outputs.flatMap((o) =>
      model.classifier.rank(o.logits, k).map((p) => `${p.probability}:${p.index}:${p.name}`),
    );
    return { name: request.name, datatype: 'BYTES', shape: [n, k], data, binary };
  }
  if (request.name !== 'logits' && request.name !== 'features') {
    throw badRequest(`unknown output "${request.name}": outputs are ${OUTPUT_NAMES.join(', ')}`);
  }
  const rows = outputs.map((o) => o[request.name as 'logits' | 'features']);
  const width = rows[0]?.length ?? 0;
  const data = new Float32Array(n * width);
  for (const [i, row] of rows.entries()) data.set(row, i * width);
  return { name: request.name, datatype: 'FP32', shape: [n, width], data, binary };
}

/** `GET /v2/models/{name}`: what it takes and gives. */
export function modelMetadata(model: ServedModel) {
  const c = model.crop;
  return {
    name: model.name,
    versions: ['1'],
    platform: 'onnxruntime_onnx',
    inputs: [
      { name: INPUT_IMAGES, datatype: 'BYTES', shape: [-1] },
      { name: INPUT_TENSOR, datatype: 'FP32', shape: [-1, 3, c, c] },
    ],
    outputs: [
      { name: 'logits', datatype: 'FP32', shape: [-1, model.classifier.info.numClasses] },
      { name: 'features', datatype: 'FP32', shape: [-1, model.featureSize] },
    ],
  };
}
