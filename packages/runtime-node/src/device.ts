import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InvalidModelError } from '@swsl/convert/metadata';
import { type Dtype, sessionConfigFor } from '@swsl/core';
import { SwslError } from '@swsl/registry';
import type * as ort from 'onnxruntime-node';
import type { NodeDevice } from './device-names/index.js';
import { createAutoWebGpuSession, createExplicitWebGpuSession } from './device-webgpu.js';
import { openSession } from './open-session.js';
import { optimizedPath, optimizedTarget } from './optimized-model.js';

export { NODE_DEVICES, type NodeDevice } from './device-names/index.js';

export const CUDA_HINT =
  'onnxruntime-node is installed without its CUDA libraries; with CUDA 12 and cuDNN 9 on the machine, run ' +
  '`ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node` (pnpm: see the @swsl/runtime-node README), ' +
  'or use the cpu device';

export class CudaUnavailableError extends SwslError {
  constructor(reason: string) {
    super('E_CUDA_UNAVAILABLE', `CUDA is not available to onnxruntime-node (${reason}). ${CUDA_HINT}.`);
  }
}

/**
 * Where onnxruntime-node's install script put `libonnxruntime_providers_cuda.so`, if it did. An empty file is the
 * placeholder our preinstall leaves so that a plain install downloads no CUDA (scripts/skip-cuda-download.cjs): not
 * installed.
 */
export function cudaProviderLibrary(): string | undefined {
  const binRoot = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin');
  if (!existsSync(binRoot)) return undefined;
  for (const napi of readdirSync(binRoot)) {
    const file = join(binRoot, napi, process.platform, process.arch, 'libonnxruntime_providers_cuda.so');
    if (existsSync(file) && statSync(file).size > 0) return file;
  }
  return undefined;
}

export interface SessionChoice {
  readonly session: ort.InferenceSession;
  readonly device: 'cpu' | 'cuda' | 'webgpu';
  /** The WebGPU adapter ("vendor architecture device description") when `device` is `webgpu` and it is known. */
  readonly adapter?: string;
}

export interface SessionOptions {
  readonly device: NodeDevice;
  /** Intra-op threads for the CPU provider (default: onnxruntime's choice, all cores). */
  readonly threads?: number;
  /**
   * Whether onnxruntime's CPU threads spin-wait for work between operators and runs (default false). Spinning buys
   * 2–7% on back-to-back runs of ready tensors, but it takes the cores that decoding needs: with images decoded beside
   * the session, int8 resnet50 streamed 9% more images/s without it (same run, 2 cores; README, "Throughput").
   */
  readonly spinning?: boolean;
  /** Told once when `auto` falls back to CPU because an installed CUDA provider did not load. */
  readonly onWarning?: (message: string) => void;
  /** Where the CUDA provider library is (default: onnxruntime-node's bin folder, if installed there). For tests. */
  readonly cudaLibrary?: () => string | undefined;
  /** The model's dtype: fp16 on WebGPU needs the adapter feature `shader-f16` (default fp32). */
  readonly dtype?: Dtype;
  /** Names the model in errors (a file name; default `<onnx>`). */
  readonly name?: string;
  /**
   * The model's file: a CPU session then opens onnxruntime's optimized form of it, saved the first time (see
   * optimized-model.ts), instead of optimizing the graph again.
   */
  readonly modelFile?: string;
  /** Where that optimized form is kept (default: beside `modelFile`, for the cache's own models). */
  readonly optimizedIn?: string;
}

/**
 * A session on the device that actually loads. onnxruntime-node throws (instead of falling back) when `['cuda',
 * 'cpu']` cannot load CUDA, so CUDA is tried on its own. Without the provider library (the default install: CUDA is
 * an opt-in) CUDA is not even attempted (the attempt would print a native error line): `auto` runs on CPU without a
 * word, `cuda` fails with `E_CUDA_UNAVAILABLE` saying how to install it. With the library, a CUDA that does not load
 * gives `auto` one warning and CPU, `cuda` the error. Then, for `auto`, WebGPU when the optional `webgpu` package
 * finds a hardware adapter (never a software one: SwiftShader, lavapipe …); `webgpu` takes any adapter or fails with
 * `E_WEBGPU_UNAVAILABLE` (device-webgpu.ts).
 */
