import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { encodeNpy, preprocess } from '@swsl/preprocess/node';
import { isSwslError, resolveVariant } from '@swsl/registry';
import sharp from 'sharp';
import { EXIT } from '../exit-codes.js';
import { red, type Terminal } from '../terminal.js';

/** Write via a temp file + rename, so an interrupted run leaves no half-written file under the final name. */
async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

/** Writes the exact crop the model sees (PNG) and optionally the normalized NCHW tensor (.npy), per image. */
export async function preprocessCommand(
  t: Terminal,
  images: readonly string[],
  flags: { output: string; npy?: boolean; model: string },
): Promise<number> {
  const spec = resolveVariant(flags.model).preprocessing;
  await mkdir(flags.output, { recursive: true });
  let failed = 0;
  for (const image of images) {
    try {
      const { crops, data, dims } = await preprocess(image, { spec });
      const stem = join(flags.output, basename(image));
      const png = await sharp(crops[0]!, { raw: { width: dims[3], height: dims[2], channels: 3 } })
        .png()
        .toBuffer();
      await writeAtomic(`${stem}.png`, png);
      t.out(`${stem}.png\n`);
      if (flags.npy) {
        await writeAtomic(`${stem}.npy`, encodeNpy(data, dims));
        t.out(`${stem}.npy\n`);
      }
    } catch (error) {
      if (!isSwslError(error) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      failed++;
      const code = isSwslError(error) ? error.code : 'E_NOT_FOUND';
      t.err(`${red(t.errColor, 'error')} ${isSwslError(error) ? error.message : `${image}: no such file`} [${code}]\n`);
    }
  }
  return failed ? EXIT.someInputsFailed : EXIT.ok;
}
