/**
 * `@swsl/convert/metadata`: what a converted model says about itself (`metadata_props`), without the converter. The
 * main entry re-exports the converter too (zip reader, inflate, protobuf); a bundler that splits code by module keeps
 * all of it next to whoever imports that entry, so a page's main thread imports this one instead.
 *
 * @packageDocumentation
 */

export { describeNonOnnx } from '../file-kind.js';
export { InvalidModelError } from '../invalid-model.js';
export { type ModelLabel, readOnnxMetadata, type SwslModelMetadata } from '../onnx-metadata.js';