export async function createSession(model: Uint8Array | string, options: SessionOptions): Promise<SessionChoice> {
  const dtypeConfig = sessionConfigFor(options.dtype ?? 'fp32').extra?.session as Record<string, unknown> | undefined;
  const spin = options.spinning ? '1' : '0';
  const common: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
    extra: { session: { ...dtypeConfig, intra_op: { allow_spinning: spin }, inter_op: { allow_spinning: spin } } },
  };
  if (options.device === 'webgpu') {
    const chosen = await createExplicitWebGpuSession(webGpuRequest(model, common, options));
    return { ...chosen, device: 'webgpu' };
  }
  if (options.device !== 'cpu') {
    const library = (options.cudaLibrary ?? cudaProviderLibrary)();
    if (!library && options.device === 'cuda') {
      throw new CudaUnavailableError('its CUDA provider library is not installed');
    }
    // `auto` on a machine where CUDA was never installed is the common case, not a problem: CPU, silently.
    if (library) {
      try {
        const session = await openSession(model, {
          ...common,
          executionProviders: ['cuda'],
          logSeverityLevel: 4,
        });
        return { session, device: 'cuda' };
      } catch (error) {
        const reason = (error as Error).message.split('\n')[0] ?? 'the CUDA provider failed to load';
        if (options.device === 'cuda') throw new CudaUnavailableError(reason);
        // Installed but not loading (no driver, wrong CUDA/cuDNN): worth one warning.
        options.onWarning?.(
          `CUDA is installed but did not load (${reason}); running on CPU. Choose the cpu device to skip the attempt.`,
        );
      }
    }
  }
  // int8 runs on CPU kernels (QLinearConv): onnxruntime's WebGPU provider has none, so `auto` does not even probe
  // for an adapter (a child process, ≈ 0.1–0.6 s of a one-image `swsl classify`).
  if (options.device === 'auto' && options.dtype !== 'int8') {
    const webgpu = await createAutoWebGpuSession(webGpuRequest(model, common, options), options.onWarning);
    if (webgpu) return { ...webgpu, device: 'webgpu' };
  }
  try {
    const cpu = { ...common, executionProviders: ['cpu'] };
    const session = options.modelFile
      ? await cpuSessionOptimizedOnce(model, options.modelFile, cpu, options.optimizedIn)
      : await openSession(model, cpu);
    return { session, device: 'cpu' };
  } catch (error) {
    // onnxruntime's own message ("protobuf parsing failed", a node's bad attribute), typed and naming the file.
    const reason = (error as Error).message?.split('\n')[0] ?? String(error);
    throw new InvalidModelError(options.name ?? '<onnx>', `onnxruntime: ${reason}`, { cause: error });
  }
}

function webGpuRequest(
  model: Uint8Array | string,
  common: ort.InferenceSession.SessionOptions,
  options: SessionOptions,
) {
  return { model, common, name: options.name ?? '<onnx>', dtype: options.dtype ?? 'fp32' } as const;
}

/**
 * A CPU session from onnxruntime's saved optimized form of the model at `modelFile` (opened without optimizing
 * again), saving that form in `folder` on the first open. A saved form that does not open is replaced; a folder that
 * cannot be written (a read-only cache) only costs the saving.
 */
async function cpuSessionOptimizedOnce(
  model: Uint8Array | string,
  modelFile: string,
  cpu: ort.InferenceSession.SessionOptions,
  folder?: string,
): Promise<ort.InferenceSession> {
  const path = await optimizedPath(modelFile, folder);
  if (existsSync(path)) {
    try {
      return await openSession(path, { ...cpu, graphOptimizationLevel: 'disabled' });
    } catch {
      // Damaged, or written by a build that reports the same version: made again below.
    }
  }
  const writable = await mkdir(dirname(path), { recursive: true }).then(
    () => true,
    () => false,
  );
  if (!writable) return openSession(model, cpu);
  const target = optimizedTarget(modelFile, path);
  try {
    // Level 3: onnxruntime warns on every save that an NCHWc graph is for this CPU, which the file's key accounts for.
    const session = await openSession(model, {
      ...cpu,
      optimizedModelFilePath: target.temp,
      logSeverityLevel: 3,
      extra: { ...cpu.extra, session: { ...(cpu.extra?.session as object), ...target.extra } },
    });
    await target.commit().catch(() => target.discard());
    return session;
  } catch (error) {
    await target.discard();
    // Saving, not the model, may be what failed (no space, no write access): the model opens without it, or the
    // error is the model's own.
    return openSession(model, cpu).catch(() => Promise.reject(error));
  }
}
