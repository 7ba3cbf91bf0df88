/**
 * @swsl/convert/node — the converter on files in Node: a checkpoint read from disk, its ONNX written next to it.
 *
 * @packageDocumentation
 */
export { type ConvertFileOptions, convertFile } from './convert-file.js';
export { type FileSource, openFileSource } from './file-source.js';
