import { backoffMs, DEFAULT_RETRY_POLICY, isRetryableStatus } from '@swsl/core';
import { SwslError } from '@swsl/registry';

/** Images larger than this are refused before they are read whole (a worker's memory is shared by a batch). */
const MAX_IMAGE_BYTES = 256 * 1024 * 1024;
const TIMEOUT_MS = 30_000;
const TRIES = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An http(s) input's bytes. Busy or failing servers (429, 5xx) and dropped connections are retried here, a few times
 * with backoff; what still fails becomes the input's error row (`E_FETCH`), never a retry of the whole chunk.
 */
export async function fetchInput(url: string): Promise<Uint8Array> {
  let last = '';
  for (let attempt = 0; attempt < TRIES; attempt++) {
    if (attempt) await sleep(backoffMs(DEFAULT_RETRY_POLICY, attempt));
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
      if (!response.ok) {
        last = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
        await response.body?.cancel();
        if (isRetryableStatus(response.status)) continue;
        break;
      }
      const declared = Number(response.headers.get('content-length') ?? 0);
      if (declared > MAX_IMAGE_BYTES) {
        await response.body?.cancel();
        last = `${declared} bytes, more than the ${MAX_IMAGE_BYTES} an input may have`;
        break;
      }
      return new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      last = cause ?? (error as Error).message;
    }
  }
  throw new SwslError('E_FETCH', `${url}: ${last}`);
}
