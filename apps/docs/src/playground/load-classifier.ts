import type { WebClassifier, WebProgress } from '@swsl/runtime-web';
import { type DeviceChoice, type DtypeChoice, type ModelChoice, toModelSource } from './model-choice.js';

export interface LoadSettings {
  readonly device: DeviceChoice;
  readonly dtype: DtypeChoice;
  /** Where this site serves onnxruntime-web's .wasm/.mjs files (copied there at build time). */
  readonly wasmPaths: string;
  readonly onProgress: (progress: WebProgress) => void;
}

/** The panel's choice → a ready classifier. runtime-web (and onnxruntime-web) load on first use, not with the page. */
export async function loadClassifier(choice: ModelChoice, settings: LoadSettings): Promise<WebClassifier> {
  const { source, modelBaseUrl } = toModelSource(choice);
  const { createClassifier } = await import('@swsl/runtime-web');
  return createClassifier(source, {
    device: settings.device,
    dtype: settings.dtype,
    wasmPaths: settings.wasmPaths,
    onProgress: settings.onProgress,
    ...(modelBaseUrl ? { modelBaseUrl } : {}),
  });
}

/** `{stage, loaded, total}` → one line for the status bar. */
export function describeProgress(progress: WebProgress): string {
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const amount =
    progress.loaded !== undefined
      ? progress.total
        ? ` ${mb(progress.loaded)} / ${mb(progress.total)}`
        : ` ${mb(progress.loaded)}`
      : '';
  const label = {
    download: 'Downloading the model',
    convert: 'Converting the checkpoint to ONNX (Web Worker)',
    verify: progress.cached ? 'Verifying the cached model (sha256)' : 'Hashing the model (sha256)',
    session: 'Compiling the model for the device',
  }[progress.stage];
  return `${label}${amount}…`;
}
