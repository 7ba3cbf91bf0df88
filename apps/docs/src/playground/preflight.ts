import { SwslError } from '@swsl/registry';
import type { DeviceChoice } from './model-choice.js';

/** A load the browser cannot run, found before anything is downloaded. */
export class PreflightError extends SwslError {}

interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

/**
 * What can be known before a download, checked before it: WebGPU chosen explicitly needs an adapter here (`auto`
 * falls back to WASM by itself). fp16 is refused up front by runtime-web, and the storage quota before the download
 * starts; the adapter was only found missing after the weights were downloaded and converted.
 */
export async function checkBeforeDownload(
  device: DeviceChoice,
  gpu: GpuLike | undefined = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu,
): Promise<void> {
  if (device !== 'webgpu') return;
  if (!gpu) {
    throw new PreflightError('E_WEBGPU_UNAVAILABLE', 'navigator.gpu is missing: this browser exposes no WebGPU here.');
  }
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) {
    throw new PreflightError('E_WEBGPU_UNAVAILABLE', 'navigator.gpu.requestAdapter() gave no adapter.');
  }
}
