import { stat } from 'node:fs/promises';
import { NoInputError, walkImages } from '@swsl/runtime-node';
import { glob, isDynamicPattern } from 'tinyglobby';

/**
 * One thing to classify: a path (read by the preprocessing step, so its errors name the file) or stdin's bytes,
 * produced lazily so a directory of 10,000 images is not loaded at once.
 */
export interface InputFile {
  readonly name: string;
  /** The folder argument it was found in (absent for files, globs and stdin): output paths mirror the tree below. */
  readonly root?: string;
  input(): Promise<string | Uint8Array>;
}

/** An argument or folder entry that named nothing readable; reported in the results like a failed image. */
export interface InputProblem {
  readonly name: string;
  readonly code: string;
  readonly message: string;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

const file = (path: string, root?: string): InputFile => ({
  name: path,
  ...(root !== undefined ? { root } : {}),
  input: async () => path,
});

/**
 * Command-line arguments → files, in order: `-` is stdin, a directory is walked recursively for images (following
 * symbolic links; see `walkImages`), a glob (quoted, so the shell leaves it alone) is expanded, anything else is a
 * file. Arguments that name nothing, link loops and dangling links come as problems in their place.
 */
export async function* expandInputs(args: readonly string[]): AsyncGenerator<InputFile | InputProblem> {
  for (const arg of args) {
    if (arg === '-') {
      yield { name: '-', input: readStdin };
      continue;
    }
    const info = await stat(arg).catch(() => undefined);
    if (info?.isDirectory()) {
      for await (const entry of walkImages(arg)) {
        yield 'code' in entry ? { name: entry.path, code: entry.code, message: entry.message } : file(entry.path, arg);
      }
    } else if (info) {
      yield file(arg);
    } else if (isDynamicPattern(arg)) {
      const matches = (await glob(arg, { onlyFiles: true, expandDirectories: false })).sort();
      if (matches.length === 0)
        yield { name: arg, code: 'E_NO_MATCH', message: `${arg}: no file matches this pattern` };
      for (const path of matches) yield file(path);
    } else {
      yield { name: arg, code: 'E_NOT_FOUND', message: `${arg}: no such file or directory` };
    }
  }
}

export function isProblem(item: InputFile | InputProblem): item is InputProblem {
  return 'code' in item;
}

/** How a command names its inputs in `E_NO_INPUT`: the arguments as given. */
export const describeArgs = (args: readonly string[]) => args.join(' ') || '(no inputs)';

/**
 * The inputs as they are read, and `E_NO_INPUT` once they end if they held neither an image nor a problem row (an
 * empty folder, a folder of other files): every command that takes inputs fails the same way, with exit status 3.
 */
export async function* expandInputsOrFail(args: readonly string[]): AsyncGenerator<InputFile | InputProblem> {
  let any = false;
  for await (const item of expandInputs(args)) {
    any = true;
    yield item;
  }
  if (!any) throw new NoInputError(describeArgs(args));
}
