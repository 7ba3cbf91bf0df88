import { hostname } from 'node:os';
import type { NodeDevice, PipelinedClassifier } from '@swsl/runtime-node';
import { type Job, Queue, Worker } from 'bullmq';
import type { StoreFlags } from '../model-store.js';
import { openClassifier } from '../open-classifier.js';
import type { Terminal } from '../terminal.js';
import { connectRedis, redactUrl } from './connection.js';
import { type ChunkData, type Entry, type JobSpec, jobKeys, listJobs, readSpec } from './job-spec.js';
import { chunkRows, isErrorRow, type Row } from './rows.js';
import { beforeDecode, beforeWrite, readTestHooks } from './test-hooks.js';

export interface WorkerFlags extends StoreFlags {
  readonly redis: string;
  /** Serve this job only; without it, every job in the registry, oldest first. */
  readonly queue?: string;
  /** Per-machine overrides of the job's `--device`, `--threads`, `--batch`, `--decode-workers`. */
  readonly device?: NodeDevice;
  readonly threads?: number;
  readonly batch?: number;
  readonly decodeWorkers?: number;
  /** Exit 0 when no job has work left, instead of waiting for the next one. */
  readonly exitWhenIdle?: boolean;
  /** How often an idle worker looks for work (ms). */
  readonly pollMs: number;
}

/** Chunk results (BullMQ's `returnvalue`). */
export interface ChunkResult {
  readonly rows: number;
  readonly errors: number;
  readonly worker: string;
}

interface Counts {
  readonly waiting: number;
  readonly active: number;
}

/**
 * `swsl worker`: takes chunks from BullMQ until told to stop. The model is loaded once per model configuration (the
 * options travel with each job) and kept while consecutive jobs share it. Delivery is at least once: a chunk whose
 * worker dies is taken again after its lock expires (BullMQ's stalled-job check, run by every worker of the job), and
 * rows are written to a hash keyed by input, so a retried chunk overwrites its rows instead of adding to them.
 * SIGTERM/SIGINT: finish the current chunk, then exit 0; a second signal exits at once (the chunk is retried).
 */
