import { featureDim } from '@swsl/registry';
import { createNpyRowWriter, openTemp } from '../embed/npy-writer.js';
import { EXIT } from '../exit-codes.js';
import { problemRow, streamInputs } from '../input-stream.js';
import type { ModelFlags } from '../model-options.js';
import { openClassifier, withDecodeWorkersFor } from '../open-classifier.js';
import { red, type Terminal } from '../terminal.js';

export interface EmbedFlags extends ModelFlags {
  readonly output?: string;
  readonly jsonl?: boolean;
  readonly normalize?: boolean;
}

interface InputError {
  readonly code: string;
  readonly message: string;
}

type Outcome = { file: string; features: Float32Array } | { file: string; error: InputError };

/** Unit L2 length (sums in float64); an all-zero vector stays zero. */
function l2normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  if (sum === 0) return v;
  const scale = 1 / Math.sqrt(sum);
  return v.map((x) => x * scale);
}

/** `-o feats` → `feats.npy` (as numpy.save), and its index `feats.index.jsonl`. */
export function embedPaths(output: string): { npy: string; index: string } {
  const npy = /\.npy$/i.test(output) ? output : `${output}.npy`;
  return { npy, index: npy.replace(/\.npy$/i, '.index.jsonl') };
}

/** Where outcomes go, in input order. */
interface Sink {
  write(outcomes: readonly Outcome[]): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

async function npySink(t: Terminal, output: string, width: number): Promise<Sink> {
  const paths = embedPaths(output);
  const npy = await createNpyRowWriter(paths.npy, width);
  const index = await openTemp(paths.index).catch(async (error) => {
    await npy.abort();
    throw error;
  });
  return {
    async write(outcomes) {
      const lines: string[] = [];
      let row = npy.rows;
      for (const o of outcomes) {
        lines.push(JSON.stringify('error' in o ? o : { row: row++, file: o.file }));
      }
      await npy.write(outcomes.flatMap((o) => ('error' in o ? [] : [o.features])));
      if (lines.length) await index.handle.write(`${lines.join('\n')}\n`);
    },
    async close() {
      await npy.close();
      await index.commit();
      if (!t.quiet) t.err(`${npy.rows} × ${width} float32 rows\n`);
      t.out(`${paths.npy}\n${paths.index}\n`);
    },
    async abort() {
      await npy.abort();
      await index.abort();
    },
  };
}

async function jsonlSink(t: Terminal, output: string | undefined): Promise<Sink> {
  const line = (o: Outcome) =>
    `${JSON.stringify('error' in o ? o : { file: o.file, embedding: Array.from(o.features) })}\n`;
  if (!output) {
    return {
      write: async (outcomes) => t.out(outcomes.map(line).join('')),
      close: async () => {},
      abort: async () => {},
    };
  }
  const file = await openTemp(output);
  return {
    write: async (outcomes) => {
      if (outcomes.length) await file.handle.write(outcomes.map(line).join(''));
    },
    close: async () => {
      await file.commit();
      t.out(`${output}\n`);
    },
    abort: () => file.abort(),
  };
}

export async function embedCommand(
  t: Terminal,
  inputs: readonly string[],
  flags: EmbedFlags,
  given: boolean,
): Promise<number> {
  const input = streamInputs(inputs);
  await input.check();
  const classifier = await openClassifier(t, await withDecodeWorkersFor(input, flags), given);
  let sink: Sink | undefined;
  let failed = 0;
  try {
    const width = featureDim(classifier.info.arch);
    sink = flags.jsonl ? await jsonlSink(t, flags.output) : await npySink(t, flags.output!, width);
    const out = sink;
    // Outcomes go to the sink a batch at a time (one .npy write per batch), in input order.
    let pending: Outcome[] = [];
    const emit = async (o: Outcome) => {
      if ('error' in o) {
        failed++;
        t.err(`${red(t.errColor, 'error')} ${o.error.message} [${o.error.code}]\n`);
      }
      pending.push(o);
      if (pending.length >= flags.batch) {
        await out.write(pending);
        pending = [];
      }
    };
    for await (const row of input.inOrder(classifier.stream(input.images(), { topK: 0, features: true }))) {
      if ('problem' in row) await emit(problemRow(row.problem));
      else if ('error' in row.result) await emit({ file: row.file, error: row.result.error });
      else {
        const { features } = row.result;
        await emit({ file: row.file, features: flags.normalize ? l2normalize(features!) : features! });
      }
    }
    if (pending.length) await out.write(pending);
    await sink.close();
  } catch (error) {
    await sink?.abort();
    throw error;
  } finally {
    await classifier.dispose();
  }
  return failed ? EXIT.someInputsFailed : EXIT.ok;
}
