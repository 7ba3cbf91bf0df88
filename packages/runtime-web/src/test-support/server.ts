import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalServer } from '@swsl/browser-harness';
import { ORT_DIST } from './paths.js';

const PAGE =
  '<!doctype html><meta charset="utf-8"><title>swsl runtime-web test</title><script type="module" src="/page.js"></script>';

export interface TestServer {
  readonly origin: string;
  /** Requests per path so far (to see what came from the network and what from the cache). */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

/**
 * The test site on 127.0.0.1: `/` is the cross-origin isolated test page, `/plain` the same page without isolation,
 * `/ort/*` onnxruntime-web's WebAssembly files, the bundle's files at the root and `files` (path → local file or
 * bytes) under `/files/`.
 */
export async function startTestServer(
  bundleDir: string,
  files: Record<string, string | Uint8Array>,
): Promise<TestServer> {
  const hits = new Map<string, number>();
  const server = await startLocalServer((path) => {
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/') return { body: PAGE, type: 'text/html; charset=utf-8' };
    if (path === '/plain') return { body: PAGE, type: 'text/html; charset=utf-8', isolated: false };
    if (path.startsWith('/files/')) {
      const file = files[path.slice('/files/'.length)];
      return file === undefined ? undefined : { body: typeof file === 'string' ? readFileSync(file) : file };
    }
    const ort = join(ORT_DIST, path.slice('/ort/'.length));
    if (/^\/ort\/ort-wasm[\w.-]+\.(mjs|wasm)$/.test(path) && existsSync(ort)) return { body: readFileSync(ort) };
    const bundled = join(bundleDir, path);
    // Chunk names of a split bundle may have dots (`ort.bundle.min.js`); no slash, so nothing outside the folder.
    if (/^\/[\w.-]+\.js$/.test(path) && existsSync(bundled)) return { body: readFileSync(bundled) };
    return undefined;
  });
  return { ...server, hits };
}
