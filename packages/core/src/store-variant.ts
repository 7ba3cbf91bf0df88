import type { ArchName, HubFile, Variant } from '@swsl/registry';

/**
 * What the store needs to know about a variant: a `Variant` from `@swsl/registry` fits. Tests and private mirrors
 * can describe their own checkpoints with these few fields (through the store's `resolve` option) without touching
 * the production rows.
 */
export interface StoreVariant {
  readonly name: string;
  /** Passed to the converter; omitted, the converter infers it from the checkpoint. */
  readonly arch?: ArchName;
  readonly weights: Pick<Variant['weights'], 'url' | 'fileName' | 'sha256Prefix' | 'sha256'>;
  /** The same weights on the Hugging Face hub; without it the variant has only Facebook's source. */
  readonly hub?: HubFile;
}

/**
 * The URL to download a variant's checkpoint from: the official one, or `<baseUrl>/<official file name>` when a
 * mirror is configured (`SWSL_WEIGHTS_BASE_URL`). A mirror must serve the same bytes: the same hashes are checked.
 */
export function weightsUrl(variant: StoreVariant, baseUrl?: string): string {
  if (!baseUrl) return variant.weights.url;
  return `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}${encodeURIComponent(variant.weights.fileName)}`;
}
