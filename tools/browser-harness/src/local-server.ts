import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';

/**
 * The headers that make a page cross-origin isolated, which browsers require before they give it
 * `SharedArrayBuffer` — and so before onnxruntime-web's WASM backend can use more than one thread. CORP lets the
 * isolated page load the server's own resources.
 */
export const CROSS_ORIGIN_ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The Content-Type for a path, from its extension. */
export function contentType(path: string): string {
  return TYPES[extname(path)] ?? 'application/octet-stream';
}

/** One answer: bytes with a type (default from the path), cross-origin isolated unless `isolated: false`. */
export interface Served {
  readonly body: string | Uint8Array;
  readonly type?: string;
  readonly isolated?: boolean;
  /** More response headers (e.g. caching headers a real host sends). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** URL path (decoded, no query) → what to send, or `undefined` for a 404. */
export type Route = (path: string) => Served | undefined;

export interface LocalServer {
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 (a secure context: Cache Storage, SubtleCrypto and WebGPU work) on a free port, for a
 * test or a local preview. `close()` also ends kept-alive connections, so a test never hangs on its browser's.
 */
export async function startLocalServer(route: Route, options: { port?: number } = {}): Promise<LocalServer> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const served = route(path);
    if (!served) {
      res.writeHead(404, { ...CROSS_ORIGIN_ISOLATION_HEADERS, 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    const body = typeof served.body === 'string' ? Buffer.from(served.body) : served.body;
    res
      .writeHead(200, {
        ...(served.isolated === false ? {} : CROSS_ORIGIN_ISOLATION_HEADERS),
        ...served.headers,
        'Content-Type': served.type ?? contentType(path),
        'Content-Length': body.byteLength,
      })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
