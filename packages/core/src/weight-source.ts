import {
  HF_ENDPOINT_DEFAULT,
  hubModelInfoUrl,
  hubResolveUrl,
  type Origin,
  SOURCE_CHOICES,
  type SourceChoice,
} from '@swsl/registry';
import { checkpointKey, hubCheckpointKey } from './cache-keys.js';
import { WeightSourceError } from './store-errors.js';
import { type StoreVariant, weightsUrl } from './store-variant.js';
import type { ExpectedHash } from './verify.js';

export { type Origin, SOURCE_CHOICES, type SourceChoice };

/** One place a variant's checkpoint can be downloaded from, and what the download must hash to. */
export interface WeightSource {
  readonly origin: Origin;
  /** The URL requested for the bytes (the hub's resolve URL, which redirects to its CDN). */
  readonly url: string;
  /** Storage key of the checkpoint. */
  readonly key: string;
  /** The file name, for messages. */
  readonly fileName: string;
  /** Known before downloading (the registry's hash for Facebook's files); the hub's comes from the hub itself. */
  readonly expected?: ExpectedHash;
  /** The hub's model-info URL, which lists the file's sha256 where a platform hides redirect headers (browsers). */
  readonly infoUrl?: string;
  readonly hubFile?: string;
}

export interface SourceSettings {
  readonly source?: SourceChoice;
  /** Mirror of Facebook's file names (`SWSL_WEIGHTS_BASE_URL`). */
  readonly baseUrl?: string;
  /** The hub (`HF_ENDPOINT`); default `https://huggingface.co`. */
  readonly hfEndpoint?: string;
}

/** The sources to try for `variant`, in order. */
export function weightSources(variant: StoreVariant, settings: SourceSettings): WeightSource[] {
  const choice = settings.source ?? 'auto';
  const sources: WeightSource[] = [];
  if (choice !== 'hf') {
    sources.push({
      origin: 'fb',
      url: weightsUrl(variant, settings.baseUrl),
      key: checkpointKey(variant),
      fileName: variant.weights.fileName,
      expected: variant.weights,
    });
  }
  if (choice !== 'fb' && variant.hub) {
    const endpoint = settings.hfEndpoint || HF_ENDPOINT_DEFAULT;
    sources.push({
      origin: 'hf',
      url: hubResolveUrl(endpoint, variant.hub),
      key: hubCheckpointKey(variant.hub),
      fileName: `${variant.hub.repo}/${variant.hub.file}`,
      infoUrl: hubModelInfoUrl(endpoint, variant.hub),
      hubFile: variant.hub.file,
    });
  }
  if (sources.length === 0) throw new WeightSourceError(variant.name, choice);
  return sources;
}

/** `SWSL_SOURCE` / `--source`: `auto`, `fb` or `hf` (anything else is a typed error naming the choices). */
export function parseSourceChoice(value: string | undefined, from = 'SWSL_SOURCE'): SourceChoice | undefined {
  if (value === undefined || value === '') return undefined;
  const choice = value.toLowerCase() as SourceChoice;
  if (!SOURCE_CHOICES.includes(choice)) throw new WeightSourceError(undefined, value, from);
  return choice;
}
