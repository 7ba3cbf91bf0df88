import type { Ort } from './ort.js';

/** The part of WebGPU's `GPUAdapter` we read (TypeScript's DOM lib has no WebGPU types). */
export interface GpuAdapterLike {
  readonly features: { has(feature: string): boolean };
  readonly info?: {
    vendor?: string;
    architecture?: string;
    device?: string;
    description?: string;
    /** Newer browsers report it here… */
    isFallbackAdapter?: boolean;
  };
  /** …older ones on the adapter (deprecated there). */
  readonly isFallbackAdapter?: boolean;
}

export type WebGpuProbe =
  | { readonly adapter: GpuAdapterLike }
  | { readonly adapter?: undefined; readonly reason: string };

/**
 * The adapter onnxruntime-web will run on: the one it already holds (its `env.webgpu.adapter` becomes fixed once its
 * WebGPU backend has started), else a fresh `navigator.gpu.requestAdapter()`, which is then handed to onnxruntime so
 * that the adapter we checked for `shader-f16` is the one that runs the model.
 */
export async function probeWebGpu(ort: Ort): Promise<WebGpuProbe> {
  const held = ort.env.webgpu.adapter as GpuAdapterLike | undefined;
  if (held) return { adapter: held };
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } } | undefined)?.gpu;
  if (!gpu) return { reason: 'navigator.gpu is missing: this browser or context has no WebGPU' };
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    return { reason: `requestAdapter() failed: ${(error as Error).message}` };
  }
  if (!adapter) return { reason: 'navigator.gpu.requestAdapter() found no adapter' };
  const descriptor = Object.getOwnPropertyDescriptor(ort.env.webgpu, 'adapter');
  if (descriptor?.writable !== false) (ort.env.webgpu as { adapter: unknown }).adapter = adapter;
  return { adapter };
}

export function hasShaderF16(probe: WebGpuProbe): boolean {
  return probe.adapter?.features.has('shader-f16') === true;
}

/** "vendor architecture description", for `info.adapter` (SwiftShader says `google swiftshader …`). */
export function describeAdapter(adapter: GpuAdapterLike): string {
  const i = adapter.info ?? {};
  return [i.vendor, i.architecture, i.device, i.description].filter((s) => s).join(' ') || 'unknown adapter';
}

/** Software rasterisers that implement WebGPU on the CPU (Chromium's SwiftShader, Mesa's llvmpipe and
 * lavapipe, Windows' WARP = "Microsoft Basic Render Driver"). */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render/i;

/**
 * Why `adapter` is a software (CPU) implementation, or `undefined` for real hardware. On one, a resnet18 inference
 * takes 36–41 s (SwiftShader, measured) against ≈ 1 s on WASM, so `device: 'auto'` must not pick it.
 */
export function softwareAdapterReason(adapter: GpuAdapterLike): string | undefined {
  if (adapter.info?.isFallbackAdapter === true || adapter.isFallbackAdapter === true) {
    return `the adapter (${describeAdapter(adapter)}) is a fallback adapter`;
  }
  const i = adapter.info ?? {};
  const named = [i.vendor, i.architecture, i.device, i.description].find((s) => s && SOFTWARE.test(s));
  return named ? `the adapter (${describeAdapter(adapter)}) is a software renderer` : undefined;
}
