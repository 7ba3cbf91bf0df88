/// <reference lib="dom" />
import { TruncatedImageError } from '../errors.js';
import type { ImageFormat } from '../image-header.js';
import type { RawPixels } from '../pixels.js';

/**
 * JPEG and WebP bytes → RGBA through the browser's own decoders (libjpeg-turbo and libwebp in Chromium), with no
 * colour management (Pillow does none) and no premultiplication.
 * Why WebGL for WebP: a 2D canvas stores premultiplied pixels, so `getImageData` returns (0, 0, 0, 0) under
 * transparent pixels and rounded colours under semi-transparent ones, where Pillow keeps the stored colour (its
 * `convert('RGB')` drops alpha). An `ImageBitmap` made with `premultiplyAlpha: 'none'` still holds the stored
 * values; uploading it to a WebGL texture with UNPACK_PREMULTIPLY_ALPHA off and reading the texture back through a
 * framebuffer returns them untouched. JPEG has no alpha, so it takes the cheaper 2D canvas; where WebGL is missing
 * (or the image exceeds its texture size) WebP falls back to the canvas and only its alpha-covered colours differ.
 */
export async function decodeWithBrowser(bytes: Uint8Array, format: ImageFormat, input: string): Promise<RawPixels> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
  } catch (error) {
    throw new TruncatedImageError(input, `the browser could not decode this ${format}`, { cause: error });
  }
  try {
    return (
      (format === 'webp' ? readThroughWebGl(bitmap) : undefined) ?? drawablePixels(bitmap, bitmap.width, bitmap.height)
    );
  } finally {
    bitmap.close();
  }
}

/** Draws a decoded image onto a 2D canvas and reads its RGBA bytes back (premultiplied storage in between). */
export function drawablePixels(source: CanvasImageSource, width: number, height: number): RawPixels {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true, colorSpace: 'srgb' });
  if (!context) throw new Error('no 2D canvas context available');
  context.drawImage(source, 0, 0);
  const image = context.getImageData(0, 0, width, height);
  return { data: image.data, width, height, channels: 4 };
}

let gl: WebGLRenderingContext | null | undefined;

/** The bitmap's stored RGBA via a WebGL texture, or `undefined` where WebGL cannot do it. */
function readThroughWebGl(bitmap: ImageBitmap): RawPixels | undefined {
  if (gl === undefined) {
    try {
      gl = new OffscreenCanvas(1, 1).getContext('webgl', { premultipliedAlpha: false, antialias: false }) ?? null;
    } catch {
      gl = null;
    }
  }
  if (!gl || gl.isContextLost()) return undefined;
  const { width, height } = bitmap;
  const max = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
  if (width > max || height > max) return undefined;
  const texture = gl.createTexture();
  const framebuffer = gl.createFramebuffer();
  try {
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
    gl.pixelStorei(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL, gl.NONE);
    gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, bitmap);
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
    if (gl.checkFramebufferStatus(gl.FRAMEBUFFER) !== gl.FRAMEBUFFER_COMPLETE) return undefined;
    const data = new Uint8Array(width * height * 4);
    gl.pixelStorei(gl.PACK_ALIGNMENT, 1);
    gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, data);
    if (gl.getError() !== gl.NO_ERROR) return undefined;
    return { data, width, height, channels: 4 };
  } finally {
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.deleteFramebuffer(framebuffer);
    gl.deleteTexture(texture);
  }
}
