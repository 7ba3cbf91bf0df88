import { createHash } from 'node:crypto';
import type { ConvertCheckpoint, ConvertOptions } from '@swsl/core';

/**
 * THE CONVERTER INJECTION POINT of these tests: a stand-in for `@swsl/convert`'s `convertCheckpoint` that records
 * what it was given and returns recognizable bytes (`onnx:<sha256 of the checkpoint>:<dtype>`). Real conversion
 * is covered by @swsl/convert's own tests.
 */
export function recordingConverter(): {
  convert: ConvertCheckpoint;
  calls: { sha256: string; bytes: number; options: ConvertOptions }[];
} {
  const calls: { sha256: string; bytes: number; options: ConvertOptions }[] = [];
  const convert: ConvertCheckpoint = async (bytes, options) => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    calls.push({ sha256, bytes: bytes.byteLength, options });
    options.onProgress?.({ step: 'recorded' });
    return { onnx: fakeOnnx(sha256, options.dtype ?? 'fp32'), arch: options.arch ?? 'auto', info: {} };
  };
  return { convert, calls };
}

export function fakeOnnx(checkpointSha256: string, dtype: string): Uint8Array {
  return new TextEncoder().encode(`onnx:${checkpointSha256}:${dtype}`);
}
