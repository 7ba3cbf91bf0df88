import { SwslError } from '@swsl/registry';
import { webGpuFix } from './webgpu-adapters.js';

/** `device: 'webgpu'` was asked for, but Dawn finds no adapter or onnxruntime's WebGPU session does not create. */
export class WebGpuUnavailableError extends SwslError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(
      'E_WEBGPU_UNAVAILABLE',
      `WebGPU is not available to onnxruntime-node (${reason}). Use device 'auto' or 'cpu', or ${webGpuFix()}.`,
      options,
    );
  }
}

/** An fp16 model on an adapter without `shader-f16` (the same code as the browser runtime's). */
export class Fp16UnsupportedError extends SwslError {
  constructor(model: string, reason: string) {
    super(
      'E_FP16_UNSUPPORTED',
      `${model}: fp16 on WebGPU needs the adapter feature 'shader-f16', but ${reason}. Use dtype 'fp32' (same ` +
        'answers), or the cpu device.',
    );
  }
}
