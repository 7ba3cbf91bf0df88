import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from './isolation-headers.js';

const TYPES: Record<string, string> = {
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
  '.onnx': 'application/octet-stream',
};

export interface StaticServer {
  readonly origin: string;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  readonly port?: number;
  /** Extra files served from memory (path → bytes), e.g. a model made at test time; they win over `root`. */
  readonly extra?: Readonly<Record<string, Uint8Array>>;
}

/**
 * Serves a built site from `root` on 127.0.0.1, cross-origin isolated like a correctly configured host (COOP/COEP on
 * every response, CORP same-origin), so onnxruntime-web may use threads. `/x/` → `/x/index.html`, `/x` →
 * `/x.html` when that exists (VitePress's pages), anything else 404.
 */
export async function startStaticServer(root: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const headers = { ...CROSS_ORIGIN_ISOLATION_HEADERS, 'Cross-Origin-Resource-Policy': 'same-origin' };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const extra = options.extra?.[path];
    if (extra) {
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(extra);
      return;
    }
    const file = resolveFile(root, path);
    if (!file) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': statSync(file).size,
    });
    createReadStream(file).pipe(res);
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

/** A URL path → a file under `root`, never outside it. */
export function resolveFile(root: string, urlPath: string): string | undefined {
  const full = normalize(join(root, urlPath));
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  const candidates = urlPath.endsWith('/') ? [join(full, 'index.html')] : [full, `${full}.html`];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}
