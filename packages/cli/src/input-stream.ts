import { expandInputs, type InputProblem, isProblem } from './inputs.js';

/**
 * The images named by the command line, for `classifier.stream`, with the arguments that named nothing (a missing
 * file, an empty glob) kept in their place among the results: each is released once the images listed before it are.
 */
export function streamInputs(inputs: readonly string[]) {
  const problems: { before: number; problem: InputProblem }[] = [];
  const names = new Map<number, string>();
  let read = 0;
  return {
    async *images() {
      for await (const item of expandInputs(inputs)) {
        if (isProblem(item)) problems.push({ before: read, problem: item });
        else {
          names.set(read++, item.name);
          yield await item.input();
        }
      }
    },
    /** The problems listed before image `index` (every one left, for `Infinity`), in order, each returned once. */
    problemsBefore(index: number): InputProblem[] {
      const out: InputProblem[] = [];
      while (problems.length > 0 && (problems[0] as { before: number }).before <= index) {
        out.push((problems.shift() as { problem: InputProblem }).problem);
      }
      return out;
    },
    /** The file name of result `index` as the command line gave it (else `fallback`); forgotten once asked. */
    nameOf(index: number, fallback: string): string {
      const name = names.get(index) ?? fallback;
      names.delete(index);
      return name;
    },
  };
}

/** A problem as an error row. */
export const problemRow = (p: InputProblem) => ({ file: p.name, error: { code: p.code, message: p.message } });
