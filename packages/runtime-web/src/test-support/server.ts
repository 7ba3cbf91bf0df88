import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { ORT_DIST } from './paths.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.jpg': 'image/jpeg',
};

/** Cross-origin isolation (SharedArrayBuffer, hence WASM threads) needs these on the document and its resources. */
const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
};

const PAGE =
  '<!doctype html><meta charset="utf-8"><title>swsl runtime-web test</title><script type="module" src="/page.js"></script>';

export interface TestServer {
  readonly origin: string;
  /** Requests per path so far (to see what came from the network and what from the cache). */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A static server on 127.0.0.1 (a secure context, so Cache Storage and SubtleCrypto work): `/` is the cross-origin
 * isolated test page, `/plain` the same page without isolation, `/ort/*` onnxruntime-web's WebAssembly files, the
 * bundle's files at the root and `files` (path → local file or bytes) under `/files/`.
 */
export async function startTestServer(
  bundleDir: string,
  files: Record<string, string | Uint8Array>,
): Promise<TestServer> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const send = (body: string | Uint8Array, type: string, isolated = true) =>
      res
        .writeHead(200, { 'content-type': type, 'content-length': body.length, ...(isolated ? ISOLATION : {}) })
        .end(body);
    if (path === '/') return send(PAGE, TYPES['.html'] as string);
    if (path === '/plain') return send(PAGE, TYPES['.html'] as string, false);
    let body: string | Uint8Array | undefined;
    if (path.startsWith('/files/')) {
      const file = files[path.slice('/files/'.length)];
      body = typeof file === 'string' ? readFileSync(file) : file;
    } else if (path.startsWith('/ort/')) {
      const file = join(ORT_DIST, path.slice('/ort/'.length));
      if (/^\/ort\/ort-wasm[\w.-]+\.(mjs|wasm)$/.test(path) && existsSync(file)) body = readFileSync(file);
    } else if (/^\/[\w-]+\.js$/.test(path) && existsSync(join(bundleDir, path))) {
      body = readFileSync(join(bundleDir, path));
    }
    if (body === undefined) return res.writeHead(404, ISOLATION).end();
    return send(body, TYPES[extname(path)] ?? 'application/octet-stream');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
