import { describeNonOnnx } from '@swsl/convert/metadata';
import type { WebClassifier, WebProgress } from '@swsl/runtime-web';
import { type Messages, megabytes } from './messages.js';
import { type DeviceChoice, type DtypeChoice, type ModelChoice, toModelSource } from './model-choice.js';
import { NotOnnxFileError } from './onnx-file-check.js';

export interface LoadSettings {
  readonly device: DeviceChoice;
  readonly dtype: DtypeChoice;
  /** Where this site serves onnxruntime-web's .wasm/.mjs files, as an absolute URL (the worker resolves it). */
  readonly wasmPaths: string;
  readonly onProgress: (progress: WebProgress) => void;
  /** Cancels a download (the part already fetched is kept, so the next try resumes). */
  readonly signal?: AbortSignal;
  readonly messages: Messages;
}

/**
 * The panel's choice → a ready classifier whose store, session and inference live in a Worker, so the page never
 * freezes. runtime-web (and onnxruntime-web) load on first use, not with the page.
 */
export async function loadClassifier(choice: ModelChoice, settings: LoadSettings): Promise<WebClassifier> {
  const { source, modelBaseUrl, hfEndpoint } = toModelSource(choice);
  if (choice.kind === 'onnx') await checkOnnxFile(choice.file, settings.messages);
  const { createWorkerClassifier } = await import('./runtime.js');
  try {
    return await createWorkerClassifier(source, {
      device: settings.device,
      dtype: settings.dtype,
      wasmPaths: settings.wasmPaths,
      onProgress: settings.onProgress,
      ...(settings.signal ? { signal: settings.signal } : {}),
      ...(modelBaseUrl ? { modelBaseUrl } : {}),
      ...(hfEndpoint ? { hfEndpoint } : {}),
    });
  } catch (error) {
    // Whatever the runtime says about a local .onnx, the page names the file and gives a code.
    if (choice.kind === 'onnx' && !hasCode(error)) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new NotOnnxFileError(choice.file.name, settings.messages.notOnnx(choice.file.name, detail), {
        cause: error,
      });
    }
    throw error;
  }
}

function hasCode(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('E_');
}

/** Refuses a picture, a .pth or a web page given as `.onnx` before the runtime tries to parse it. */
async function checkOnnxFile(file: File, messages: Messages): Promise<void> {
  const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
  const reason = describeNonOnnx(head);
  if (reason) throw new NotOnnxFileError(file.name, messages.notOnnx(file.name, reason));
}

/** `{stage, loaded, total}` → one line for the status bar, in the page's language. */
export function describeProgress(progress: WebProgress, messages: Messages): string {
  const s = messages.status;
  switch (progress.stage) {
    case 'download':
      return s.download(
        megabytes(progress.loaded ?? 0),
        progress.total !== undefined ? megabytes(progress.total) : undefined,
      );
    case 'verify':
      return s.verify;
    case 'convert':
      return s.convert;
    case 'calibrate':
      return s.calibrate(progress.loaded ?? 0, progress.total ?? 0);
    case 'session':
      return s.session;
    default:
      // Stages a newer runtime-web may add (`stored`): a line of their own where the catalog has one.
      return (progress.stage as string) === 'stored' ? s.stored : s.session;
  }
}

/** 0–1 for the progress bar, or `undefined` for a stage with no measure (the bar then shows activity only). */
export function progressFraction(progress: WebProgress): number | undefined {
  if (progress.loaded === undefined || !progress.total) return undefined;
  return Math.min(1, progress.loaded / progress.total);
}
