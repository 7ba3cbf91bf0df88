import { isSwslError } from '@swsl/registry';
import type { NodeImageInput } from '@swsl/runtime-node';
import type { InputFile } from './inputs.js';

/** Why one input has no result: a stable code and a message naming the file. */
export interface InputError {
  readonly code: string;
  readonly message: string;
}

export type Inferred<T> = { readonly value: T } | { readonly error: InputError };

/** Any failure of one input as an error row: swsl's typed errors keep their code, file-system ones get one. */
export function inputError(name: string, error: unknown): InputError {
  if (isSwslError(error)) return { code: error.code, message: error.message };
  const errno = (error as NodeJS.ErrnoException).code;
  const code = errno === 'ENOENT' ? 'E_NOT_FOUND' : errno ? 'E_READ' : 'E_UNEXPECTED';
  return { code, message: `${name}: ${(error as Error).message}` };
}

/**
 * One batch through `run` (the classifier's `classify` or `embed`), results in input order; when the batch fails,
 * image by image, so one bad file does not sink its neighbours. The one place `eval` and `embed` call the model.
 */
export async function inferBatch<T>(
  files: readonly InputFile[],
  run: (inputs: NodeImageInput[]) => Promise<T[]>,
): Promise<Inferred<T>[]> {
  const read: Inferred<NodeImageInput>[] = await Promise.all(
    files.map((f) =>
      f.input().then(
        (value) => ({ value }),
        (error: unknown) => ({ error: inputError(f.name, error) }),
      ),
    ),
  );
  if (read.every((r) => 'value' in r)) {
    try {
      return (await run(read.map((r) => (r as { value: NodeImageInput }).value))).map((value) => ({ value }));
    } catch {
      // One of them failed: run them one by one to tell which.
    }
  }
  const out: Inferred<T>[] = [];
  for (const [i, f] of files.entries()) {
    const r = read[i]!;
    if ('error' in r) {
      out.push(r);
      continue;
    }
    try {
      const [value] = await run([r.value]);
      out.push({ value: value! });
    } catch (error) {
      out.push({ error: inputError(f.name, error) });
    }
  }
  return out;
}
