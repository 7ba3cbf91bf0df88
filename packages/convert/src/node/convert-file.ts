import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type ConvertOptions, type ConvertResult, convertCheckpointTo } from '../convert.js';
import { openFileSource } from './file-source.js';

export interface ConvertFileOptions extends ConvertOptions {
  /**
   * Called with the temp file's path before it is created; returns a function called once the file is renamed or
   * removed. A process-level owner (the CLI, through `@swsl/runtime-node`) uses it to remove the file if a signal
   * stops the process mid-write; this package sets no process-wide hooks itself.
   */
  readonly trackTempFile?: (path: string) => () => void;
}

/**
 * `.pth`/`.safetensors` on disk → `.onnx` on disk with bounded memory: tensors are read one at a time and written
 * straight to a temp file beside `outPath`, which is renamed into place only when complete.
 */
export async function convertFile(
  checkpointPath: string,
  outPath: string,
  { trackTempFile, ...options }: ConvertFileOptions = {},
): Promise<Omit<ConvertResult, 'onnx'>> {
  const source = await openFileSource(checkpointPath);
  const tmp = join(dirname(outPath), `.${basename(outPath)}.${process.pid}.tmp`);
  const untrack = trackTempFile?.(tmp);
  const out = await open(tmp, 'w');
  try {
    let written = 0;
    const result = await convertCheckpointTo(
      source,
      {
        write: async (offset, chunk) => {
          await out.write(chunk, 0, chunk.length, offset);
          written += chunk.length;
        },
      },
      options,
    );
    if (written !== result.info.onnxBytes)
      throw new Error(`internal: wrote ${written} of ${result.info.onnxBytes} bytes`);
    await out.sync();
    await out.close();
    await rename(tmp, outPath);
    return result;
  } catch (e) {
    await out.close().catch(() => {});
    await rm(tmp, { force: true });
    throw e;
  } finally {
    untrack?.();
    await source.close();
  }
}
