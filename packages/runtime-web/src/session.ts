import { type Dtype, sessionConfigFor } from '@swsl/core';
import type { InferenceSession } from 'onnxruntime-web';
import { Fp16UnsupportedError, WebGpuUnavailableError } from './errors.js';
import { loadOrt } from './ort.js';
import type { WebWarning } from './progress.js';
import { markWasmStarted } from './wasm-env.js';
import { describeAdapter, hasShaderF16, softwareAdapterReason, type WebGpuProbe } from './webgpu.js';

export type WebDevice = 'auto' | 'webgpu' | 'wasm';

export interface WebSession {
  readonly session: InferenceSession;
  readonly device: 'webgpu' | 'wasm';
  /** WebAssembly threads (the CPU kernels; with WebGPU only the few ops it leaves on the CPU use them). */
  readonly threads: number;
  /** The WebGPU adapter that runs the model. */
  readonly adapter?: string;
}

/**
 * Refuses an fp16 model where it cannot run: onnxruntime-web's WASM kernels have no fp16 convolutions, and WebGPU
 * needs `shader-f16`. Checked before any download (for the dtype asked for) and again for the model's own dtype.
 */
export function assertFp16Runs(model: string, device: WebDevice, probe: WebGpuProbe | undefined): void {
  if (device === 'wasm') throw new Fp16UnsupportedError(model, "device 'wasm' was asked for");
  if (!probe?.adapter) throw new Fp16UnsupportedError(model, `there is no WebGPU (${probe?.reason ?? 'not probed'})`);
  const software = softwareAdapterReason(probe.adapter);
  if (device === 'auto' && software) {
    throw new Fp16UnsupportedError(model, `${software}, which 'auto' does not use (ask for device 'webgpu' to)`);
  }
  if (!hasShaderF16(probe)) {
    throw new Fp16UnsupportedError(model, `the adapter (${describeAdapter(probe.adapter)}) lacks it`);
  }
}

function firstLine(error: unknown): string {
  return ((error as Error)?.message ?? String(error)).split('\n')[0] ?? 'unknown error';
}

/**
 * A session on the device that really works: `webgpu` when an adapter exists and the session creates (for `auto`,
 * else WASM with one warning; for `webgpu`, else `E_WEBGPU_UNAVAILABLE`), `wasm` otherwise. `auto` never takes a
 * software adapter (SwiftShader, llvmpipe …: ≈ 30× slower than WASM); only an explicit `webgpu` does.
 */
export async function createWebSession(
  model: Uint8Array,
  options: {
    device: WebDevice;
    probe: WebGpuProbe | undefined;
    onWarning: (w: WebWarning) => void;
    dtype?: Dtype;
  },
): Promise<WebSession> {
  const ort = await loadOrt();
  const common: InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    ...sessionConfigFor(options.dtype ?? 'fp32'),
  };
  const { device, probe } = options;
  const software = probe?.adapter && softwareAdapterReason(probe.adapter);
  if (device === 'webgpu' || (device === 'auto' && !software)) {
    if (probe?.adapter) {
      try {
        const session = await ort.InferenceSession.create(model, { ...common, executionProviders: ['webgpu'] });
        return { session, device: 'webgpu', threads: markWasmStarted(ort), adapter: describeAdapter(probe.adapter) };
      } catch (error) {
        if (device === 'webgpu') {
          throw new WebGpuUnavailableError(`the WebGPU session failed: ${firstLine(error)}`, { cause: error });
        }
        options.onWarning({
          code: 'E_WEBGPU_UNAVAILABLE',
          message: `WebGPU session failed (${firstLine(error)}); running on WASM.`,
        });
      }
    } else if (device === 'webgpu') {
      throw new WebGpuUnavailableError(probe?.reason ?? 'not probed');
    }
  }
  const session = await ort.InferenceSession.create(model, { ...common, executionProviders: ['wasm'] });
  return { session, device: 'wasm', threads: markWasmStarted(ort) };
}
