import type { StoreFlags } from '../model-store.js';
import { redisUrl } from '../queue/connection.js';
import { runWorker, type WorkerFlags } from '../queue/worker-loop.js';
import type { Terminal } from '../terminal.js';

export async function workerCommand(
  t: Terminal,
  flags: StoreFlags & Omit<WorkerFlags, 'redis'> & { readonly redis?: string },
): Promise<number> {
  return runWorker(t, { ...flags, redis: redisUrl(flags.redis) });
}
