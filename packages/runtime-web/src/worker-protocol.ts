import type { ConvertStage } from './convert-job.js';

/** Messages from the conversion worker to the thread that started it. */
export type WorkerReply =
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly stage: ConvertStage }
  | { readonly type: 'done'; readonly onnx: ArrayBuffer }
  | { readonly type: 'error'; readonly code: string; readonly name: string; readonly message: string };
