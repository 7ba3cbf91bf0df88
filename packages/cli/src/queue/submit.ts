import { createHash, randomBytes } from 'node:crypto';
import { SwslError } from '@swsl/registry';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobExistsError } from './errors.js';
import {
  type ChunkData,
  chunkId,
  defaultJobName,
  type Entry,
  type JobSpec,
  jobKeys,
  REGISTRY_KEY,
  readSpec,
} from './job-spec.js';

/** What `queue submit` was asked for: the spec less what is derived from the inputs. */
export type SubmitRequest = Omit<JobSpec, 'version' | 'name' | 'inputs' | 'chunks' | 'createdAt' | 'fingerprint'> & {
  readonly name?: string;
};

export interface Submitted {
  readonly spec: JobSpec;
  /** false: the same job (same inputs and options) was already queued; nothing was added twice. */
  readonly created: boolean;
}

const WRITE_BATCH = 1_000;

function fingerprintOf(request: SubmitRequest, entries: readonly Entry[]): string {
  const hash = createHash('sha256');
  const { task, model, modelGiven, weights, dtype, topK, normalize, chunkSize } = request;
  hash.update(JSON.stringify({ task, model, modelGiven, weights, dtype, topK, normalize, chunkSize }));
  for (const entry of entries) hash.update(`\n${JSON.stringify(entry)}`);
  return hash.digest('hex');
}

/** Enqueues one BullMQ job per chunk, with ids that make a repeated add a no-op (a resumed submit adds nothing twice). */
async function addChunks(redis: Redis, spec: JobSpec): Promise<void> {
  const queue = new Queue<ChunkData>(spec.name, { connection: redis });
  try {
    for (let first = 0; first < spec.chunks; first += WRITE_BATCH) {
      const jobs = [];
      for (let c = first; c < Math.min(spec.chunks, first + WRITE_BATCH); c++) {
        jobs.push({
          name: 'chunk',
          data: { start: c * spec.chunkSize, end: Math.min(spec.inputs, (c + 1) * spec.chunkSize) },
          opts: {
            jobId: chunkId(c),
            attempts: spec.attempts,
            backoff: { type: 'exponential', delay: 1_000 },
            // Kept, for `queue status` and its failure reasons, until `swsl queue clean`.
            removeOnComplete: false,
            removeOnFail: false,
          },
        });
      }
      await queue.addBulk(jobs);
    }
  } finally {
    await queue.close();
  }
}

/**
 * Writes the job's inputs and spec to Redis, then its chunks to BullMQ, then registers it for workers. Submitting
 * the same inputs and options again (say after an interrupted submit) finishes that job instead of queueing a copy;
 * the same name for different work is `E_JOB_EXISTS`.
 */
export async function submitJob(redis: Redis, request: SubmitRequest, entries: readonly Entry[]): Promise<Submitted> {
  if (!entries.length) throw new SwslError('E_NO_INPUTS', 'nothing to submit: the inputs name no image');
  const fingerprint = fingerprintOf(request, entries);
  const name = request.name ?? defaultJobName(request.task, request.model, request.weights, fingerprint);
  if (!/^[A-Za-z0-9_.-]{1,200}$/.test(name))
    throw new SwslError('E_JOB_NAME', `"${name}" is not a queue name: use letters, digits, _ . - (no ":")`);
  const keys = jobKeys(name);
  const existing = await readSpec(redis, name);
  if (existing && existing.fingerprint !== fingerprint) throw new JobExistsError(name);

  let spec = existing;
  if (!spec) {
    const { name: _name, ...rest } = request;
    spec = {
      version: 1,
      ...rest,
      name,
      inputs: entries.length,
      chunks: Math.ceil(entries.length / request.chunkSize),
      createdAt: Date.now(),
      fingerprint,
    };
    if ((await redis.set(keys.spec, JSON.stringify(spec), 'NX')) === null) {
      // Another submit of this name won the race: the same job is fine, another one is not.
      const winner = await readSpec(redis, name);
      if (winner?.fingerprint !== fingerprint) throw new JobExistsError(name);
      spec = winner;
    }
  }
  if (!(await redis.exists(keys.inputs))) {
    // Built under a temporary key and renamed: a worker never reads half a list, a resumed submit never appends twice.
    const temporary = `${keys.inputs}:${randomBytes(6).toString('hex')}`;
    for (let start = 0; start < entries.length; start += WRITE_BATCH) {
      await redis.rpush(temporary, ...entries.slice(start, start + WRITE_BATCH).map((e) => JSON.stringify(e)));
    }
    await redis.rename(temporary, keys.inputs);
  }
  await addChunks(redis, spec);
  await redis.zadd(REGISTRY_KEY, 'NX', spec.createdAt, name);
  return { spec, created: !existing };
}
