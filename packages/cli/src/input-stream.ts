import { isSwslError } from '@swsl/registry';
import { expandInputsOrFail, type InputFile, type InputProblem, isProblem } from './inputs.js';

/**
 * The images named by the command line, for `classifier.stream`, with the arguments that named nothing (a missing
 * file, an empty glob, a dangling link) kept in their place among the results: each is released once the images
 * listed before it are. Arguments that name no image and no problem at all end the stream with `E_NO_INPUT`.
 */
export function streamInputs(inputs: readonly string[]) {
  const source = expandInputsOrFail(inputs);
  let first: IteratorResult<InputFile | InputProblem> | undefined;
  /** Entries read ahead by `atMost`, handed out before the rest of `source`. */
  const ahead: (InputFile | InputProblem)[] = [];
  let ended = false;
  const problems: { before: number; problem: InputProblem }[] = [];
  const names = new Map<number, string>();
  let read = 0;
  let problemCount = 0;
  /** The problems listed before image `index` (every one left, for `Infinity`), in order, each returned once. */
  const problemsBefore = (index: number): InputProblem[] => {
    const out: InputProblem[] = [];
    while (problems.length > 0 && (problems[0] as { before: number }).before <= index) {
      out.push((problems.shift() as { problem: InputProblem }).problem);
    }
    return out;
  };
  /** The file name of result `index` as the command line gave it (else `fallback`); forgotten once asked. */
  const nameOf = (index: number, fallback: string): string => {
    const name = names.get(index) ?? fallback;
    names.delete(index);
    return name;
  };
  const take = (item: InputFile | InputProblem) => {
    if (isProblem(item)) {
      problems.push({ before: read, problem: item });
      problemCount++;
      return undefined;
    }
    names.set(read++, item.name);
    return item;
  };
  return {
    /**
     * Reads the first input ahead: inputs that hold nothing fail here with `E_NO_INPUT`, in milliseconds, before the
     * command loads (or downloads) a model.
     */
    async check(): Promise<void> {
      first ??= await source.next();
    },
    /**
     * Whether the inputs hold at most `n` images, reading ahead no further than needed to know (a folder of
     * thousands costs n + 1 entries). Lets a command size its work: one photo needs no decode worker.
     */
    async atMost(n: number): Promise<boolean> {
      first ??= await source.next();
      if (first.done) return true;
      const images = () => [first?.value, ...ahead].filter((item) => item && !isProblem(item)).length;
      while (!ended && images() <= n) {
        const next = await source.next();
        if (next.done) ended = true;
        else ahead.push(next.value);
      }
      return images() <= n;
    },
    async *images() {
      first ??= await source.next();
      if (first.done) return;
      const head = take(first.value);
      if (head) yield await head.input();
      while (ahead.length > 0) {
        const file = take(ahead.shift() as InputFile | InputProblem);
        if (file) yield await file.input();
      }
      if (ended) return;
      for await (const item of source) {
        const file = take(item);
        if (file) yield await file.input();
      }
    },
    /**
     * The stream's results, each under the name the command line gave it, with the problems in their places. When
     * every input was a problem the stream's own `E_NO_INPUT` is dropped: the problems are the answer.
     */
    async *inOrder<R extends { readonly index: number; readonly name: string }>(
      results: AsyncIterable<R>,
    ): AsyncGenerator<{ readonly file: string; readonly result: R } | { readonly problem: InputProblem }> {
      try {
        for await (const result of results) {
          for (const problem of problemsBefore(result.index)) yield { problem };
          yield { file: nameOf(result.index, result.name), result };
        }
      } catch (error) {
        if (!(isSwslError(error, 'E_NO_INPUT') && read === 0 && problemCount > 0)) throw error;
      }
      for (const problem of problemsBefore(Number.POSITIVE_INFINITY)) yield { problem };
    },
  };
}

/** A problem as an error row. */
export const problemRow = (p: InputProblem) => ({ file: p.name, error: { code: p.code, message: p.message } });
