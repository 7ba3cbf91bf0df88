import { SwslError } from '@swsl/registry';

/** `device: 'webgpu'` was asked for, but there is no adapter or the WebGPU session could not be created. */
export class WebGpuUnavailableError extends SwslError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(
      'E_WEBGPU_UNAVAILABLE',
      `WebGPU is not available (${reason}). Use device 'auto' or 'wasm', or a browser with WebGPU enabled ` +
        '(Chromium: --enable-unsafe-webgpu where it is not on by default).',
      options,
    );
  }
}

/** An fp16 model needs WebGPU with the adapter feature `shader-f16`; WASM and adapters without it cannot run it. */
export class Fp16UnsupportedError extends SwslError {
  constructor(model: string, reason: string) {
    super(
      'E_FP16_UNSUPPORTED',
      `${model}: fp16 models need WebGPU with the 'shader-f16' feature, but ${reason}. Use dtype 'fp32' ` +
        '(same answers, twice the download).',
    );
  }
}

/** int8 runs on CPU kernels (QLinearConv); onnxruntime-web's WebGPU has none, so `device: 'webgpu'` cannot run it. */
export class Int8OnWebGpuError extends SwslError {
  constructor(model: string) {
    super(
      'E_DTYPE_UNSUPPORTED',
      `${model}: int8 models run on WASM only (onnxruntime-web's WebGPU has no quantized kernels). Use device ` +
        "'wasm' or 'auto', or a w8 model on WebGPU (the same 8-bit download, fp32 compute).",
    );
  }
}

/** Bytes (downloaded, cached or handed in) whose sha256 is not the one they must have. */
export class WebChecksumError extends SwslError {
  constructor(
    readonly location: string,
    readonly expected: string,
    readonly actual: string,
    fix: string,
  ) {
    super('E_CHECKSUM', `Checksum mismatch for ${location}: sha256 ${actual} is not the expected ${expected}. ${fix}`);
  }
}

/** The server answered a model download with an HTTP error status. */
export class WebHttpError extends SwslError {
  constructor(
    readonly url: string,
    readonly status: number,
    statusText: string,
  ) {
    super(
      'E_HTTP',
      `Could not download ${url}: HTTP ${status}${statusText ? ` ${statusText}` : ''}. Check the URL (for a variant ` +
        'name: modelBaseUrl, which must serve <variant>-<dtype>.onnx), or load a local .onnx file instead.',
    );
  }
}

/** fetch itself failed (no connection, CORS, blocked by COEP): there is no HTTP status to report. */
export class WebNetworkError extends SwslError {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(
      'E_NETWORK',
      `Could not download ${url}: ${cause instanceof Error ? cause.message : String(cause)}. Check the connection; a ` +
        'cross-origin model host must send CORS headers (and Cross-Origin-Resource-Policy on a cross-origin isolated page).',
      { cause },
    );
  }
}

/**
 * An error thrown inside the conversion worker, re-created on the calling thread with the same `code`, `name` and
 * message (structured clone keeps neither an error's class nor its extra fields).
 */
export class WorkerError extends SwslError {
  constructor(code: string, name: string, message: string) {
    super(code, message);
    this.name = name;
  }
}

/** Loading was cancelled through its `signal`. A partial download is kept: loading again resumes it. */
export class AbortedError extends SwslError {
  constructor(what: string, options?: { cause?: unknown }) {
    super(
      'E_ABORTED',
      `Loading ${what} was cancelled. A partial download is kept; loading it again resumes it.`,
      options,
    );
  }
}

/** Whether `error` is an abort (DOM `AbortError`, a signal's reason, or ours). */
export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted && error === signal.reason) return true;
  const e = error as { name?: string; code?: string } | undefined;
  return e?.name === 'AbortError' || e?.code === 'E_ABORTED';
}
