import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve, sep } from 'node:path';
import { build } from 'esbuild';

const PAGE =
  '<!doctype html><meta charset="utf-8"><title>swsl preprocess test</title><script type="module" src="/page.js"></script>';

/** Bundles the test page (the browser entry and its decoders, as an application's bundler would). */
export async function bundlePage(): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'page.testkit.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'error',
  });
  return result.outputFiles[0]!.contents;
}

export interface TestServer {
  readonly origin: string;
  close(): Promise<void>;
}

/** 127.0.0.1 server: `/` the page, `/page.js` the bundle, `/<key>/<file>` files from `dirs[key]` (read per request). */
export async function startServer(page: Uint8Array, dirs: Record<string, string>): Promise<TestServer> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    if (path === '/page.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(page);
    const [, key, ...rest] = path.split('/');
    const dir = dirs[key ?? ''];
    const file = dir ? resolve(dir, ...rest) : '';
    if (!dir || !file.startsWith(resolve(dir) + sep) || !existsSync(file)) return res.writeHead(404).end();
    return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
