import { loadOrt } from './ort.js';
import { configureWasm, markWasmStarted, type WasmSettings } from './wasm-env.js';

/**
 * The smallest model onnxruntime-web accepts: one Identity on a float [1] (ONNX IR 7, opset 13), made with Python's
 * `onnx.helper` (make_node('Identity'), make_graph, make_model) and checked by `onnx.checker`; warm-runtime.test.ts
 * runs it. Creating a session from it is what starts onnxruntime-web's WebAssembly runtime.
 */
export const WARM_UP_MODEL = new Uint8Array([
  8, 7, 18, 0, 58, 58, 10, 16, 10, 1, 120, 18, 1, 121, 34, 8, 73, 100, 101, 110, 116, 105, 116, 121, 18, 4, 119, 97,
  114, 109, 90, 15, 10, 1, 120, 18, 10, 10, 8, 8, 1, 18, 4, 10, 2, 8, 1, 98, 15, 10, 1, 121, 18, 10, 10, 8, 8, 1, 18, 4,
  10, 2, 8, 1, 66, 4, 10, 0, 16, 13,
]);

/**
 * Starts onnxruntime-web's WebAssembly runtime in this realm (fetching and compiling its 28 MB module: about 1.4 s on
 * a 2-core machine) with `settings`, before any model is known, so that the session of the model that comes later
 * starts at once. Failures are left for that session to report.
 */
export async function warmUpWasmRuntime(settings: WasmSettings): Promise<void> {
  const ort = await loadOrt();
  configureWasm(ort, settings, () => {});
  const session = await ort.InferenceSession.create(WARM_UP_MODEL, { executionProviders: ['wasm'] });
  markWasmStarted(ort);
  await session.release();
}
