// Load with autocannon (its programmatic API): POST /v1/models/{name}/classify, one photo per request, the photos
// rotating per connection, for a fixed duration, against 127.0.0.1 only.
import autocannon from 'autocannon';
import { clientPhotos, type LatencySummary, latencySummary } from './numbers.js';

export interface Photo {
  readonly name: string;
  readonly bytes: Buffer;
}

export interface LoadOptions {
  /** The server's base URL (`http://127.0.0.1:<port>`). */
  readonly url: string;
  readonly model: string;
  readonly photos: readonly Photo[];
  readonly connections: number;
  readonly seconds: number;
  /** Requests per second over all connections (open-loop); none: each connection sends as soon as it is answered. */
  readonly overallRate?: number;
  /** How long a request may wait for its answer before autocannon gives up on it (its default: 10 s). */
  readonly timeoutSeconds?: number;
  /** Every response's status and whether it carried `Retry-After` (the overload checks every 503). */
  readonly checkHeaders?: boolean;
}

export interface LoadResult {
  readonly seconds: number;
  /** Requests sent (autocannon's count, including the ones cut off at the end). */
  readonly sent: number;
  readonly answered: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly statusCodes: Record<string, number>;
  /** Connection errors, timeouts included. */
  readonly errors: number;
  readonly timeouts: number;
  /** 2xx answers per second: each request carries one image. */
  readonly imagesPerSecond: number;
  /** Latency of the 2xx answers, ms. */
  readonly latencyMs: LatencySummary | null;
  /** With `checkHeaders`: 503 answers without a `Retry-After` header. */
  readonly status503WithoutRetryAfter?: number;
}

export function classifyPath(model: string): string {
  return `/v1/models/${encodeURIComponent(model)}/classify`;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`load goes to 127.0.0.1 only, not ${url.hostname}`);
  const path = classifyPath(options.model);
  let missingRetryAfter = 0;
  const onResponse = options.checkHeaders
    ? (status: number, _body: string, _context: object, headers: Record<string, unknown> | undefined) => {
        if (status !== 503) return;
        const has = Object.keys(headers ?? {}).some((k) => k.toLowerCase() === 'retry-after');
        if (!has) missingRetryAfter++;
      }
    : undefined;
  const request = (p: Photo) => ({
    method: 'POST' as const,
    path,
    headers: { 'content-type': 'image/jpeg' },
    body: p.bytes,
    ...(onResponse ? { onResponse } : {}),
  });
  let nextClient = 0;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: url.origin,
        connections: options.connections,
        duration: options.seconds,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
        ...(options.timeoutSeconds ? { timeout: options.timeoutSeconds } : {}),
        // A placeholder: every connection deep-copies these, so each gets its own (rotated) photos in setupClient.
        requests: [request(options.photos[0] as Photo)],
        setupClient: (client) => {
          const mine = clientPhotos(nextClient++, options.photos.length, options.connections);
          client.setRequests(mine.map((i) => request(options.photos[i] as Photo)));
        },
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  const answered = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    seconds: result.duration,
    sent: result.requests.sent,
    answered,
    ok: result['2xx'],
    non2xx: result.non2xx,
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    imagesPerSecond: result['2xx'] / result.duration,
    latencyMs: latencySummary(latencies),
    ...(options.checkHeaders ? { status503WithoutRetryAfter: missingRetryAfter } : {}),
  };
}
