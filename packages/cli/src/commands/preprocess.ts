import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { encodeNpy, preprocess } from '@swsl/preprocess/node';
import { isSwslError, resolveVariant } from '@swsl/registry';
import { writeFileAtomic } from '@swsl/runtime-node';
import sharp from 'sharp';
import { EXIT } from '../exit-codes.js';
import { expandInputsOrFail, type InputFile, isProblem } from '../inputs.js';
import { red, type Terminal } from '../terminal.js';

/**
 * Where an input's crop goes, without the extension: `<out>/<file name>` for a file, `<out>/<path below the folder>`
 * for an image found in a folder (two `cat.jpg` in two sub-folders stay two files), `<out>/stdin` for `-`.
 */
function outputStem(output: string, file: InputFile): string {
  if (file.name === '-') return join(output, 'stdin');
  if (file.root !== undefined) return join(output, relative(file.root, file.name));
  return join(output, basename(file.name));
}

/**
 * Writes the exact crop the model sees (PNG) and optionally the normalized NCHW tensor (.npy), per image. Inputs as
 * `classify` takes them: files, folders (walked recursively), quoted globs, `-`.
 */
export async function preprocessCommand(
  t: Terminal,
  inputs: readonly string[],
  flags: { output: string; npy?: boolean; model: string },
): Promise<number> {
  const spec = resolveVariant(flags.model).preprocessing;
  let failed = 0;
  const fail = (message: string, code: string) => {
    failed++;
    t.err(`${red(t.errColor, 'error')} ${message} [${code}]\n`);
  };
  for await (const item of expandInputsOrFail(inputs)) {
    if (isProblem(item)) {
      fail(item.message, item.code);
      continue;
    }
    try {
      const { crops, data, dims } = await preprocess(await item.input(), { spec });
      const stem = outputStem(flags.output, item);
      await mkdir(dirname(stem), { recursive: true });
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
      if (isSwslError(error)) fail(error.message, error.code);
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT') fail(`${item.name}: no such file`, 'E_NOT_FOUND');
      else throw error;
    }
  }
  return failed ? EXIT.someInputsFailed : EXIT.ok;
}
