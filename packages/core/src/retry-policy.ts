/**
 * How a download copes with an unreliable network. Every failure that a later attempt may get past — a connection
 * dropped mid-file, a stall, a reset, `429 Too Many Requests`, a `5xx` — is retried with HTTP Range from what was
 * kept, after an exponential backoff with full jitter (or the server's `Retry-After`), up to `maxRetries` times in one
 * call. "No network" (DNS fails, nothing listens) fails at once: waiting seconds for it helps nobody.
 */
export interface RetryPolicy {
  /** Retries within one call (default 4); the partial file is kept after the last, so running again resumes. */
  readonly maxRetries: number;
  /** The first backoff; each retry doubles it, and a random part of it is waited (full jitter). Default 500 ms. */
  readonly baseDelayMs: number;
  /** The longest wait before a retry, `Retry-After` included (default 30 s); a longer `Retry-After` fails at once. */
  readonly maxDelayMs: number;
  /** No byte (or no answer) for this long → the request is abandoned and retried from where it stopped (30 s). */
  readonly idleTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  idleTimeoutMs: 30_000,
};

/** HTTP answers worth another try: the server is busy or failing for now. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** Connection failures that say "nothing to reach": DNS or a refused port. Anything else is a transient failure. */
const NO_NETWORK = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Node's fetch hides the system error on `cause` (`TypeError: fetch failed` → `Error: connect ECONNREFUSED`). */
export function isNoNetwork(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && NO_NETWORK.has(e.code)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** Full-jitter exponential backoff for the `retry`-th retry (1-based). */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(random() * ceiling);
}

/** `Retry-After: <seconds>` or `Retry-After: <HTTP date>` → milliseconds from `now`; undefined when absent or bad. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
