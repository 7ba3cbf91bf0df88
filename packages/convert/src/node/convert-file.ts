import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type ConvertOptions, type ConvertResult, convertCheckpointTo } from '../convert.js';
import { openFileSource } from './file-source.js';

/**
 * `.pth`/`.safetensors` on disk → `.onnx` on disk with bounded memory: tensors are read one at a time and written
 * straight to a temp file beside `outPath`, which is renamed into place only when complete.
 */
export async function convertFile(
  checkpointPath: string,
  outPath: string,
  options: ConvertOptions = {},
): Promise<Omit<ConvertResult, 'onnx'>> {
  const source = await openFileSource(checkpointPath);
  const tmp = join(dirname(outPath), `.${basename(outPath)}.${process.pid}.tmp`);
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
    await source.close();
  }
}
