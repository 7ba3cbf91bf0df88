import type { Ort } from './ort.js';
import type { WebWarning } from './progress.js';

export interface WasmSettings {
  readonly numThreads?: number;
  /** A folder URL holding both files, or each file's URL (as bundlers' `?url` imports give them). */
  readonly wasmPaths?: string | { readonly wasm: string; readonly mjs: string };
}

/** Whether onnxruntime-web has started its WebAssembly runtime (it reads `env.wasm` once, at the first session). */
let started = false;

/**
 * Threads are only possible on a cross-origin isolated page (SharedArrayBuffer); there, every core. onnxruntime's
 * own default is half the cores and at most 4, and 1 on a 2-core machine, hence the explicit setting.
 */
export function defaultThreads(): number {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return isolated ? Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1) : 1;
}

/**
 * Sets `ort.env.wasm` before the first session of this page (or worker). Later calls cannot change it, as
 * onnxruntime-web has one WebAssembly instance per realm; a different request is reported, not silently ignored.
 */
export function configureWasm(ort: Ort, settings: WasmSettings, onWarning: (w: WebWarning) => void): void {
  const threads = settings.numThreads ?? defaultThreads();
  if (!started) {
    ort.env.wasm.numThreads = threads;
    const paths = settings.wasmPaths;
    // A folder without its trailing slash would make onnxruntime fetch `<folder>ort-wasm-…`.
    if (typeof paths === 'string') ort.env.wasm.wasmPaths = paths.endsWith('/') ? paths : `${paths}/`;
    else if (paths) ort.env.wasm.wasmPaths = { wasm: paths.wasm, mjs: paths.mjs };
    return;
  }
  if (settings.numThreads !== undefined && settings.numThreads !== ort.env.wasm.numThreads) {
    onWarning({
      code: 'E_WASM_STARTED',
      message:
        `numThreads ${settings.numThreads} ignored: onnxruntime-web already runs with ${ort.env.wasm.numThreads} ` +
        'thread(s) in this page; the setting of the first classifier holds (reload the page, or use a Worker).',
    });
  }
}

/** Called after a session was created: the runtime is up and `env.wasm.numThreads` is what it really uses. */
export function markWasmStarted(ort: Ort): number {
  started = true;
  return ort.env.wasm.numThreads ?? 1;
}
