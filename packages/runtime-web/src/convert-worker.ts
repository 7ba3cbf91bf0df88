/// <reference lib="webworker" />
/**
 * The conversion worker (a module worker): receives one `ConvertJob`, posts `progress` messages and then either
 * `done` (the ONNX buffer, transferred) or `error` (code, name, message: enough to re-create the typed error).
 * Started by `convertInWorker`; bundlers pick it up from its `new Worker(new URL('./convert-worker.js', …))`.
 *
 * @packageDocumentation
 */
import { type ConvertJob, runConvertJob } from './convert-job.js';
import type { WorkerReply } from './worker-protocol.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (message: WorkerReply, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

scope.onmessage = async (event: MessageEvent<ConvertJob>) => {
  try {
    const onnx = await runConvertJob(event.data, (done, total, stage) =>
      reply({ type: 'progress', done, total, stage }),
    );
    const buffer =
      onnx.byteOffset === 0 && onnx.byteLength === onnx.buffer.byteLength ? onnx.buffer : onnx.slice().buffer;
    reply({ type: 'done', onnx: buffer as ArrayBuffer }, [buffer as ArrayBuffer]);
  } catch (error) {
    const e = error as { code?: unknown; name?: unknown; message?: unknown };
    reply({
      type: 'error',
      code: typeof e?.code === 'string' ? e.code : 'E_CONVERT',
      name: typeof e?.name === 'string' ? e.name : 'Error',
      message: typeof e?.message === 'string' ? e.message : String(error),
    });
  }
};
