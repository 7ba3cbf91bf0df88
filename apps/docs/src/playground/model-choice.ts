import type { WebModelSource } from '@swsl/runtime-web';

/** What the user picked in the playground's model panel. */
export type ModelChoice =
  /** A registry variant from the Hugging Face hub (timm's safetensors, converted and cached in this browser). */
  | { readonly kind: 'hub'; readonly variant: string; readonly endpoint: string }
  /** A registry variant from the user's own hosting: `<baseUrl>/<variant>-<dtype>.onnx`. */
  | { readonly kind: 'variant'; readonly variant: string; readonly baseUrl: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'onnx'; readonly file: File }
  | { readonly kind: 'checkpoint'; readonly file: File };

export type DeviceChoice = 'auto' | 'webgpu' | 'wasm';
/**
 * The precisions the playground offers. int8 runs on WASM and is made from the weights in the conversion worker
 * (calibrated on the registry's photos).
 */
export const DTYPE_CHOICES = ['fp32', 'fp16', 'int8'] as const;
export type DtypeChoice = (typeof DTYPE_CHOICES)[number];

/** Thrown for a choice that cannot be loaded at all (no file picked, empty URL): shown like any other error. */
export class IncompleteChoiceError extends Error {
  readonly code = 'E_PLAYGROUND_INPUT';
}

/** runtime-web's model source plus the option that says where a variant name is fetched from. */
export interface ModelSourceOptions {
  readonly source: WebModelSource;
  readonly modelBaseUrl?: string;
  readonly hfEndpoint?: string;
}

/** The panel's choice → runtime-web's model source (+ the base URL or hub endpoint a variant name needs). */
export function toModelSource(choice: ModelChoice): ModelSourceOptions {
  switch (choice.kind) {
    case 'hub':
      return { source: choice.variant, hfEndpoint: choice.endpoint };
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

/** A short name for the model info line. */
export function choiceName(choice: ModelChoice): string {
  if (choice.kind === 'hub' || choice.kind === 'variant') return choice.variant;
  if (choice.kind === 'url') return choice.url;
  return choice.file.name;
}

/**
 * The hub endpoint for this page: `?hfEndpoint=<url>` (a mirror, or the tests' imitation hub), else the default.
 * Only http(s) URLs are taken; anything else falls back to the default rather than fetching from it.
 */
export function hubEndpointFrom(search: string, fallback: string): string {
  const asked = new URLSearchParams(search).get('hfEndpoint');
  if (!asked) return fallback;
  try {
    const url = new URL(asked);
    return url.protocol === 'http:' || url.protocol === 'https:' ? asked.replace(/\/+$/, '') : fallback;
  } catch {
    return fallback;
  }
}
