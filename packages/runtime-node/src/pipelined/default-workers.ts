import { availableParallelism } from 'node:os';

/**
 * Decode workers when none are asked for, by where inference runs.
 *
 * CPU: 1. Measured on a 2-core machine, resnet50 on onnxruntime's CPU provider with 2 threads, batch 8
 * (`pnpm bench:pipeline`, README "How fast"): decoding a batch takes ~30 ms against ~1 s of inference, so one worker
 * hides it entirely; a second only competes with onnxruntime's threads for the same cores, and decoding in the main
 * thread (0) makes the main thread's own work (ranking, output) wait behind resizing.
 *
 * GPU (cuda, webgpu): every core but one. There the session runs resnet50 at hundreds of images/s while one core
 * decodes and resizes ~150–250 ImageNet JPEGs/s, so the decoder sets the pace and scales with the workers; the core
 * left over feeds the GPU. (Reasoned, not yet measured: no GPU machine was available; `swsl bench --device cuda
 * --decode-workers 2,4,8,…` measures it.)
 */
export function defaultDecodeWorkers(device: string, cores: number = availableParallelism()): number {
  return device === 'cuda' || device === 'webgpu' ? Math.max(1, cores - 1) : 1;
}
