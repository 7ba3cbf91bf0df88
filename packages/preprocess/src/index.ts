/**
 * @swsl/preprocess — platform-neutral core: pixels → Pillow-exact RGB, resize, center crop, normalized NCHW.
 * Decoding bytes lives behind `@swsl/preprocess/node` (sharp) and `@swsl/preprocess/browser` (the browser's own
 * decoders), so a browser bundle of this entry never pulls in a native module.
 *
 * @packageDocumentation
 */
export { decodeBmp } from './bmp-decoder.js';
export {
  EmptyImageError,
  ImageTooLargeError,
  InvalidPixelsError,
  InvalidSpecError,
  NotAnImageError,
  TruncatedImageError,
  UnsupportedFormatError,
} from './errors.js';
export { centerCropAxis, resizedSize, roundHalfEven } from './geometry.js';
export { IMAGE_FILE_NAME } from './image-files.js';
export { DEFAULT_MAX_PIXELS, type ImageFormat, type ImageHeader, readImageHeader } from './image-header.js';
export { normalizationTables } from './normalize.js';
export { encodeNpy } from './npy.js';
export type { PixelMode, RawPixels } from './pixels.js';
export {
  cropPixels,
  type PixelOptions,
  type PreprocessedBatch,
  preprocessPixels,
  preprocessPixelsBatch,
  TensorBatch,
} from './preprocess.js';
export { resizeCrop } from './resize-crop.js';
export { resolveSpec } from './spec.js';
export { toRgb } from './to-rgb.js';
