import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { encodeNpy, preprocess } from '@swsl/preprocess/node';
import { isSwslError, resolveVariant } from '@swsl/registry';
import { writeFileAtomic } from '@swsl/runtime-node';
import sharp from 'sharp';
import { EXIT } from '../exit-codes.js';
import { red, type Terminal } from '../terminal.js';

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
      await writeFileAtomic(`${stem}.png`, png);
      t.out(`${stem}.png\n`);
      if (flags.npy) {
        await writeFileAtomic(`${stem}.npy`, encodeNpy(data, dims));
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
