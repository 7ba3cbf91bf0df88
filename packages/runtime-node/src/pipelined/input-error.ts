import { isSwslError, SwslError } from '@swsl/registry';

/** Why one input has no result: a stable `code` and a message naming the input. Plain data: it crosses threads. */
export interface InputError {
  readonly code: string;
  readonly message: string;
}

/** A decode worker died or refused its task (not one image's fault): every image of that batch gets this. */
export class DecodeWorkerError extends SwslError {
  constructor(input: string, detail: string, options?: { cause?: unknown }) {
    super(
      'E_DECODE_WORKER',
      `${input}: the decode worker failed (${detail}); rerun with --decode-workers 0 (decodeWorkers: 0) to decode in-thread and see the image's own error`,
      options,
    );
  }
}

/** Any failure while reading or decoding `input` → its error row (swsl's code, or the file system's, or E_UNEXPECTED). */
export function inputError(input: string, error: unknown): InputError {
  if (isSwslError(error)) return { code: error.code, message: error.message };
  const errno = (error as NodeJS.ErrnoException)?.code;
  const code = errno === 'ENOENT' ? 'E_NOT_FOUND' : errno ? 'E_READ' : 'E_UNEXPECTED';
  return { code, message: `${input}: ${(error as Error)?.message ?? String(error)}` };
}
