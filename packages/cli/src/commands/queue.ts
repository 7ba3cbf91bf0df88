import { resolve } from 'node:path';
import { NoInputError } from '@swsl/runtime-node';
import type { Redis } from 'ioredis';
import { EXIT } from '../exit-codes.js';
import { describeArgs } from '../inputs.js';
import type { ModelFlags } from '../model-options.js';
import { cleanJob } from '../queue/clean.js';
import { connectRedis, redactUrl, redisUrl } from '../queue/connection.js';
import { UnknownJobError } from '../queue/errors.js';
import { type JobSpec, listJobs, type QueueTask, readSpec, requireSpec } from '../queue/job-spec.js';
import { collectInputs } from '../queue/manifest.js';
import { type Accuracy, type EvalCounts, writeResults } from '../queue/results.js';
import { explainFailure, type JobStatus, jobStatus } from '../queue/status.js';
import { submitJob } from '../queue/submit.js';
import { bold, dim, red, type Terminal } from '../terminal.js';

export interface SubmitFlags extends ModelFlags {
  readonly redis?: string;
  readonly task: QueueTask;
  readonly queue?: string;
  readonly chunkSize: number;
  readonly lockMs: number;
  readonly attempts: number;
  readonly topK: number;
  readonly normalize?: boolean;
}

