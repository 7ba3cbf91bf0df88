import { SwslError } from '@swsl/registry';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { embedPaths } from '../commands/embed.js';
import { createNpyRowWriter, type NpyRowWriter, openTemp } from '../embed/npy-writer.js';
import { wilsonInterval } from '../eval/wilson.js';
import { JobNotDoneError } from './errors.js';
import { type ChunkData, type Entry, type JobSpec, jobKeys } from './job-spec.js';
import { decodeFeatures, isErrorRow, type Row } from './rows.js';
import { chunkFailures, explainFailure, jobStatus } from './status.js';

const PAGE = 1_000;

export interface Accuracy {
  readonly correct: number;
  readonly percent: number;
  /** Wilson 95% interval, in percent (as `swsl eval`). */
  readonly ci95: readonly [number, number];
}

export interface EvalCounts {
  /** Rows with predictions: the denominator. */
  readonly evaluated: number;
  readonly top1: Accuracy;
  readonly top5: Accuracy;
}

export interface Collected {
  readonly rows: number;
  readonly errors: number;
  /** Inputs without a row yet (only with `partial`). */
  readonly pending: number;
  /** Files written. */
  readonly files: readonly string[];
  readonly eval?: EvalCounts;
}

/**
 * Every input's row in input order (paged: bounded memory for millions of inputs): done rows from the results hash,
 * the inputs of failed chunks as `E_CHUNK_FAILED` rows with the chunk's reason, and with `partial` the inputs not
 * done yet as `pending` markers. Refuses (E_NOT_DONE) while chunks are pending unless `partial`.
 */
export async function* jobRows(
  redis: Redis,
  spec: JobSpec,
  options: { partial?: boolean } = {},
): AsyncGenerator<Row | { file: string; pending: true }> {
  const keys = jobKeys(spec.name);
  const status = await jobStatus(redis, spec);
  if (!status.finished && !options.partial) {
    const c = status.chunks;
    throw new JobNotDoneError(
      spec.name,
      spec.inputs - status.done,
      `${c.waiting} chunks waiting, ${c.inFlight} in flight, ${c.retrying} retrying`,
    );
  }
  const queue = new Queue<ChunkData>(spec.name, { connection: redis });
  const failures = await chunkFailures(queue).finally(() => queue.close());
  const reasons = new Map(failures.map((f) => [f.start, explainFailure(f)]));

  for (let start = 0; start < spec.inputs; start += PAGE) {
    const entries = (await redis.lrange(keys.inputs, start, start + PAGE - 1)).map((l) => JSON.parse(l) as Entry);
    if (!entries.length) break;
    const stored = await redis.hmget(keys.results, ...entries.map((e) => e.input));
    for (const [i, entry] of entries.entries()) {
      const text = stored[i];
      if (text) {
        yield JSON.parse(text) as Row;
        continue;
      }
      const chunkStart = Math.floor((start + i) / spec.chunkSize) * spec.chunkSize;
      const reason = reasons.get(chunkStart);
      if (reason === undefined) {
        yield { file: entry.input, pending: true };
        continue;
      }
      const chunkEnd = Math.min(spec.inputs, chunkStart + spec.chunkSize) - 1;
      yield {
        file: entry.input,
        ...(entry.label === undefined ? {} : { label: entry.label }),
        error: {
          code: 'E_CHUNK_FAILED',
          message: `${entry.input}: not processed: its chunk (inputs ${chunkStart}–${chunkEnd}) failed: ${reason}`,
        },
      };
    }
  }
}

function accuracy(correct: number, n: number): Accuracy {
  const { low, high } = wilsonInterval(correct, n);
  const round = (x: number) => Number(x.toFixed(4));
  return { correct, percent: round(n ? (100 * correct) / n : 0), ci95: [round(100 * low), round(100 * high)] };
}

/** JSON lines as `swsl classify --jsonl` / `swsl embed --jsonl` print them. */
const jsonLine = (row: Row) =>
  `${JSON.stringify('features' in row ? { file: row.file, embedding: Array.from(decodeFeatures(row.features)) } : row)}\n`;

/**
 * Writes the job's rows in input order: JSON lines to `write` or to a file (`-o x.jsonl`), or for an embed job
 * `-o x.npy` as `swsl embed` writes it — the vectors as an N×D float32 `.npy` and `x.index.jsonl` mapping rows to
 * inputs (and listing the failed ones). Files appear whole or not at all (temp file, renamed).
 */
export async function writeResults(
  redis: Redis,
  spec: JobSpec,
  options: { output?: string; partial?: boolean; write: (text: string) => void },
): Promise<Collected> {
  const npy = options.output !== undefined && /\.npy$/i.test(options.output);
  if (npy && spec.task !== 'embed')
    throw new SwslError(
      'E_OUTPUT_FORMAT',
      `${options.output}: .npy holds embeddings, and "${spec.name}" is a ${spec.task} job: write .jsonl instead`,
    );
  const paths = npy ? embedPaths(options.output!) : undefined;
  const text = options.output && !npy ? await openTemp(options.output) : undefined;
  const index = paths ? await openTemp(paths.index) : undefined;
  let vectors: NpyRowWriter | undefined;
  const counts = { rows: 0, errors: 0, pending: 0 };
  let top1 = 0;
  let top5 = 0;
  let evaluated = 0;
  let lines: string[] = [];
  const flushText = async () => {
    if (lines.length) {
      const chunk = lines.join('');
      if (text) await text.handle.write(chunk);
      else if (index) await index.handle.write(chunk);
      else options.write(chunk);
    }
    lines = [];
  };
  try {
    for await (const row of jobRows(redis, spec, options)) {
      if ('pending' in row) {
        counts.pending++;
        continue;
      }
      counts.rows++;
      if (isErrorRow(row)) counts.errors++;
      else if ('predictions' in row && row.label !== undefined) {
        evaluated++;
        const indices = row.predictions.slice(0, 5).map((p) => p.index);
        if (indices[0] === row.label) top1++;
        if (indices.includes(row.label)) top5++;
      }
      if (paths) {
        if ('features' in row) {
          const vector = decodeFeatures(row.features);
          vectors ??= await createNpyRowWriter(paths.npy, vector.length);
          lines.push(`${JSON.stringify({ row: vectors.rows, file: row.file })}\n`);
          await vectors.write([vector]);
        } else {
          lines.push(jsonLine(row));
        }
      } else {
        lines.push(jsonLine(row));
      }
      if (lines.length >= PAGE) await flushText();
    }
    await flushText();
    if (paths) {
      // No vector at all (every input failed): an empty [0, 0] array, so the file still exists.
      vectors ??= await createNpyRowWriter(paths.npy, 0);
      await vectors.close();
      await index!.commit();
    }
    await text?.commit();
  } catch (error) {
    await vectors?.abort();
    await index?.abort();
    await text?.abort();
    throw error;
  }
  return {
    ...counts,
    files: paths ? [paths.npy, paths.index] : options.output ? [options.output] : [],
    ...(spec.task === 'eval'
      ? { eval: { evaluated, top1: accuracy(top1, evaluated), top5: accuracy(top5, evaluated) } }
      : {}),
  };
}
