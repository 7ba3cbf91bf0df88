import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What one answer does wrong. Requests take the faults of the script in order; once it is used up, every answer is
 * correct (the whole file, or the range asked for).
 * - `cut`: sends `after` bytes of the body, then closes the connection (the body is short of its Content-Length);
 * - `stall`: sends `after` bytes, then nothing, keeping the connection open (until the client gives up, or `ms`);
 * - `drip`: the whole body, `chunk` bytes every `delayMs` (slow but alive: must not be taken for a stall);
 * - `status`: answers `status` (429, 503 …) with an optional `Retry-After` and no body;
 * - `lie`: says `Content-Length: length` (or for a range, a `Content-Range` starting at `rangeStart`) but sends the
 *   real bytes.
 */
export type Fault =
  | { readonly kind: 'cut'; readonly after: number }
  | { readonly kind: 'stall'; readonly after: number; readonly ms?: number }
  | { readonly kind: 'drip'; readonly chunk: number; readonly delayMs: number }
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  | { readonly kind: 'lie'; readonly length?: number; readonly rangeStart?: number };

export interface FaultRequest {
  readonly path: string;
  readonly range: string | undefined;
  readonly at: number;
  /** The fault applied to this request, if any. */
  readonly fault?: Fault['kind'];
}

export interface FaultServer {
  /** `http://127.0.0.1:<port>/`; every path serves the same bytes. */
  readonly url: string;
  readonly requests: FaultRequest[];
  close(): Promise<void>;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Range, Content-Length, Accept-Ranges, Retry-After',
  'Cross-Origin-Resource-Policy': 'cross-origin',
} as const;

/**
 * A download server on 127.0.0.1 that misbehaves as scripted (cuts, stalls, drips, lies, busy statuses), for the
 * model store's tests in Node and in the browser (CORS and CORP included). It serves `bytes` at every path with HTTP
 * Range support and stops by itself when closed.
 */
export async function startFaultServer(bytes: Uint8Array, script: readonly Fault[]): Promise<FaultServer> {
  const requests: FaultRequest[] = [];
  const faults = [...script];
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...CORS, 'Access-Control-Allow-Headers': 'Range' }).end();
      return;
    }
    const fault = faults.shift();
    requests.push({
      path: req.url ?? '/',
      range: req.headers.range,
      at: Date.now(),
      ...(fault ? { fault: fault.kind } : {}),
    });
    open.add(res);
    res.on('close', () => open.delete(res));
    answerWithFault(req, res, bytes, fault, CORS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Answers a GET of `bytes` (with HTTP Range) as `fault` says; without a fault, correctly. Shared by this server and
 * the imitation hub's CDN.
 */
export function answerWithFault(
  req: IncomingMessage,
  res: ServerResponse,
  bytes: Uint8Array,
  fault: Fault | undefined,
  headers: Readonly<Record<string, string>>,
): void {
  if (fault?.kind === 'status') {
    res.writeHead(fault.status, { ...headers, ...(fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {}) }).end();
    return;
  }
  const total = bytes.byteLength;
  const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
  if (start >= total && start > 0) {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${total}` }).end();
    return;
  }
  const body = bytes.subarray(start);
  const claimedStart = fault?.kind === 'lie' && fault.rangeStart !== undefined ? fault.rangeStart : start;
  const claimedLength = fault?.kind === 'lie' && fault.length !== undefined ? fault.length : body.byteLength;
  res.writeHead(start > 0 ? 206 : 200, {
    ...headers,
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(claimedLength),
    'Accept-Ranges': 'bytes',
    ...(start > 0 ? { 'Content-Range': `bytes ${claimedStart}-${total - 1}/${total}` } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
  } else if (fault?.kind === 'cut') {
    res.write(body.subarray(0, fault.after), () => setTimeout(() => res.socket?.end(), 50));
  } else if (fault?.kind === 'stall') {
    res.write(body.subarray(0, fault.after));
    if (fault.ms !== undefined) setTimeout(() => res.destroy(), fault.ms);
  } else if (fault?.kind === 'lie' && fault.length !== undefined && fault.length < body.byteLength) {
    res.end(body.subarray(0, fault.length));
  } else if (fault?.kind === 'drip') {
    void drip(res, body, fault.chunk, fault.delayMs);
  } else {
    res.end(body);
  }
}

async function drip(res: ServerResponse, body: Uint8Array, chunk: number, delayMs: number): Promise<void> {
  for (let offset = 0; offset < body.byteLength; offset += chunk) {
    if (res.destroyed) return;
    res.write(body.subarray(offset, offset + chunk));
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  res.end();
}
