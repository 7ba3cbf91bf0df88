// A separate process pulling one variant, for the cross-process lock test: `node --import tsx pull-child.ts <json>`.
// Prints one JSON line: what it got and whether it converted (i.e. did the work) itself.
import { createHash } from 'node:crypto';
import type { StoreVariant } from '@swsl/core';
import { createNodeModelStore } from '../node-model-store.js';
import { recordingConverter } from './recording-converter.js';

const { cacheDir, baseUrl, variant } = JSON.parse(process.argv[2] ?? '{}') as {
  cacheDir: string;
  baseUrl: string;
  variant: StoreVariant;
};
const converter = recordingConverter();
const store = createNodeModelStore({ cacheDir, baseUrl, convert: converter.convert, resolve: () => variant, env: {} });
const model = await store.loadOnnx(variant.name);
process.stdout.write(
  `${JSON.stringify({
    onnxSha256: createHash('sha256').update(model.onnx).digest('hex'),
    converted: converter.calls.length,
    cached: model.cached,
  })}\n`,
);
