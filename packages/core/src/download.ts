import type { AbortSignalLike, Hasher, PartialFile, StoreCapabilities } from './capabilities.js';
import { parseContentRange, parseUnsatisfiedRange } from './content-range.js';
import { backoffMs, isNoNetwork, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry-policy.js';
import { AbortedError, ChecksumError, DownloadError, HttpStatusError, NetworkError } from './store-errors.js';
import { clearTimeout, linkedController, setTimeout, sleep } from './timers.js';
import { describeExpected, type ExpectedHash, hashMatches } from './verify.js';

export interface DownloadRequest {
  readonly url: string;
  /** Storage key the verified file is committed to. */
  readonly key: string;
  readonly fileName: string;
  readonly expected: ExpectedHash;
  /** Retries, backoff and the idle timeout (see `RetryPolicy`). */
  readonly retry: RetryPolicy;
  /** The file's size when known before the request (the hub's `X-Linked-Size`): reserved before any byte arrives. */
  readonly size?: number;
  readonly signal?: AbortSignalLike;
  readonly onProgress?: (loaded: number, total: number | undefined, resumedFrom: number) => void;
  /** Told before each retry: why, and how long it waits first. */
  readonly onRetry?: (retry: { readonly attempt: number; readonly waitMs: number; readonly reason: string }) => void;
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

/** Result of one HTTP request: the partial file holds the whole file, or it must start over from byte 0. */
type Attempt = 'complete' | 'restart';

/**
 * A request that failed in a way a later one may not: a dropped or stalled connection, a reset, a busy or failing
 * server. The part is kept; the next attempt resumes it with Range.
 */
class RetryableFailure extends Error {
  constructor(
    readonly reason: string,
    override readonly cause: unknown,
    /** The server's `Retry-After`, which replaces the backoff. */
    readonly waitMs?: number,
    readonly http?: { readonly status: number; readonly statusText: string },
  ) {
    super(reason);
  }

  /** The error to report once retrying is over. */
  final(url: string, location: string, bytesKept: number): Error {
    if (this.http) return new HttpStatusError(url, this.http.status, this.http.statusText, location);
    return new NetworkError(url, location, this.cause ?? new Error(this.reason), bytesKept);
  }
}

/**
 * Downloads `url` into `key`, resuming a partial file left by an earlier run with an HTTP Range request, then
 * hashes it and commits it atomically. On a hash mismatch nothing is kept. The caller holds the lock on `key`.
 * Transient failures are retried as `request.retry` says; a stalled connection is abandoned after its idle timeout.
 * Returns the sha256 and the size of the committed file.
 */
export async function downloadVerified(
  caps: StoreCapabilities,
  request: DownloadRequest,
): Promise<{ readonly sha256: string; readonly bytes: number }> {
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
    let retries = 0;
    let restarts = 0;
    for (;;) {
      let outcome: Attempt;
      try {
        outcome = await attempt(caps, request, location, hashed);
      } catch (error) {
        if (request.signal?.aborted) throw new AbortedError(request.url, part.size());
        if (!(error instanceof RetryableFailure)) throw error;
        retries += 1;
        const policy = request.retry;
        if (retries > policy.maxRetries || (error.waitMs ?? 0) > policy.maxDelayMs) {
          throw error.final(request.url, location, part.size());
        }
        const waitMs = error.waitMs ?? backoffMs(policy, retries);
        request.onRetry?.({ attempt: retries, waitMs, reason: error.reason });
        await sleep(waitMs, request.signal);
        if (request.signal?.aborted) throw new AbortedError(request.url, part.size());
        continue;
      }
      if (outcome === 'complete') break;
      // Bounded: a server that keeps contradicting our ranges would otherwise loop forever.
      restarts += 1;
      if (restarts > 2)
        throw new DownloadError(request.url, 'the server answers range requests inconsistently', location);
      await restartPart(caps, hashed);
    }

    const digest = hashed.hasher.digest();
    if (!hashMatches(digest, request.expected)) {
      ended = true;
      await part.discard();
      throw new ChecksumError(request.url, request.fileName, describeExpected(request.expected), digest);
    }
    ended = true;
    const bytes = part.size();
    await part.commit();
    return { sha256: digest, bytes };
  } finally {
    // An empty part (the request failed before any byte arrived) is litter, not progress worth resuming.
    if (!ended) await (part.size() === 0 ? part.discard() : part.close());
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
): Promise<Attempt> {
  const { part } = hashed;
  const start = part.size();
  const headers: Record<string, string> = start > 0 ? { Range: `bytes=${start}-` } : {};
  const idleMs = request.retry.idleTimeoutMs;
  // Our own controller, so a stall can be abandoned without cancelling the caller's signal.
  const controller = linkedController(request.signal);
  let stalled = false;
  let timer: unknown;
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort(new Error(`no data for ${idleMs / 1000} s`));
    }, idleMs);
  };
  const stall = (cause: unknown) => new RetryableFailure(`no data for ${idleMs / 1000} s`, cause);
  try {
    rearm();
    let response: Awaited<ReturnType<StoreCapabilities['fetch']>>;
    try {
      // Redirects are followed: the hub's resolve URL is asked again on every attempt, so an expired CDN URL from an
      // earlier attempt never matters.
      response = await caps.fetch(request.url, { headers, redirect: 'follow', signal: controller.signal });
    } catch (cause) {
      if (request.signal?.aborted) throw cause;
      if (stalled) throw stall(cause);
      if (isNoNetwork(cause)) throw new NetworkError(request.url, location, cause, start);
      throw new RetryableFailure(describeFailure(cause), cause);
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
      if (isRetryableStatus(response.status)) {
        const http = { status: response.status, statusText: response.statusText };
        const waitMs = parseRetryAfter(response.headers.get('retry-after'));
        throw new RetryableFailure(`HTTP ${response.status}`, undefined, waitMs, http);
      }
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
        rearm();
        const { done, value } = await reader.read();
        if (done) break;
        if (value && value.byteLength > 0) {
          await part.append(value);
          hashed.hasher.update(value);
          request.onProgress?.(part.size(), total, resumedFrom);
        }
      }
    } catch (cause) {
      if (request.signal?.aborted) throw cause;
      throw stalled ? stall(cause) : new RetryableFailure(`connection dropped: ${describeFailure(cause)}`, cause);
    }
    if (total !== undefined && part.size() < total) {
      throw new RetryableFailure(`the server sent ${part.size()} of ${total} bytes`, undefined);
    }
    if (total !== undefined && part.size() > total) return 'restart';
    return 'complete';
  } finally {
    clearTimeout(timer);
    controller.release();
  }
}

function describeFailure(cause: unknown): string {
  const inner = (cause as { cause?: { message?: string } })?.cause?.message;
  return `${(cause as Error)?.message ?? String(cause)}${inner ? `: ${inner}` : ''}`;
}
