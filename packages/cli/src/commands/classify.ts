import type { Prediction } from '@swsl/core';
import { EXIT } from '../exit-codes.js';
import { problemRow, streamInputs } from '../input-stream.js';
import type { ModelFlags } from '../model-options.js';
import { openClassifier, withDecodeWorkersFor } from '../open-classifier.js';
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
  const input = streamInputs(inputs);
  await input.check();
  const classifier = await openClassifier(t, await withDecodeWorkersFor(input, flags), modelGiven);
  const all: Outcome[] = [];
  let failed = 0;
  const emit = (o: Outcome) => {
    if ('error' in o) failed++;
    if (flags.jsonl) t.out(`${JSON.stringify(asJson(o))}\n`);
    else if (flags.json) all.push(o);
    else printHuman(t, o);
  };
  try {
    for await (const row of input.inOrder(classifier.stream(input.images(), { topK: flags.topK }))) {
      if ('problem' in row) emit(problemRow(row.problem));
      else {
        const { file, result } = row;
        emit('error' in result ? { file, error: result.error } : { file, predictions: result.predictions });
      }
    }
  } finally {
    await classifier.dispose();
  }
  if (flags.json) t.out(`${JSON.stringify(all.map(asJson), null, 2)}\n`);
  return failed ? EXIT.someInputsFailed : EXIT.ok;
}
