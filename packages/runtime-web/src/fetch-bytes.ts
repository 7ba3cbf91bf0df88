import { AbortedError, isAbort, WebHttpError, WebNetworkError } from './errors.js';
import type { WebProgress } from './progress.js';

/**
 * Downloads `url` into one buffer, reporting `download` progress per chunk (`total` from Content-Length when the
 * server sends one). The buffer is allocated once when the length is known, so a 400 MB model is not copied twice.
 */
export async function fetchBytes(
  url: string,
  onProgress?: (p: WebProgress) => void,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, signal ? { signal } : {});
  } catch (error) {
    throw isAbort(error, signal) ? new AbortedError(url, { cause: error }) : new WebNetworkError(url, error);
  }
  if (!response.ok) throw new WebHttpError(url, response.status, response.statusText);
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  onProgress?.({ stage: 'download', loaded: 0, ...(total ? { total } : {}) });
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress?.({ stage: 'download', loaded: bytes.length, total: bytes.length });
    return bytes;
  }
  const reader = response.body.getReader();
  let buffer = new Uint8Array(total ?? 1 << 20);
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (loaded + value.length > buffer.length) {
        // Unknown (or wrong) length: grow geometrically.
        const grown = new Uint8Array(Math.max(buffer.length * 2, loaded + value.length));
        grown.set(buffer.subarray(0, loaded));
        buffer = grown;
      }
      buffer.set(value, loaded);
      loaded += value.length;
      onProgress?.({ stage: 'download', loaded, ...(total ? { total } : {}) });
    }
  } catch (error) {
    throw isAbort(error, signal) ? new AbortedError(url, { cause: error }) : new WebNetworkError(url, error);
  }
  return loaded === buffer.length ? buffer : buffer.slice(0, loaded);
}
