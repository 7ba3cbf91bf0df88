import type { Plugin } from 'vitepress';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from '../src/site/isolation-headers.js';

/**
 * `vitepress dev` serves its pages from its own middleware, which `server.headers` does not reach: this sets the
 * cross-origin isolation headers on every response, so the playground gets WASM threads in development too.
 */
export function crossOriginIsolation(): Plugin {
  return {
    name: 'swsl:cross-origin-isolation',
    configureServer(server) {
      server.middlewares.use((_req, res, next) => {
        for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION_HEADERS)) res.setHeader(name, value);
        next();
      });
    },
  };
}
