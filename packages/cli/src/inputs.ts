import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { IMAGE_FILE_NAME } from '@swsl/preprocess';
import { glob, isDynamicPattern } from 'tinyglobby';

/**
 * One thing to classify: a path (read by the preprocessing step, so its errors name the file) or stdin's bytes,
 * produced lazily so a directory of 10,000 images is not loaded at once.
 */
export interface InputFile {
  readonly name: string;
  input(): Promise<string | Uint8Array>;
}

/** An argument that named nothing readable; reported in the results like a failed image. */
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

async function* walk(dir: string): AsyncGenerator<string> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile() && IMAGE_FILE_NAME.test(entry.name)) yield path;
  }
}

const file = (path: string): InputFile => ({ name: path, input: async () => path });

/**
 * Command-line arguments → files, in order: `-` is stdin, a directory is searched recursively for images, a glob
 * (quoted, so the shell leaves it alone) is expanded, anything else is a file.
 */
export async function* expandInputs(args: readonly string[]): AsyncGenerator<InputFile | InputProblem> {
  for (const arg of args) {
    if (arg === '-') {
      yield { name: '-', input: readStdin };
      continue;
    }
    const info = await stat(arg).catch(() => undefined);
    if (info?.isDirectory()) {
      for await (const path of walk(arg)) yield file(path);
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
