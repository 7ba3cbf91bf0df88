import type { Dtype } from '@swsl/core';
import type * as ort from 'onnxruntime-node';
import { openSession } from './open-session.js';
import { hasWebGpuPackage, listWebGpuAdapters, type WebGpuAdapterInfo } from './webgpu-adapters.js';
import { Fp16UnsupportedError, WebGpuUnavailableError } from './webgpu-errors.js';

export interface WebGpuSession {
  readonly session: ort.InferenceSession;
  /** The adapter's description, when the `webgpu` package could describe it. */
  readonly adapter?: string;
}

interface WebGpuRequest {
  readonly model: Uint8Array | string;
  readonly common: ort.InferenceSession.SessionOptions;
  readonly name: string;
  readonly dtype: Dtype;
}

/** onnxruntime's own words, minus the source path it prefixes: "No supported adapters" says it all. */
function ortReason(error: unknown): string {
  const line = ((error as Error)?.message ?? String(error)).split('\n')[0] ?? 'unknown error';
  if (/No supported adapters/i.test(line)) return "onnxruntime's WebGPU provider found no adapter";
  return `the WebGPU session failed: ${line.replace(/^\/\S+:\d+ /, '')}`;
}

function create(request: WebGpuRequest): Promise<ort.InferenceSession> {
  // The Dawn onnxruntime-node bundles takes the high-performance adapter, the first one listWebGpuAdapters returns.
  return openSession(request.model, { ...request.common, executionProviders: ['webgpu'] });
}

/**
 * `device: 'webgpu'`, asked for explicitly: any adapter, software ones (SwiftShader, lavapipe) included. With the
 * optional `webgpu` package the adapter is checked first (none → `E_WEBGPU_UNAVAILABLE`, fp16 without `shader-f16`
 * → `E_FP16_UNSUPPORTED`) and described in `info.adapter`; without it, onnxruntime is simply asked, and its "no
 * adapter" becomes the same typed error.
 */
export async function createExplicitWebGpuSession(request: WebGpuRequest): Promise<WebGpuSession> {
  let adapter: WebGpuAdapterInfo | undefined;
  // A probe that cannot run at all (Dawn for Node failing to load here) leaves the question to onnxruntime.
  const probe = hasWebGpuPackage() ? await listWebGpuAdapters().catch(() => undefined) : undefined;
  if (probe) {
    adapter = probe.adapters[0];
    if (!adapter) {
      const rejected = probe.diagnostics.join('; ');
      throw new WebGpuUnavailableError(
        `Dawn found no WebGPU adapter${rejected ? ` (it rejected a Vulkan driver: ${rejected})` : ''}`,
      );
    }
  }
  if (request.dtype === 'fp16' && adapter && !adapter.features.includes('shader-f16')) {
    throw new Fp16UnsupportedError(request.name, `the adapter (${adapter.label}) lacks it`);
  }
  try {
    const session = await create(request);
    return { session, ...(adapter ? { adapter: adapter.label } : {}) };
  } catch (error) {
    throw new WebGpuUnavailableError(ortReason(error), { cause: error });
  }
}

/**
 * `auto`'s WebGPU step: only a hardware adapter (a software one is ≈ 30–100× slower than the CPU provider), only when
 * the optional `webgpu` package can say which adapter it is, fp16 only with `shader-f16`. `undefined` means "use the
 * CPU": silently when there is no such adapter, with one warning when there is and its session fails.
 */
export async function createAutoWebGpuSession(
  request: WebGpuRequest,
  onWarning?: (message: string) => void,
): Promise<WebGpuSession | undefined> {
  if (!hasWebGpuPackage()) return undefined;
  let first: WebGpuAdapterInfo | undefined;
  try {
    first = (await listWebGpuAdapters()).adapters[0];
  } catch {
    return undefined;
  }
  if (!first || first.software) return undefined;
  if (request.dtype === 'fp16' && !first.features.includes('shader-f16')) return undefined;
  try {
    return { session: await create(request), adapter: first.label };
  } catch (error) {
    onWarning?.(
      `WebGPU adapter ${first.label} found but its session failed (${ortReason(error)}); running on CPU. ` +
        'Choose the cpu device to skip the attempt.',
    );
    return undefined;
  }
}
