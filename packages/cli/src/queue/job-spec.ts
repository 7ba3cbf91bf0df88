import type { Dtype } from '@swsl/core';
import type { NodeDevice } from '@swsl/runtime-node';
import type { Redis } from 'ioredis';
import { UnknownJobError } from './errors.js';

export const QUEUE_TASKS = ['classify', 'embed', 'eval'] as const;
export type QueueTask = (typeof QUEUE_TASKS)[number];

/**
 * Everything a worker needs to run a job, written once by `queue submit`: the model options travel with the job, so
 * workers are started with nothing but the Redis URL. Workers on one job agree on the lock settings because they
 * read them here.
 */
export interface JobSpec {
  readonly version: 1;
  /** The BullMQ queue name; also the job's name in every `swsl queue` command. */
  readonly name: string;
  readonly task: QueueTask;
  readonly model: string;
  /** Whether `--model` was given (then `--weights` is checked against its architecture). */
  readonly modelGiven: boolean;
  /** An absolute path that every worker must see (shared storage). */
  readonly weights?: string;
  readonly dtype: Dtype;
  /** Defaults for workers; `swsl worker --device/--threads/--batch/--decode-workers` override them per machine. */
  readonly device: NodeDevice;
  readonly batch: number;
  readonly threads?: number;
  readonly decodeWorkers?: number;
  /** classify: classes per row; eval rows always carry at least 5. */
  readonly topK: number;
  /** embed: L2-normalize each feature vector. */
  readonly normalize: boolean;
  readonly inputs: number;
  readonly chunkSize: number;
  readonly chunks: number;
  /** BullMQ `lockDuration`: how long a silent worker keeps its chunk before another may take it. */
  readonly lockMs: number;
  /** How many workers a chunk may kill (or fail in) before it is failed: BullMQ `attempts` and `maxStalledCount`+1. */
  readonly attempts: number;
  readonly createdAt: number;
  /** sha256 of the task, model options and inputs: the same submit twice is the same job. */
  readonly fingerprint: string;
}

/** One input as stored in the job's list: a path on shared storage or an http(s) URL, and for eval its class. */
export interface Entry {
  readonly input: string;
  readonly label?: number;
}

/** The data of one BullMQ job: the input list's indices `[start, end)`. */
export interface ChunkData {
  readonly start: number;
  readonly end: number;
}

/**
 * Redis keys besides BullMQ's own (`bull:<name>:*`). `swsl:jobs` lists the jobs (a sorted set, by submit time) so
 * that workers find work without being told a queue name.
 */
export const REGISTRY_KEY = 'swsl:jobs';
export const jobKeys = (name: string) => ({
  spec: `swsl:${name}:spec`,
  /** A list of JSON entries in input order. */
  inputs: `swsl:${name}:inputs`,
  /** A hash, input → JSON row: a retried chunk overwrites its rows, so each input has exactly one. */
  results: `swsl:${name}:results`,
  /** A hash, input → error code, for the counts in `queue status`. */
  errors: `swsl:${name}:errors`,
  /** A hash, minute since the epoch → rows written in it, and `first`/`last` write times: `queue status`'s rate. */
  rate: `swsl:${name}:rate`,
});

export const chunkId = (index: number) => `chunk-${index}`;

export async function readSpec(redis: Redis, name: string): Promise<JobSpec | undefined> {
  const text = await redis.get(jobKeys(name).spec);
  return text ? (JSON.parse(text) as JobSpec) : undefined;
}

export async function listJobs(redis: Redis): Promise<string[]> {
  return redis.zrange(REGISTRY_KEY, 0, '-1');
}

/** The named job, or the only one when no name is given. */
export async function requireSpec(redis: Redis, name: string | undefined): Promise<JobSpec> {
  const known = await listJobs(redis);
  const chosen = name ?? (known.length === 1 ? known[0] : undefined);
  if (chosen === undefined) throw new UnknownJobError(undefined, known);
  const spec = await readSpec(redis, chosen);
  if (!spec) throw new UnknownJobError(chosen, known);
  return spec;
}

/** A queue name BullMQ accepts (no `:`) that says what the job is: `classify-resnet50_swsl-1a2b3c4d`. */
export function defaultJobName(task: QueueTask, model: string, weights: string | undefined, fingerprint: string) {
  const what = weights ? (weights.split('/').pop() ?? 'weights').replace(/\.[^.]*$/, '') : model;
  return `${task}-${what.replace(/[^A-Za-z0-9_.-]/g, '_')}-${fingerprint.slice(0, 8)}`;
}
