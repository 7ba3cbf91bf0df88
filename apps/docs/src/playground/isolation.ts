/** Set before the one reload, so that a browser that will not isolate the page is not reloaded again and again. */
const RELOADED_KEY = 'swsl:isolation-reload';

/**
 * WASM threads need a cross-origin isolated page, and a static host (GitHub Pages, `vitepress preview`) sends no
 * COOP/COEP headers. The site's service worker (public/coi-sw.js) adds them to the site's own responses: this
 * registers it and reloads the page once, so that the document itself comes through it. Resolves `true` when the page
 * is isolated, `false` where it cannot be (no service workers, not a secure context, or a browser that still refuses
 * once the worker serves the page): onnxruntime-web then runs on one thread, and the page says so. While it reloads,
 * it never resolves.
 */
export async function ensureCrossOriginIsolation(workerUrl: string, scope: string): Promise<boolean> {
  if (globalThis.crossOriginIsolated) return true;
  if (!('serviceWorker' in navigator) || !globalThis.isSecureContext) return false;
  // Served through the worker already and still not isolated, or reloaded once in this tab already: stay as it is.
  if (navigator.serviceWorker.controller || sessionStorage.getItem(RELOADED_KEY)) return false;
  try {
    await navigator.serviceWorker.register(workerUrl, { scope });
    await navigator.serviceWorker.ready;
  } catch {
    return false;
  }
  sessionStorage.setItem(RELOADED_KEY, '1');
  location.reload();
  return new Promise<boolean>(() => {});
}
