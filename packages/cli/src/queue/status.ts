import { type Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type ChunkData, type JobSpec, jobKeys } from './job-spec.js';

export interface ChunkFailure {
  readonly chunk: string;
  /** Input indices `[start, end)`. */
  readonly start: number;
  readonly end: number;
  readonly reason: string;
  /** Times a worker started it, and times it was found without its worker (killed, or frozen past its lock). */
  readonly started: number;
  readonly workerLost: number;
  /** The input its last worker was at (from the chunk's progress), where known: the likely culprit of a crash. */
  readonly lastInput?: string;
}

export interface JobStatus {
  readonly spec: JobSpec;
  /** Inputs with a row (errors included), and those whose row is an error. */
  readonly done: number;
  readonly errors: number;
  readonly chunks: {
    readonly done: number;
    readonly inFlight: number;
    readonly waiting: number;
    /** Failed once, waiting out their backoff before the next attempt. */
    readonly retrying: number;
    readonly failed: number;
  };
  /** Workers connected to this job's queue (undefined where Redis refuses CLIENT LIST). */
  readonly workers?: number;
  /** Rows per second: over the last five minutes while running, the whole run's average once finished. */
  readonly rate: number;
  /** No chunk waiting, retrying or in flight. */
  readonly finished: boolean;
  readonly failures: readonly ChunkFailure[];
}

const RATE_WINDOW_MINUTES = 5;
const FAILURES_SHOWN = 100;

/**
 * Rows per second: while running, over the last five minutes (from the per-minute counts); once finished, the
 * average from the first row written to the last.
 */
function rateOf(buckets: Record<string, string>, now: number, finished: boolean): number {
  const first = Number(buckets.first);
  const last = Number(buckets.last);
  if (!first || !last) return 0;
  let total = 0;
  let recent = 0;
  const from = Math.max(first, now - RATE_WINDOW_MINUTES * 60_000);
  for (const [minute, count] of Object.entries(buckets)) {
    if (!/^\d+$/.test(minute)) continue;
    total += Number(count);
    if ((Number(minute) + 1) * 60_000 > from) recent += Number(count);
  }
  if (finished) return total / Math.max(1, (last - first) / 1000);
  return recent / Math.max(1, (now - from) / 1000);
}

const toFailure = (job: Job<ChunkData>): ChunkFailure => {
  const progress = job.progress as { next?: string } | number | undefined;
  const lastInput = typeof progress === 'object' ? progress?.next : undefined;
  return {
    chunk: String(job.id),
    start: job.data.start,
    end: job.data.end,
    reason: job.failedReason,
    started: job.attemptsStarted ?? 0,
    workerLost: job.stalledCounter ?? 0,
    ...(lastInput ? { lastInput } : {}),
  };
};

/** The job's failed chunks in input order (the first `limit` BullMQ lists). */
export async function chunkFailures(queue: Queue<ChunkData>, limit = Number.POSITIVE_INFINITY) {
  const PAGE = 1_000;
  const failures: ChunkFailure[] = [];
  for (let start = 0; start < limit; start += PAGE) {
    const jobs = await queue.getFailed(start, Math.min(limit, start + PAGE) - 1);
    for (const job of jobs) if (job) failures.push(toFailure(job as Job<ChunkData>));
    if (jobs.length < PAGE) break;
  }
  return failures.sort((a, b) => a.start - b.start);
}

export async function jobStatus(redis: Redis, spec: JobSpec, now = Date.now()): Promise<JobStatus> {
  const keys = jobKeys(spec.name);
  const queue = new Queue<ChunkData>(spec.name, { connection: redis });
  try {
    const [done, errors, buckets, counts, failures] = await Promise.all([
      redis.hlen(keys.results),
      redis.hlen(keys.errors),
      redis.hgetall(keys.rate),
      queue.getJobCounts('completed', 'active', 'wait', 'prioritized', 'delayed', 'failed'),
      chunkFailures(queue, FAILURES_SHOWN),
    ]);
    const workers = await queue.getWorkersCount().catch(() => undefined);
    const chunks = {
      done: counts.completed ?? 0,
      inFlight: counts.active ?? 0,
      waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
      retrying: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
    };
    const finished = chunks.waiting + chunks.inFlight + chunks.retrying === 0;
    return {
      spec,
      done,
      errors,
      chunks,
      ...(workers === undefined ? {} : { workers }),
      rate: rateOf(buckets, now, finished),
      finished,
      failures,
    };
  } finally {
    await queue.close();
  }
}

/** The failure reason for people: BullMQ's words, and what they mean here. */
export function explainFailure(f: ChunkFailure): string {
  const lost = /stalled more than allowable limit/.test(f.reason)
    ? `its worker died or froze ${f.workerLost}× (BullMQ: ${f.reason})`
    : f.reason;
  return `${lost}${f.lastInput ? `; last input started: ${f.lastInput}` : ''}`;
}
