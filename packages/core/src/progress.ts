import type { Dtype } from './capabilities.js';

/** Progress of a store operation; `stage` tells which. Events of one operation arrive in order. */
export type StoreProgress =
  | {
      readonly stage: 'download';
      readonly variant: string;
      /** `fb`: Facebook's file host (or its mirror); `hf`: the Hugging Face hub. */
      readonly origin: 'fb' | 'hf';
      readonly url: string;
      /** Bytes on disk, including those of a resumed earlier attempt. */
      readonly loaded: number;
      /** From Content-Length / Content-Range; `undefined` when the server does not say. */
      readonly total: number | undefined;
      /** Where this request started (0, or the size of the partial file it resumes). */
      readonly resumedFrom: number;
    }
  | {
      readonly stage: 'retry';
      readonly variant: string;
      readonly url: string;
      /** 1 for the first retry. */
      readonly attempt: number;
      /** How long it waits before the retry (backoff, or the server's Retry-After). */
      readonly waitMs: number;
      /** Why: `connection dropped: …`, `no data for 30 s`, `HTTP 503` … */
      readonly reason: string;
    }
  | { readonly stage: 'verify'; readonly variant: string; readonly location: string }
  | { readonly stage: 'convert'; readonly variant: string; readonly dtype: Dtype; readonly detail: unknown }
  | { readonly stage: 'stored'; readonly variant: string; readonly location: string };

export type OnStoreProgress = (progress: StoreProgress) => void;
