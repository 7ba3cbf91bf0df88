import type { AbortSignalLike, Hasher, PartialFile, StoreCapabilities } from './capabilities.js';
import { parseContentRange, parseUnsatisfiedRange } from './content-range.js';
import { AbortedError, ChecksumError, DownloadError, HttpStatusError, NetworkError } from './store-errors.js';
import { describeExpected, type ExpectedHash, hashMatches } from './verify.js';

export interface DownloadRequest {
  readonly url: string;
  /** Storage key the verified file is committed to. */
  readonly key: string;
  readonly fileName: string;
  readonly expected: ExpectedHash;
  /** How many times a dropped connection is resumed within this call before giving up (the part is kept). */
  readonly maxRetries: number;
  /** The file's size when known before the request (the hub's `X-Linked-Size`): reserved before any byte arrives. */
  readonly size?: number;
  readonly signal?: AbortSignalLike;
  readonly onProgress?: (loaded: number, total: number | undefined, resumedFrom: number) => void;
}

/**
 * The partial file and the sha256 of what it holds, kept in step: every appended chunk is hashed as it arrives, so
 * the finished download is verified without reading it back.
 */
interface HashedPart {
  readonly part: PartialFile;
  hasher: Hasher;
  reserved: boolean;
}

/** Result of one HTTP request: whether the partial file now holds the whole file, or must be asked for again. */
type Attempt = 'complete' | 'again';

/**
 * Downloads `url` into `key`, resuming a partial file left by an earlier run with an HTTP Range request, then
 * hashes it and commits it atomically. On a hash mismatch nothing is kept. The caller holds the lock on `key`.
 */
export async function downloadVerified(caps: StoreCapabilities, request: DownloadRequest): Promise<string> {
  const { storage } = caps;
  const location = storage.locate(request.key);
  const part = await storage.openPartial(request.key);
  let ended = false;
  try {
    // The bytes kept by an earlier run are hashed once, here; everything after is hashed as it streams in.
    const hashed: HashedPart = { part, hasher: await caps.createHasher(), reserved: false };
    if (part.size() > 0) for await (const chunk of part.read()) hashed.hasher.update(chunk);
    if (request.size !== undefined && request.size > part.size()) {
      await storage.reserve?.(request.size - part.size(), request.key);
      hashed.reserved = true;
    }
    let failures = 0;
    let restarts = 0;
    for (;;) {
      const outcome = await attempt(caps, request, location, hashed).catch(async (error: unknown) => {
        if (request.signal?.aborted) throw new AbortedError(request.url, part.size());
        if (!(error instanceof DroppedConnection)) throw error;
        failures += 1;
        if (failures > request.maxRetries) throw new NetworkError(request.url, location, error.cause, part.size());
        return 'again' as const;
      });
      if (outcome === 'complete') break;
      if (outcome === 'restart') {
        // Bounded: a server that keeps contradicting our ranges would otherwise loop forever.
        restarts += 1;
        if (restarts > 2)
          throw new DownloadError(request.url, 'the server answers range requests inconsistently', location);
        await restartPart(caps, hashed);
      }
    }

    const digest = hashed.hasher.digest();
    if (!hashMatches(digest, request.expected)) {
      ended = true;
      await part.discard();
      throw new ChecksumError(request.url, request.fileName, describeExpected(request.expected), digest);
    }
    ended = true;
    await part.commit();
    return digest;
  } finally {
    // An empty part (the request failed before any byte arrived) is litter, not progress worth resuming.
    if (!ended) await (part.size() === 0 ? part.discard() : part.close());
  }
}

/** A connection that failed after the request was accepted: worth resuming. */
class DroppedConnection extends Error {
  constructor(override readonly cause: unknown) {
    super('connection dropped');
  }
}

async function restartPart(caps: StoreCapabilities, hashed: HashedPart): Promise<void> {
  await hashed.part.truncate();
  hashed.hasher = await caps.createHasher();
}

async function attempt(
  caps: StoreCapabilities,
  request: DownloadRequest,
  location: string,
  hashed: HashedPart,
): Promise<Attempt | 'restart'> {
  const { part } = hashed;
  const start = part.size();
  const headers: Record<string, string> = start > 0 ? { Range: `bytes=${start}-` } : {};
  let response: Awaited<ReturnType<StoreCapabilities['fetch']>>;
  try {
    // Redirects are followed: the hub's resolve URL is asked again on every attempt, so an expired CDN URL from an
    // earlier attempt never matters.
    response = await caps.fetch(request.url, {
      headers,
      redirect: 'follow',
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (cause) {
    // No answer at all (refused, DNS, TLS): retrying at once rarely helps, so report it.
    throw new NetworkError(request.url, location, cause, start);
  }

  let total: number | undefined;
  if (response.status === 416 && start > 0) {
    // Our part is at least as long as the file: complete if exactly as long (the hash decides), else start over.
    await response.body?.getReader().cancel();
    return parseUnsatisfiedRange(response.headers.get('content-range')) === start ? 'complete' : 'restart';
  }
  if (response.status === 206) {
    const range = parseContentRange(response.headers.get('content-range'));
    if (!range || range.start !== start) {
      await response.body?.getReader().cancel();
      return 'restart';
    }
    total = range.total;
  } else if (response.status === 200) {
    if (start > 0) await restartPart(caps, hashed); // the server ignored Range and sends the whole file
    const length = response.headers.get('content-length');
    total = length === null ? undefined : Number(length);
  } else {
    await response.body?.getReader().cancel();
    throw new HttpStatusError(request.url, response.status, response.statusText, location);
  }
  if (!response.body) throw new DownloadError(request.url, `HTTP ${response.status} without a body`, location);
  if (!hashed.reserved && total !== undefined && total > part.size()) {
    try {
      await caps.storage.reserve?.(total - part.size(), request.key);
    } catch (error) {
      await response.body.getReader().cancel();
      throw error;
    }
    hashed.reserved = true;
  }

  const resumedFrom = part.size();
  request.onProgress?.(resumedFrom, total, resumedFrom);
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value && value.byteLength > 0) {
        await part.append(value);
        hashed.hasher.update(value);
        request.onProgress?.(part.size(), total, resumedFrom);
      }
    }
  } catch (cause) {
    throw new DroppedConnection(cause);
  }
  if (total !== undefined && part.size() < total) {
    throw new DroppedConnection(new Error(`the server sent ${part.size()} of ${total} bytes`));
  }
  if (total !== undefined && part.size() > total) return 'restart';
  return 'complete';
}
