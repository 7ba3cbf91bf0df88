import { SwslError } from '@swsl/registry';

/**
 * One class per way an image can fail, each with a stable `code`. Messages name the input (a file name or
 * "<bytes>") so a batch failure says which image broke, and what to do about it.
 */

/** Empty input, or bytes that match no known image signature (text, a PDF, random data). */
export class NotAnImageError extends SwslError {
  constructor(input: string, detail: string) {
    super('E_NOT_AN_IMAGE', `${input} is not an image (${detail}); pass JPEG, PNG, BMP, TIFF, GIF or WebP bytes`);
  }
}

/** A recognised image container whose variant or pixel format this decoder cannot read. */
export class UnsupportedFormatError extends SwslError {
  constructor(input: string, format: string, detail: string) {
    super(
      'E_UNSUPPORTED_FORMAT',
      `${input}: ${format} is not supported here (${detail}); convert it to PNG or JPEG first`,
    );
  }
}

/** The header promised more data than the bytes hold, or the compressed stream is cut or corrupt. */
export class TruncatedImageError extends SwslError {
  constructor(input: string, detail: string, options?: { cause?: unknown }) {
    super('E_TRUNCATED_IMAGE', `${input} is truncated or corrupt (${detail}); re-download or re-export it`, options);
  }
}

/** More pixels than the limit, found from the header before anything is decoded or allocated. */
export class ImageTooLargeError extends SwslError {
  readonly width: number;
  readonly height: number;
  readonly limit: number;

  constructor(input: string, width: number, height: number, limit: number) {
    super(
      'E_IMAGE_TOO_LARGE',
      `${input} is ${width}×${height} = ${width * height} pixels, over the limit of ${limit} ` +
        "(a guard against decompression bombs, like Pillow's MAX_IMAGE_PIXELS); raise `maxPixels` if you trust it",
    );
    this.width = width;
    this.height = height;
    this.limit = limit;
  }
}

/** A header (or raw pixels) declaring a width or height of 0. */
export class EmptyImageError extends SwslError {
  constructor(input: string, width: number, height: number) {
    super('E_EMPTY_IMAGE', `${input} has zero size (${width}×${height}); there are no pixels to classify`);
  }
}

/** Raw pixels whose buffer does not match the declared width × height × channels, or an unknown mode. */
export class InvalidPixelsError extends SwslError {
  constructor(detail: string) {
    super('E_INVALID_PIXELS', `invalid raw pixels: ${detail}`);
  }
}

/** A preprocessing spec that cannot describe a tensor (non-positive sizes, zero std, unknown interpolation). */
export class InvalidSpecError extends SwslError {
  constructor(detail: string) {
    super('E_INVALID_SPEC', `invalid preprocessing spec: ${detail}; start from IMAGENET_EVAL_PREPROCESSING`);
  }
}
