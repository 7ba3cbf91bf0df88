import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { bundleModule, type LocalServer, startLocalServer } from '@swsl/browser-harness';

const PAGE =
  '<!doctype html><meta charset="utf-8"><title>swsl preprocess test</title><script type="module" src="/page.js"></script>';

/** Bundles the test page (the browser entry and its decoders, as an application's bundler would). */
export function bundlePage(): Promise<Uint8Array> {
  return bundleModule(join(import.meta.dirname, 'page.testkit.ts'));
}

/** 127.0.0.1 server: `/` the page, `/page.js` the bundle, `/<key>/<file>` files from `dirs[key]` (read per request). */
export function startServer(page: Uint8Array, dirs: Record<string, string>): Promise<LocalServer> {
  return startLocalServer((path) => {
    if (path === '/') return { body: PAGE, type: 'text/html; charset=utf-8' };
    if (path === '/page.js') return { body: page };
    const [, key, ...rest] = path.split('/');
    const dir = dirs[key ?? ''];
    const file = dir ? resolve(dir, ...rest) : '';
    if (!dir || !file.startsWith(resolve(dir) + sep) || !existsSync(file)) return undefined;
    return { body: readFileSync(file), type: 'application/octet-stream' };
  });
}
