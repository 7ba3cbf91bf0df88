export { type ConvertFileOptions, convertFile } from './convert-file.js';
export { type FileSource, openFileSource } from './file-source.js';
