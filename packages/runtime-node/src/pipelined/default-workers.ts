import { availableParallelism } from 'node:os';

/**
 * Decode workers when none are asked for, by where inference runs.
 *
 * CPU: 1. Measured on a 2-core machine, resnet50 on onnxruntime's CPU provider with 2 threads, batch 8, 128
 * ImageNet JPEGs (`pnpm bench:pipeline`, runtime-node README): 0 workers 1.00× the sequential path (the session
 * waited 0.80 s for decoding in all), 1 worker 1.06× (0.08 s), 2 workers 1.07× (0.12 s) — a tie within the noise of
 * a shared machine. Decoding is a few per cent of the work there, one worker hides it, and a second thread only
 * competes with onnxruntime's for the same cores.
 *
 * GPU (cuda, webgpu): every core but one. There the session runs resnet50 at hundreds of images/s while one core
 * decodes and resizes ~150–250 ImageNet JPEGs/s, so the decoder sets the pace and scales with the workers; the core
 * left over feeds the GPU. (Reasoned, not yet measured: no GPU machine was available; `swsl bench --device cuda
 * --decode-workers 2,4,8,…` measures it.)
 */
export function defaultDecodeWorkers(device: string, cores: number = availableParallelism()): number {
  return device === 'cuda' || device === 'webgpu' ? Math.max(1, cores - 1) : 1;
}
