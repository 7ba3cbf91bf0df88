import type { Prediction } from '@swsl/core';
import { SwslError } from '@swsl/registry';
import type { NodeImageInput, PipelinedClassifier, StreamResult } from '@swsl/runtime-node';
import { fetchInput } from './fetch-input.js';
import type { Entry, JobSpec } from './job-spec.js';

export type RankedPrediction = Prediction & { readonly rank: number };
export interface RowError {
  readonly code: string;
  readonly message: string;
}

/**
 * One input's result as stored in Redis, keyed by the input (`file`: a path or URL). classify: the rows of
 * `swsl classify --jsonl`; eval: the same with the input's `label`; embed: the feature vector, float32
 * little-endian in base64 (a third of JSON's size); or the input's error, as those commands report it.
 */
export type Row =
  | { readonly file: string; readonly label?: number; readonly predictions: readonly RankedPrediction[] }
  | { readonly file: string; readonly features: string }
  | { readonly file: string; readonly label?: number; readonly error: RowError };

export const isErrorRow = (row: Row): row is Extract<Row, { error: RowError }> => 'error' in row;

const URL_PATTERN = /^https?:\/\//i;
const FETCH_CONCURRENCY = 8;

const encodeFeatures = (features: Float32Array) =>
  Buffer.from(features.buffer, features.byteOffset, features.byteLength).toString('base64');

export function decodeFeatures(base64: string): Float32Array {
  // A copy: a Buffer's offset in its pool is not always 4-byte aligned.
  return new Float32Array(new Uint8Array(Buffer.from(base64, 'base64')).buffer);
}

function l2Normalize(features: Float32Array): Float32Array {
  let sum = 0;
  for (const v of features) sum += v * v;
  return sum > 0 ? features.map((v) => v / Math.sqrt(sum)) : features;
}

/** http(s) inputs fetched (a few at a time); a failure is that input's error, never the chunk's. */
async function fetchAll(entries: readonly Entry[]): Promise<(NodeImageInput | RowError)[]> {
  const out: (NodeImageInput | RowError)[] = entries.map((e) => e.input);
  const urls = entries.flatMap((e, i) => (URL_PATTERN.test(e.input) ? [i] : []));
  const next = async (): Promise<void> => {
    const i = urls.shift();
    if (i === undefined) return;
    try {
      out[i] = await fetchInput(entries[i]!.input);
    } catch (error) {
      const e = error as SwslError;
      out[i] = { code: e.code ?? 'E_FETCH', message: e.message };
    }
    return next();
  };
  await Promise.all(Array.from({ length: FETCH_CONCURRENCY }, next));
  return out;
}

const isRowError = (x: NodeImageInput | RowError): x is RowError =>
  typeof x === 'object' && x !== null && 'code' in x && 'message' in x;

/**
 * A chunk's entries → one row per entry, in order, on the pipelined path `swsl classify` uses (decoding in worker
 * threads overlapped with inference): rows are what `swsl classify` / `embed` would print for the same files. An
 * input that cannot be fetched or decoded is an error row: a bad file is a result, not a reason to retry the chunk.
 * A failing model or decode thread is not one input's fault: it throws, and the chunk is retried.
 * `beforeBatch` runs before each batch's inputs are handed to the decoder.
 */
export async function* chunkRows(
  classifier: PipelinedClassifier,
  spec: JobSpec,
  entries: readonly Entry[],
  batch: number,
  beforeBatch: (slice: readonly Entry[]) => Promise<void>,
): AsyncGenerator<Row> {
  const inputs = await fetchAll(entries);
  const ready = inputs.flatMap((x, i) => (isRowError(x) ? [] : [i]));
  async function* feed(): AsyncGenerator<NodeImageInput> {
    for (let j = 0; j < ready.length; j++) {
      if (j % batch === 0) await beforeBatch(ready.slice(j, j + batch).map((i) => entries[i]!));
      yield inputs[ready[j]!] as NodeImageInput;
    }
  }
  const embed = spec.task === 'embed';
  const topK = embed ? 0 : spec.task === 'eval' ? Math.max(5, spec.topK) : spec.topK;
  const labelOf = (entry: Entry) => (entry.label === undefined ? {} : { label: entry.label });
  const failedRow = (i: number): Row => ({
    file: entries[i]!.input,
    ...labelOf(entries[i]!),
    error: inputs[i] as RowError,
  });
  const toRow = (entry: Entry, result: StreamResult): Row => {
    if ('error' in result) {
      if (result.error.code === 'E_DECODE_WORKER') throw new SwslError(result.error.code, result.error.message);
      return { file: entry.input, ...labelOf(entry), error: result.error };
    }
    if (embed) {
      const features = result.features!;
      return { file: entry.input, features: encodeFeatures(spec.normalize ? l2Normalize(features) : features) };
    }
    return {
      file: entry.input,
      ...labelOf(entry),
      predictions: result.predictions.map((p, rank) => ({ rank: rank + 1, ...p })),
    };
  };
  let next = 0;
  for await (const result of classifier.stream(feed(), { topK, features: embed })) {
    const i = ready[result.index]!;
    while (next < i) yield failedRow(next++);
    yield toRow(entries[i]!, result);
    next = i + 1;
  }
  while (next < entries.length) yield failedRow(next++);
}
