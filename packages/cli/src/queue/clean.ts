import { SwslError } from '@swsl/registry';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type ChunkData, type JobSpec, jobKeys, REGISTRY_KEY } from './job-spec.js';

/**
 * Removes everything a job keeps in Redis: BullMQ's keys (`bull:<name>:*`, via `obliterate`) and ours
 * (`swsl:<name>:*`, the registry entry). A job with chunks in flight is refused unless `force`: its workers would
 * write rows into a job that no longer exists.
 */
export async function cleanJob(redis: Redis, spec: JobSpec, options: { force?: boolean } = {}): Promise<void> {
  const queue = new Queue<ChunkData>(spec.name, { connection: redis });
  try {
    const { active = 0 } = await queue.getJobCounts('active');
    if (active > 0 && !options.force)
      throw new SwslError(
        'E_JOB_ACTIVE',
        `job "${spec.name}" has ${active} chunks in flight; stop its workers first, or pass --force`,
      );
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
  }
  const keys = jobKeys(spec.name);
  await redis.del(keys.spec, keys.inputs, keys.results, keys.errors, keys.rate);
  await redis.zrem(REGISTRY_KEY, spec.name);
}
