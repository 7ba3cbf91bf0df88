// Cross-origin isolation for static hosts that send no COOP/COEP headers (GitHub Pages, `vitepress preview`, a plain
// file server): this service worker adds them to the site's own responses, so that the playground's page is
// cross-origin isolated and onnxruntime-web's WASM backend may use threads. The page registers it
// (src/playground/isolation.ts) and reloads once, so that the document itself comes through it. Cross-origin
// requests (the Hugging Face hub) pass untouched: they are CORS fetches, which COEP allows.
// The headers are those of src/site/isolation-headers.ts and public/_headers.
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (new URL(request.url).origin !== self.location.origin) return;
  // A request the browser makes for its own cache only cannot be answered from the network.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(
    fetch(request).then((response) => {
      // Opaque and error responses have no headers to change.
      if (response.status === 0) return response;
      const headers = new Headers(response.headers);
      for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    }),
  );
});
