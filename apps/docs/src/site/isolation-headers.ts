/**
 * The two headers that make a page cross-origin isolated, which browsers require before they give it
 * `SharedArrayBuffer` — and so before onnxruntime-web's WASM backend can use more than one thread.
 */
export const CROSS_ORIGIN_ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;
