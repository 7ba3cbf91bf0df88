import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerWithFault, type Fault } from './fault-server.js';

/** One file of the imitation hub and how it misbehaves. */
export interface HubFileScript {
  readonly bytes: Uint8Array;
  /** File name inside the repository (default `model.safetensors`). */
  readonly file?: string;
  /** What `X-Linked-Etag` and the API say the sha256 is (default: the bytes' real sha256). */
  claimedSha256?: string;
  /** The CDN flips one byte in the middle of what it sends (bytes damaged in storage or transit). */
  corrupt?: boolean;
  /** The first `times` CDN answers send `after` bytes of their body, then drop the connection. */
  cuts?: { after: number; times: number };
  /** Every resolve request is answered with this status and no redirect (404, 500 …). */
  status?: number;
  /** The CDN sends the body in `chunkSize` pieces with `delayMs` between them (a slow link a test can interrupt). */
  throttle?: { readonly chunkSize: number; readonly delayMs: number };
  /** The next CDN answers misbehave as these say (stalls, busy statuses, lies …; see the fault server), in order. */
  faults?: Fault[];
}

export interface HubRequest {
  /** `hub`: resolve requests; `cdn`: byte requests on the second origin; `api`: model-info requests. */
  readonly origin: 'hub' | 'cdn' | 'api';
  readonly method: string;
  readonly path: string;
  readonly range: string | undefined;
  /** The status the server answered. */
  status?: number;
}

export interface HubServer {
  /** `http://127.0.0.1:<port>`: what `HF_ENDPOINT` / `hfEndpoint` is set to. */
  readonly endpoint: string;
  /** The second origin the resolve URLs redirect to (the hub's CDN). */
  readonly cdnOrigin: string;
  readonly requests: HubRequest[];
  close(): Promise<void>;
}

export interface HubServerOptions {
  /** By repository id (`timm/resnet18.fb_swsl_ig1b_ft_in1k`). */
  readonly files: Readonly<Record<string, HubFileScript>>;
  /** How long a redirect target stays valid (default 30 s); each target is also good for one request only. */
  readonly tokenTtlMs?: number;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers':
    'X-Linked-Etag, X-Linked-Size, X-Repo-Commit, ETag, Content-Range, Content-Length, Accept-Ranges, Location',
  // A cross-origin isolated page (COEP require-corp) may read these too.
  'Cross-Origin-Resource-Policy': 'cross-origin',
} as const;

const RESOLVE = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/;
const API = /^\/api\/models\/([^/]+\/[^/]+)\/revision\/([^/]+)$/;

/**
 * An imitation of the Hugging Face hub on 127.0.0.1, as real as the tests need: `/<repo>/resolve/<rev>/<file>`
 * answers `302` to a second origin (the CDN, another port) with a one-time, expiring URL, and carries the file's
 * sha256 in `X-Linked-Etag` and its size in `X-Linked-Size`; the CDN serves the bytes with CORS, CORP and HTTP Range;
 * `/api/models/<repo>/revision/<rev>?blobs=true` lists the files with their LFS sha256. Faults are scripted per file.
 */
