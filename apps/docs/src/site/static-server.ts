import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { contentType, type LocalServer, startLocalServer } from '@swsl/browser-harness';

export type StaticServer = LocalServer;

export interface StaticServerOptions {
  readonly port?: number;
  /** Extra files served from memory (path → bytes), e.g. a model made at test time; they win over `root`. */
  readonly extra?: Readonly<Record<string, Uint8Array>>;
  /** `false`: no COOP/COEP/CORP headers, as GitHub Pages or a plain file server sends (default: sent). */
  readonly isolation?: boolean;
}

/**
 * Serves a built site from `root` on 127.0.0.1, cross-origin isolated like a correctly configured host (COOP/COEP on
 * every response, CORP same-origin), so onnxruntime-web may use threads; or, with `isolation: false`, as a static
 * host that sends none of them. `/x/` → `/x/index.html`, `/x` →
 * `/x.html` when that exists (VitePress's pages), anything else 404.
 */
export function startStaticServer(root: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  return startLocalServer(
    (path) => {
      const isolated = options.isolation !== false;
      const extra = options.extra?.[path];
      if (extra) return { body: extra, isolated };
      const file = resolveFile(root, path);
      if (!file) return undefined;
      // The type comes from the file found: `/guide/` is served from `guide/index.html`. Cacheable for 10 minutes
      // with a validator, as GitHub Pages serves a site: a reload then finds onnxruntime's .wasm in the HTTP cache,
      // and Chromium its compiled code too.
      const { mtimeMs, size } = statSync(file);
      const headers = {
        'Cache-Control': 'max-age=600',
        ETag: `"${size.toString(16)}-${Math.round(mtimeMs).toString(16)}"`,
      };
      return { body: readFileSync(file), type: contentType(file), isolated, headers };
    },
    options.port === undefined ? {} : { port: options.port },
  );
}

/** A URL path → a file under `root`, never outside it. */
export function resolveFile(root: string, urlPath: string): string | undefined {
  const full = normalize(join(root, urlPath));
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  const candidates = urlPath.endsWith('/') ? [join(full, 'index.html')] : [full, `${full}.html`];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}
