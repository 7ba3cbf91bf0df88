import { stat } from 'node:fs/promises';
import { SwslError } from '@swsl/registry';

/**
 * The model file the caller named (`{ onnx }`, `{ checkpoint }`, `--weights`) is missing or is not a readable file.
 * `E_NOT_FOUND` as for a missing image, `E_READ` for anything else (a folder, no permission).
 */
export class ModelFileError extends SwslError {
  constructor(path: string, code: 'E_NOT_FOUND' | 'E_READ', detail: string, options?: { cause?: unknown }) {
    super(
      code,
      `${path}: ${detail}. Check the path: a .pth/.safetensors checkpoint or an .onnx made by swsl convert ` +
        '(or name a variant instead, downloaded once).',
      options,
    );
  }
}

/** Checks that `path` is a file before anything else opens it (onnxruntime and the converter say less). */
export async function assertModelFile(path: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR')
      throw new ModelFileError(path, 'E_NOT_FOUND', 'no such file', { cause: error });
    throw new ModelFileError(path, 'E_READ', `cannot read it (${error.code ?? error.message})`, { cause: error });
  });
  if (!info.isFile()) throw new ModelFileError(path, 'E_READ', 'this is a folder, not a model file');
}