export async function startHubServer(options: HubServerOptions): Promise<HubServer> {
  const requests: HubRequest[] = [];
  const ttl = options.tokenTtlMs ?? 30_000;
  const tokens = new Map<string, { repo: string; expires: number }>();
  const sha256Of = (script: HubFileScript) =>
    script.claimedSha256 ?? createHash('sha256').update(script.bytes).digest('hex');
  const log = (origin: HubRequest['origin'], req: IncomingMessage, path: string): HubRequest => {
    const entry: HubRequest = { origin, method: req.method ?? 'GET', path, range: req.headers.range };
    requests.push(entry);
    return entry;
  };
  const answer = (res: ServerResponse, entry: HubRequest, status: number, headers: Record<string, string> = {}) => {
    entry.status = status;
    return res.writeHead(status, { ...CORS, ...headers });
  };

  let cdnOrigin = '';
  const hub = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    if (req.method === 'OPTIONS') return void preflight(res);
    const api = API.exec(path);
    if (api) {
      const entry = log('api', req, path);
      const script = options.files[api[1]!];
      if (!script) return void answer(res, entry, 404).end('{"error":"Repository not found"}');
      const size = script.bytes.byteLength;
      const sibling = { rfilename: script.file ?? 'model.safetensors', size, lfs: { sha256: sha256Of(script), size } };
      answer(res, entry, 200, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ id: api[1], sha: 'imitation', siblings: [sibling] }));
    }
    const entry = log('hub', req, path);
    const resolve = RESOLVE.exec(path);
    const script = resolve ? options.files[resolve[1]!] : undefined;
    if (!resolve || !script || resolve[3] !== (script.file ?? 'model.safetensors')) {
      return void answer(res, entry, 404, { 'X-Error-Code': 'EntryNotFound' }).end();
    }
    if (script.status) return void answer(res, entry, script.status).end();
    const token = randomBytes(12).toString('hex');
    tokens.set(token, { repo: resolve[1]!, expires: Date.now() + ttl });
    answer(res, entry, 302, {
      Location: `${cdnOrigin}/blob/${token}`,
      'X-Linked-Etag': `"${sha256Of(script)}"`,
      'X-Linked-Size': String(script.bytes.byteLength),
      'X-Repo-Commit': 'imitation',
    });
    res.end();
  });

  const cdn = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (req.method === 'OPTIONS') return void preflight(res);
    const entry = log('cdn', req, path);
    const token = /^\/blob\/([0-9a-f]+)$/.exec(path)?.[1];
    const grant = token ? tokens.get(token) : undefined;
    // One use, and only until it expires: a client that resumes must resolve again, as with the real hub's CDN.
    if (token) tokens.delete(token);
    if (!grant || grant.expires < Date.now()) return void answer(res, entry, 403).end('Request has expired');
    const script = options.files[grant.repo]!;
    let bytes = script.bytes;
    if (script.corrupt) {
      bytes = bytes.slice();
      const middle = bytes.byteLength >> 1;
      bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    }
    const fault = script.faults?.shift();
    if (fault) {
      entry.status = fault.kind === 'status' ? fault.status : 200;
      return void answerWithFault(req, res, bytes, fault, { ...CORS, ETag: `"${sha256Of(script)}"` });
    }
    const total = bytes.byteLength;
    const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    if (start >= total && start > 0) {
      return void answer(res, entry, 416, { 'Content-Range': `bytes */${total}` }).end();
    }
    const body = bytes.subarray(start);
    answer(res, entry, start > 0 ? 206 : 200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(body.byteLength),
      'Accept-Ranges': 'bytes',
      ETag: `"${sha256Of(script)}"`,
      ...(start > 0 ? { 'Content-Range': `bytes ${start}-${total - 1}/${total}` } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    if (script.cuts && script.cuts.times > 0) {
      script.cuts.times -= 1;
      // Flush the first bytes, then end the connection: the body is shorter than its Content-Length. The pause lets
      // the client read what arrived (a broken body may drop chunks not yet handed out).
      return void res.write(body.subarray(0, script.cuts.after), () => setTimeout(() => res.socket?.end(), 50));
    }
    void send(res, body, script.throttle);
  });

  const hubPort = await listen(hub);
  cdnOrigin = `http://127.0.0.1:${await listen(cdn)}`;
  return {
    endpoint: `http://127.0.0.1:${hubPort}`,
    cdnOrigin,
    requests,
    close: async () => {
      await Promise.all([stop(hub), stop(cdn)]);
    },
  };
}

function preflight(res: ServerResponse): void {
  res.writeHead(204, {
    ...CORS,
    'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
    'Access-Control-Allow-Headers': 'Range, Content-Type, Authorization',
    'Access-Control-Max-Age': '600',
  });
  res.end();
}

async function send(
  res: ServerResponse,
  body: Uint8Array,
  throttle: HubFileScript['throttle'] | undefined,
): Promise<void> {
  const chunkSize = throttle?.chunkSize ?? 256 * 1024;
  for (let offset = 0; offset < body.byteLength; offset += chunkSize) {
    if (res.destroyed) return;
    res.write(body.subarray(offset, offset + chunkSize));
    await new Promise((resolve) => (throttle ? setTimeout(resolve, throttle.delayMs) : setImmediate(resolve)));
  }
  res.end();
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
