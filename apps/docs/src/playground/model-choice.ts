import type { WebModelSource } from '@swsl/runtime-web';

/** What the user picked in the playground's model panel. */
export type ModelChoice =
  | { readonly kind: 'variant'; readonly variant: string; readonly baseUrl: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'onnx'; readonly file: File }
  | { readonly kind: 'checkpoint'; readonly file: File };

export type DeviceChoice = 'auto' | 'webgpu' | 'wasm';
export type DtypeChoice = 'fp32' | 'fp16';

/** Thrown for a choice that cannot be loaded at all (no file picked, empty URL): shown like any other error. */
export class IncompleteChoiceError extends Error {
  readonly code = 'E_PLAYGROUND_INPUT';
}

/** The panel's choice → runtime-web's model source (+ the base URL option a variant name needs). */
export function toModelSource(choice: ModelChoice): { source: WebModelSource; modelBaseUrl?: string } {
  switch (choice.kind) {
    case 'variant':
      if (!choice.baseUrl.trim()) {
        throw new IncompleteChoiceError('Set the base URL that serves <variant>-<dtype>.onnx, or load a local file.');
      }
      return { source: choice.variant, modelBaseUrl: choice.baseUrl.trim() };
    case 'url':
      if (!choice.url.trim()) throw new IncompleteChoiceError('Enter the URL of an .onnx file made by `swsl convert`.');
      return { source: { url: choice.url.trim() } };
    case 'onnx':
      return { source: { onnx: choice.file, name: choice.file.name } };
    case 'checkpoint':
      return { source: { checkpoint: choice.file, arch: 'auto', name: choice.file.name } };
  }
}
