import type { Classifier, Prediction } from '@swsl/core';
import { isSwslError } from '@swsl/registry';
import type { NodeImageInput } from '@swsl/runtime-node';
import { EXIT } from '../exit-codes.js';
import { expandInputs, type InputFile, type InputProblem, isProblem } from '../inputs.js';
import { type ModelFlags, openClassifier } from '../model-options.js';
import { bold, dim, red, type Terminal } from '../terminal.js';

export interface ClassifyFlags extends ModelFlags {
  readonly topK: number;
  readonly json?: boolean;
  readonly jsonl?: boolean;
}

type Outcome = { file: string; predictions: Prediction[] } | { file: string; error: { code: string; message: string } };

function asError(file: string, error: unknown): Outcome {
  if (isSwslError(error)) return { file, error: { code: error.code, message: error.message } };
  const errno = (error as NodeJS.ErrnoException).code;
  const code = errno === 'ENOENT' ? 'E_NOT_FOUND' : errno ? 'E_READ' : 'E_UNEXPECTED';
  return { file, error: { code, message: `${file}: ${(error as Error).message}` } };
}

/** One batch; when it fails, image by image, so one bad file does not sink its neighbours. */
async function classifyBatch(
  classifier: Classifier<NodeImageInput>,
  files: readonly InputFile[],
  topK: number,
): Promise<Outcome[]> {
  const inputs = await Promise.all(files.map((f) => f.input()));
  try {
    const results = await classifier.classify(inputs, { topK });
    return results.map((predictions, i) => ({ file: files[i]!.name, predictions }));
  } catch {
    // One of them failed: classify them one by one to tell which.
  }
  const outcomes: Outcome[] = [];
  for (const [i, f] of files.entries()) {
    try {
      const [predictions] = await classifier.classify([inputs[i]!], { topK });
      outcomes.push({ file: f.name, predictions: predictions! });
    } catch (error) {
      outcomes.push(asError(f.name, error));
    }
  }
  return outcomes;
}

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

export async function classifyCommand(
  t: Terminal,
  inputs: readonly string[],
  flags: ClassifyFlags,
  modelGiven: boolean,
): Promise<number> {
  const classifier = await openClassifier(t, flags, modelGiven);
  const all: Outcome[] = [];
  let failed = 0;
  const emit = (outcomes: Outcome[]) => {
    for (const o of outcomes) {
      if ('error' in o) failed++;
      if (flags.jsonl) t.out(`${JSON.stringify(asJson(o))}\n`);
      else if (flags.json) all.push(o);
      else printHuman(t, o);
    }
  };
  try {
    let pending: InputFile[] = [];
    const flush = async () => {
      if (pending.length) emit(await classifyBatch(classifier, pending, flags.topK));
      pending = [];
    };
    for await (const item of expandInputs(inputs)) {
      if (isProblem(item)) {
        await flush();
        const p = item as InputProblem;
        emit([{ file: p.name, error: { code: p.code, message: p.message } }]);
        continue;
      }
      pending.push(item);
      if (pending.length >= flags.batch) await flush();
    }
    await flush();
  } finally {
    await classifier.dispose();
  }
  if (flags.json) t.out(`${JSON.stringify(all.map(asJson), null, 2)}\n`);
  return failed ? EXIT.someInputsFailed : EXIT.ok;
}