export async function runWorker(t: Terminal, flags: WorkerFlags): Promise<number> {
  const id = `${hostname()}:${process.pid}`;
  const log = (text: string) => {
    if (!t.quiet) t.err(`swsl worker ${id}: ${text}\n`);
  };
  const hooks = readTestHooks();
  const redis = await connectRedis(flags.redis, { longLived: true });
  const queues = new Map<string, Queue>();
  const queueFor = (name: string) => {
    const queue = queues.get(name) ?? new Queue(name, { connection: redis });
    queues.set(name, queue);
    return queue;
  };
  const countsOf = async (name: string): Promise<Counts> => {
    const c = await queueFor(name).getJobCounts('wait', 'prioritized', 'delayed', 'active');
    return { waiting: (c.wait ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0), active: c.active ?? 0 };
  };

  let stopping = false;
  let wake: () => void = () => {};
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: exiting now; the chunk in progress will be retried by another worker`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: finishing the current chunk, then exiting (send it again to exit at once)`);
    wake();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  /** The job to serve: the oldest with chunks waiting, else the oldest with chunks in flight (to recover them). */
  const chooseJob = async (): Promise<string | undefined> => {
    if (flags.queue) return flags.queue;
    let watching: string | undefined;
    for (const name of await listJobs(redis)) {
      const counts = await countsOf(name);
      if (counts.waiting > 0) return name;
      if (counts.active > 0) watching ??= name;
    }
    return watching;
  };

  let model: { key: string; classifier: PipelinedClassifier } | undefined;
  const modelFor = async (spec: JobSpec) => {
    const options = {
      model: spec.model,
      ...(spec.weights ? { weights: spec.weights } : {}),
      dtype: spec.dtype,
      device: flags.device ?? spec.device,
      batch: flags.batch ?? spec.batch,
      ...((flags.threads ?? spec.threads) ? { threads: flags.threads ?? spec.threads } : {}),
      ...((flags.decodeWorkers ?? spec.decodeWorkers) !== undefined
        ? { decodeWorkers: flags.decodeWorkers ?? spec.decodeWorkers }
        : {}),
    };
    const key = JSON.stringify([options, spec.modelGiven]);
    if (model?.key === key) return model.classifier;
    await model?.classifier.dispose();
    model = undefined;
    log(`loading ${spec.weights ?? spec.model} (${spec.dtype}) for ${spec.name}`);
    const store = {
      ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
      ...(flags.offline ? { offline: true } : {}),
      ...(flags.source ? { source: flags.source } : {}),
    };
    const classifier = await openClassifier(t, { ...options, ...store }, spec.modelGiven);
    model = { key, classifier };
    return classifier;
  };

  const processChunk = async (spec: JobSpec, classifier: PipelinedClassifier, job: Job<ChunkData>) => {
    const keys = jobKeys(spec.name);
    const { start, end } = job.data;
    const began = Date.now();
    const attempt = (job.attemptsStarted ?? 0) > 1 || job.stalledCounter ? ` (again: ${describeRetries(job)})` : '';
    log(`${spec.name} ${job.id} (inputs ${start}–${end - 1}) started${attempt}`);
    const entries = (await redis.lrange(keys.inputs, start, end - 1)).map((line) => JSON.parse(line) as Entry);
    const batch = flags.batch ?? spec.batch;
    let errors = 0;
    let done = 0;
    let pending: Row[] = [];
    // Rows are written a batch at a time; the chunk's progress says how far it got, for `queue status` when this
    // worker dies (and for the tests, which kill it there).
    const flush = async () => {
      await beforeWrite(hooks);
      const write = redis.multi();
      for (const row of pending) {
        write.hset(keys.results, row.file, JSON.stringify(row));
        if (isErrorRow(row)) {
          errors++;
          write.hset(keys.errors, row.file, row.error.code);
        } else {
          write.hdel(keys.errors, row.file);
        }
      }
      const now = Date.now();
      write.hincrby(keys.rate, String(Math.floor(now / 60_000)), pending.length);
      write.hsetnx(keys.rate, 'first', now);
      write.hset(keys.rate, 'last', now);
      await write.exec();
      done += pending.length;
      pending = [];
      const next = entries[done]?.input;
      await job.updateProgress({ done, of: entries.length, worker: id, ...(next ? { next } : {}) });
    };
    await job.updateProgress({ done, of: entries.length, worker: id, next: entries[0]?.input });
    for await (const row of chunkRows(classifier, spec, entries, batch, (slice) => beforeDecode(hooks, slice))) {
      pending.push(row);
      if (pending.length >= batch) await flush();
    }
    if (pending.length) await flush();
    const seconds = ((Date.now() - began) / 1000).toFixed(2);
    log(`${spec.name} ${job.id} done: ${entries.length} rows, ${errors} errors, ${seconds} s`);
    return { rows: entries.length, errors, worker: id } satisfies ChunkResult;
  };

  /** Serves `spec` until it has no work left, another job needs workers more, or a signal. */
  const serve = async (spec: JobSpec, classifier: PipelinedClassifier) => {
    const worker = new Worker<ChunkData, ChunkResult>(spec.name, (job) => processChunk(spec, classifier, job), {
      connection: redis,
      name: id,
      concurrency: 1,
      lockDuration: spec.lockMs,
      stalledInterval: spec.lockMs,
      // A chunk may be found without its worker this many times and put back; once more and it is failed.
      maxStalledCount: spec.attempts - 1,
      drainDelay: 1,
    });
    worker.on('error', (error) => log(`${spec.name}: ${error.message}`));
    worker.on('failed', (job, error) =>
      log(`${spec.name} ${job?.id ?? 'a chunk'} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`),
    );
    const tick = Math.min(flags.pollMs, Math.max(100, spec.lockMs / 2));
    try {
      while (!stopping) {
        await pause(tick);
        if (stopping) break;
        const counts = await countsOf(spec.name);
        if (counts.waiting + counts.active === 0) break;
        if (!flags.queue && counts.waiting === 0 && (await chooseJob()) !== spec.name) break;
      }
    } finally {
      // Waits for the chunk in progress: SIGTERM drains.
      await worker.close();
    }
  };

  log(`connected to ${redactUrl(flags.redis)}${flags.queue ? `, serving ${flags.queue}` : ''}`);
  let idleSaid = false;
  try {
    while (!stopping) {
      const name = await chooseJob();
      const spec = name ? await readSpec(redis, name) : undefined;
      const counts = spec ? await countsOf(spec.name) : undefined;
      if (!spec || !counts || counts.waiting + counts.active === 0) {
        if (flags.exitWhenIdle) break;
        if (!idleSaid) log(flags.queue && !spec ? `waiting for ${flags.queue} to be submitted` : 'waiting for work');
        idleSaid = true;
        await pause(flags.pollMs);
        continue;
      }
      idleSaid = false;
      await serve(spec, await modelFor(spec));
    }
    log(stopping ? 'stopped' : 'no work left: exiting');
    return 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await model?.classifier.dispose();
    for (const queue of queues.values()) await queue.close();
    await redis.quit().catch(() => redis.disconnect());
  }
}

/** "2nd start, worker lost once" from BullMQ's counters. */
function describeRetries(job: Job): string {
  const parts = [`start ${job.attemptsStarted ?? '?'}`];
  if (job.stalledCounter) parts.push(`worker lost ${job.stalledCounter}×`);
  if (job.attemptsMade) parts.push(`failed ${job.attemptsMade}×`);
  return parts.join(', ');
}
