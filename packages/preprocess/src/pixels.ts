import { EmptyImageError, InvalidPixelsError } from './errors.js';

/**
 * The pixel layouts a decoder may hand over, named after Pillow's modes because `convert('RGB')` from each of them
 * is what we reproduce:
 * - `L`, `LA`, `RGB`, `RGBA`, `CMYK`: 8 bits per sample, interleaved.
 * - `P`: 8-bit palette indices plus `palette` (RGB triplets).
 * - `I`: 16-bit grayscale (Pillow's mode for a 16-bit gray PNG), one `Uint16Array` sample per pixel.
 */
export type PixelMode = 'L' | 'LA' | 'RGB' | 'RGBA' | 'CMYK' | 'P' | 'I';

export interface RawPixels {
  data: Uint8Array | Uint8ClampedArray | Uint16Array;
  width: number;
  height: number;
  /** 1–4 samples per pixel; with no `mode`, 1/2/3/4 mean L/LA/RGB/RGBA. */
  channels: number;
  mode?: PixelMode;
  /** RGB triplets, for mode `P`. */
  palette?: Uint8Array;
}

const CHANNELS: Record<PixelMode, number> = { L: 1, LA: 2, RGB: 3, RGBA: 4, CMYK: 4, P: 1, I: 1 };
const DEFAULT_MODE: Record<number, PixelMode> = { 1: 'L', 2: 'LA', 3: 'RGB', 4: 'RGBA' };

/** The mode of `pixels`, after checking that the buffer really holds width × height × channels samples. */
export function checkPixels(pixels: RawPixels, input = '<pixels>'): PixelMode {
  const { width, height, channels, data } = pixels;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new InvalidPixelsError(`width and height must be non-negative integers, got ${width}×${height}`);
  }
  if (width === 0 || height === 0) throw new EmptyImageError(input, width, height);
  const mode = pixels.mode ?? DEFAULT_MODE[channels];
  if (!mode) throw new InvalidPixelsError(`channels must be 1, 2, 3 or 4, got ${channels}`);
  if (CHANNELS[mode] !== channels) {
    throw new InvalidPixelsError(`mode ${mode} has ${CHANNELS[mode]} channels, not ${channels}`);
  }
  if ((mode === 'I') !== data instanceof Uint16Array) {
    throw new InvalidPixelsError(`mode ${mode} needs ${mode === 'I' ? 'a Uint16Array' : '8-bit samples'}`);
  }
  const expected = width * height * channels;
  if (data.length < expected) {
    throw new InvalidPixelsError(
      `${width}×${height}×${channels} needs ${expected} samples, the buffer has ${data.length}`,
    );
  }
  if (mode === 'P' && (!pixels.palette || pixels.palette.length % 3 !== 0)) {
    throw new InvalidPixelsError('mode P needs a palette of RGB triplets');
  }
  return mode;
}