async function withRedis<T>(flag: string | undefined, body: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = await connectRedis(redisUrl(flag));
  try {
    return await body(redis);
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

export async function submitCommand(
  t: Terminal,
  inputs: readonly string[],
  flags: SubmitFlags,
  modelGiven: boolean,
): Promise<number> {
  const { entries, duplicates, unreachable } = await collectInputs(inputs, flags.task);
  for (const p of unreachable) t.err(`${red(t.errColor, 'error')} ${p.message} [${p.code}] (left out of the job)\n`);
  if (entries.length === 0) throw new NoInputError(describeArgs(inputs));
  return withRedis(flags.redis, async (redis) => {
    const { spec, created } = await submitJob(
      redis,
      {
        ...(flags.queue ? { name: flags.queue } : {}),
        task: flags.task,
        model: flags.model,
        modelGiven,
        ...(flags.weights ? { weights: resolve(flags.weights) } : {}),
        dtype: flags.dtype,
        device: flags.device,
        batch: flags.batch,
        ...(flags.threads ? { threads: flags.threads } : {}),
        ...(flags.decodeWorkers !== undefined ? { decodeWorkers: flags.decodeWorkers } : {}),
        topK: flags.topK,
        normalize: flags.normalize ?? false,
        chunkSize: flags.chunkSize,
        lockMs: flags.lockMs,
        attempts: flags.attempts,
      },
      entries,
    );
    t.out(`${spec.name}\n`);
    if (!t.quiet) {
      const dup = duplicates ? ` (${duplicates} repeated inputs kept once)` : '';
      t.err(
        created
          ? `queued ${spec.inputs} inputs${dup} in ${spec.chunks} chunks of ${spec.chunkSize} as "${spec.name}"\n`
          : `"${spec.name}" was already queued with these inputs and options: nothing added twice\n`,
      );
      t.err(dim(t.errColor, `start workers: swsl worker --redis ${redactUrl(redisUrl(flags.redis))}\n`));
    }
    return unreachable.length ? EXIT.someInputsFailed : EXIT.ok;
  });
}

function modelLine(spec: JobSpec): string {
  const model = spec.weights ? `${spec.weights}${spec.modelGiven ? ` (${spec.model})` : ''}` : spec.model;
  const what = spec.task === 'embed' ? (spec.normalize ? 'L2-normalized' : '') : `top-${spec.topK}`;
  return `${spec.task}  ${model}  ${spec.dtype}${what ? `  ${what}` : ''}`;
}

function printStatus(t: Terminal, s: JobStatus): void {
  const { spec, chunks } = s;
  const left = spec.inputs - s.done;
  const eta = s.rate > 0 && left > 0 ? `, about ${Math.ceil(left / s.rate)} s left` : '';
  const lines = [
    [bold(t.outColor, 'job'), bold(t.outColor, spec.name)],
    ['task', modelLine(spec)],
    [
      'submitted',
      `${new Date(spec.createdAt).toISOString()}: ${spec.inputs} inputs in ${spec.chunks} chunks of ${spec.chunkSize}`,
    ],
    [
      'inputs',
      `${s.done} done (${s.errors} errors), ${left} to go; ${s.rate.toFixed(1)}/s ${s.finished ? 'on average' : `over the last 5 min${eta}`}`,
    ],
    [
      'chunks',
      `${chunks.done} done, ${chunks.inFlight} in flight, ${chunks.waiting} waiting, ${chunks.retrying} retrying, ${chunks.failed} failed`,
    ],
    ['workers', s.workers === undefined ? 'unknown (CLIENT LIST refused)' : String(s.workers)],
    ['state', s.finished ? (chunks.failed ? 'finished, with failed chunks' : 'finished') : 'running'],
  ];
  for (const f of s.failures)
    lines.push(['failed', `${f.chunk} (inputs ${f.start}–${f.end - 1}): ${explainFailure(f)}`]);
  t.out(`${lines.map(([k, v]) => `${String(k).padEnd(10)} ${v}`).join('\n')}\n`);
}

const statusJson = (s: JobStatus) => ({
  name: s.spec.name,
  task: s.spec.task,
  ...(s.spec.weights && !s.spec.modelGiven ? {} : { model: s.spec.model }),
  ...(s.spec.weights ? { weights: s.spec.weights } : {}),
  dtype: s.spec.dtype,
  createdAt: new Date(s.spec.createdAt).toISOString(),
  inputs: s.spec.inputs,
  chunkSize: s.spec.chunkSize,
  done: s.done,
  errors: s.errors,
  chunks: { total: s.spec.chunks, ...s.chunks },
  ...(s.workers === undefined ? {} : { workers: s.workers }),
  rate: s.rate,
  finished: s.finished,
  failures: s.failures.map((f) => ({ ...f, explanation: explainFailure(f) })),
});

export async function statusCommand(
  t: Terminal,
  job: string | undefined,
  flags: { redis?: string; json?: boolean },
): Promise<number> {
  return withRedis(flags.redis, async (redis) => {
    const names = job ? [job] : await listJobs(redis);
    const statuses: JobStatus[] = [];
    for (const name of names) {
      const spec = await readSpec(redis, name);
      if (!spec) throw new UnknownJobError(name, await listJobs(redis));
      statuses.push(await jobStatus(redis, spec));
    }
    if (flags.json) {
      const rows = statuses.map(statusJson);
      t.out(`${JSON.stringify(job ? rows[0] : rows, null, 2)}\n`);
    } else if (!statuses.length) {
      t.err('no jobs in this Redis: submit one with `swsl queue submit`\n');
    } else {
      statuses.forEach((s, i) => {
        if (i) t.out('\n');
        printStatus(t, s);
      });
    }
    return EXIT.ok;
  });
}

const accuracyText = (name: string, a: Accuracy) =>
  `${name} ${a.correct} (${a.percent.toFixed(2)}%, 95% CI ${a.ci95[0].toFixed(2)}–${a.ci95[1].toFixed(2)})`;

function evalSummary(counts: EvalCounts, errors: number): string {
  return (
    `evaluated ${counts.evaluated}: ${accuracyText('top-1', counts.top1)}, ${accuracyText('top-5', counts.top5)}` +
    (errors ? `; ${errors} inputs failed` : '')
  );
}

export async function resultsCommand(
  t: Terminal,
  job: string | undefined,
  flags: { redis?: string; output?: string; partial?: boolean; json?: boolean },
): Promise<number> {
  return withRedis(flags.redis, async (redis) => {
    const spec = await requireSpec(redis, job);
    const collected = await writeResults(redis, spec, {
      ...(flags.output ? { output: flags.output } : {}),
      ...(flags.partial ? { partial: true } : {}),
      write: t.out,
    });
    // The summary goes to stdout when the rows went to files (their paths first, as `swsl embed` prints them),
    // else beside the rows, on stderr.
    const say = flags.output ? t.out : t.err;
    for (const file of collected.files) t.out(`${file}\n`);
    if (collected.eval) {
      say(
        flags.json
          ? `${JSON.stringify({ name: spec.name, errors: collected.errors, pending: collected.pending, ...collected.eval })}\n`
          : `${evalSummary(collected.eval, collected.errors)}\n`,
      );
    }
    if (!t.quiet) {
      const pending = collected.pending ? `, ${collected.pending} inputs not done yet (--partial)` : '';
      t.err(`${collected.rows} rows (${collected.errors} errors${pending})\n`);
    }
    return collected.errors ? EXIT.someInputsFailed : EXIT.ok;
  });
}

export async function cleanCommand(
  t: Terminal,
  jobs: readonly string[],
  flags: { redis?: string; all?: boolean; force?: boolean },
): Promise<number> {
  return withRedis(flags.redis, async (redis) => {
    const known = await listJobs(redis);
    const names = flags.all ? known : jobs;
    if (!names.length) throw new UnknownJobError(undefined, known);
    for (const name of names) {
      const spec = await readSpec(redis, name);
      if (!spec) throw new UnknownJobError(name, known);
      await cleanJob(redis, spec, { ...(flags.force ? { force: true } : {}) });
      if (!t.quiet) t.err(`removed ${name}\n`);
    }
    return EXIT.ok;
  });
}
