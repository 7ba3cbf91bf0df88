import type { Prediction } from '@swsl/core';
import { EXIT } from '../exit-codes.js';
import { expandInputs, type InputProblem, isProblem } from '../inputs.js';
import { type ModelFlags, openClassifier } from '../model-options.js';
import { bold, dim, red, type Terminal } from '../terminal.js';

export interface ClassifyFlags extends ModelFlags {
  readonly topK: number;
  readonly json?: boolean;
  readonly jsonl?: boolean;
}

type Outcome = { file: string; predictions: Prediction[] } | { file: string; error: { code: string; message: string } };

function printHuman(t: Terminal, outcome: Outcome): void {
  if ('error' in outcome) {
    t.err(`${red(t.errColor, 'error')} ${outcome.error.message} [${outcome.error.code}]\n`);
    return;
  }
  const lines = outcome.predictions.map(
    (p, rank) =>
      `  ${String(rank + 1).padStart(2)}  ${(p.probability * 100).toFixed(2).padStart(6)}%  ${p.name} ${dim(t.outColor, `(${p.index}, ${p.wnid})`)}`,
  );
  t.out(`${bold(t.outColor, outcome.file)}\n${lines.join('\n')}\n`);
}

const asJson = (o: Outcome) =>
  'error' in o ? o : { file: o.file, predictions: o.predictions.map((p, i) => ({ rank: i + 1, ...p })) };

/**
 * Classifies through the pipelined path: decode workers prepare the next batches while the model runs; results come
 * in input order, an image that fails is its own error row and the rest of its batch still runs.
 */
export async function classifyCommand(
  t: Terminal,
  inputs: readonly string[],
  flags: ClassifyFlags,
  modelGiven: boolean,
): Promise<number> {
  const classifier = await openClassifier(t, flags, modelGiven);
  const all: Outcome[] = [];
  let failed = 0;
  const emit = (o: Outcome) => {
    if ('error' in o) failed++;
    if (flags.jsonl) t.out(`${JSON.stringify(asJson(o))}\n`);
    else if (flags.json) all.push(o);
    else printHuman(t, o);
  };
  // Arguments that name nothing keep their place among the results: each waits for the images listed before it.
  const problems: { before: number; problem: InputProblem }[] = [];
  const names = new Map<number, string>();
  let read = 0;
  async function* images() {
    for await (const item of expandInputs(inputs)) {
      if (isProblem(item)) problems.push({ before: read, problem: item });
      else {
        names.set(read++, item.name);
        yield await item.input();
      }
    }
  }
  const emitProblems = (upTo: number) => {
    while (problems.length > 0 && (problems[0] as { before: number }).before <= upTo) {
      const { problem } = problems.shift() as { problem: InputProblem };
      emit({ file: problem.name, error: { code: problem.code, message: problem.message } });
    }
  };
  try {
    for await (const result of classifier.stream(images(), { topK: flags.topK })) {
      emitProblems(result.index);
      const file = names.get(result.index) ?? result.name;
      names.delete(result.index);
      emit('error' in result ? { file, error: result.error } : { file, predictions: result.predictions });
    }
    emitProblems(Number.POSITIVE_INFINITY);
  } finally {
    await classifier.dispose();
  }
  if (flags.json) t.out(`${JSON.stringify(all.map(asJson), null, 2)}\n`);
  return failed ? EXIT.someInputsFailed : EXIT.ok;
}
