import type { AbortSignalLike, FetchLike, FetchResponse } from './capabilities.js';
import { HttpStatusError, HubIntegrityError, NetworkError } from './store-errors.js';
import { clearTimeout, linkedController, setTimeout } from './timers.js';

export interface HubIntegrity {
  /** The file's sha256, as the hub publishes it for LFS files. */
  readonly sha256: string;
  /** `X-Linked-Size` (or the API's size), when given: lets the store check the quota before downloading. */
  readonly size?: number;
}

export interface HubFileRequest {
  readonly resolveUrl: string;
  readonly infoUrl: string;
  /** The file's name in the repository (`model.safetensors`), to find it in the model-info listing. */
  readonly file: string;
  /** Where the file will be stored, for messages. */
  readonly location: string;
  readonly signal?: AbortSignalLike;
  /** A hub that does not answer within this long is a network error, not a hang (default 30 s). */
  readonly timeoutMs?: number;
}

declare const TextDecoder: new () => { decode(bytes: Uint8Array): string };

const SHA256 = /^[0-9a-f]{64}$/;

/** `"<sha256>"` or `W/"<sha256>"` → the hex digest; anything else (a git blob's sha1) → undefined. */
export function sha256FromEtag(etag: string | null): string | undefined {
  const value = etag
    ?.trim()
    .replace(/^W\//i, '')
    .replace(/^"(.*)"$/, '$1')
    .toLowerCase();
  return value && SHA256.test(value) ? value : undefined;
}

/**
 * What the file's sha256 must be, asked of the hub before any byte is downloaded, as `huggingface_hub` does: the
 * resolve URL requested with `redirect: 'manual'` answers a redirect carrying `X-Linked-Etag` (the LFS sha256) and
 * `X-Linked-Size`. A browser hides a redirect's headers (`opaqueredirect`); there the hub's model-info API, which
 * lists every file with its LFS sha256, says the same.
 */
export async function hubIntegrity(fetch: FetchLike, request: HubFileRequest): Promise<HubIntegrity> {
  const response = await get(fetch, request.resolveUrl, request, 'manual');
  await response.body?.getReader().cancel();
  if (response.type === 'opaqueredirect' || response.status === 0) return fromModelInfo(fetch, request);
  if (response.status >= 400) {
    throw new HttpStatusError(request.resolveUrl, response.status, response.statusText, request.location);
  }
  const etag = response.headers.get('x-linked-etag') ?? response.headers.get('etag');
  const sha256 = sha256FromEtag(etag);
  if (!sha256) {
    const said = etag ? `its ETag ${etag} is not a sha256` : 'it sent no X-Linked-Etag';
    throw new HubIntegrityError(request.resolveUrl, said, request.location);
  }
  const size = Number(response.headers.get('x-linked-size') ?? Number.NaN);
  return Number.isSafeInteger(size) && size > 0 ? { sha256, size } : { sha256 };
}

interface ModelInfo {
  siblings?: { rfilename?: string; size?: number; lfs?: { sha256?: string; size?: number } }[];
}

async function fromModelInfo(fetch: FetchLike, request: HubFileRequest): Promise<HubIntegrity> {
  const response = await get(fetch, request.infoUrl, request, 'follow');
  if (response.status !== 200) {
    await response.body?.getReader().cancel();
    throw new HttpStatusError(request.infoUrl, response.status, response.statusText, request.location);
  }
  let info: ModelInfo;
  try {
    info = JSON.parse(new TextDecoder().decode(await readAll(response))) as ModelInfo;
  } catch (cause) {
    throw new HubIntegrityError(request.infoUrl, `its answer is not JSON (${String(cause)})`, request.location);
  }
  const sibling = info.siblings?.find((s) => s.rfilename === request.file);
  const sha256 = sha256FromEtag(sibling?.lfs?.sha256 ?? null);
  if (!sha256) {
    throw new HubIntegrityError(request.infoUrl, `it lists no LFS sha256 for ${request.file}`, request.location);
  }
  const size = sibling?.lfs?.size ?? sibling?.size;
  return size && Number.isSafeInteger(size) ? { sha256, size } : { sha256 };
}

async function get(
  fetch: FetchLike,
  url: string,
  request: HubFileRequest,
  redirect: 'manual' | 'follow',
): Promise<FetchResponse> {
  const controller = linkedController(request.signal);
  const timeoutMs = request.timeoutMs ?? 30_000;
  const timer = setTimeout(() => controller.abort(new Error(`no answer in ${timeoutMs / 1000} s`)), timeoutMs);
  try {
    return await fetch(url, { headers: {}, redirect, signal: controller.signal });
  } catch (cause) {
    const timedOut = !request.signal?.aborted && controller.signal.aborted;
    throw new NetworkError(url, request.location, timedOut ? new Error(`no answer in ${timeoutMs / 1000} s`) : cause);
  } finally {
    clearTimeout(timer);
    controller.release();
  }
}

async function readAll(response: FetchResponse): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = response.body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    if (next.value) chunks.push(next.value);
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
