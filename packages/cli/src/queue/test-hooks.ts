import type { Entry } from './job-spec.js';

/**
 * Fault injection for the queue's own tests, read from `SWSL_QUEUE_TEST_HOOKS` (JSON) and inert without it:
 * - `crashOn`: a worker about to process an input whose name contains this string kills itself with SIGKILL, as a
 *   decoder crash or the kernel's OOM killer would (the poison-chunk test);
 * - `batchDelayMs`: each batch's rows wait this long before they are written, so a test can act while a chunk is half
 *   done. (Before the writes rather than before decoding: the pipelined stream decodes batches ahead, so a delay there
 *   overlaps the previous batch and leaves no dependable moment between two batches' rows.)
 */
export interface TestHooks {
  readonly crashOn?: string;
  readonly batchDelayMs?: number;
}

export function readTestHooks(env: NodeJS.ProcessEnv = process.env): TestHooks {
  const text = env.SWSL_QUEUE_TEST_HOOKS;
  return text ? (JSON.parse(text) as TestHooks) : {};
}

/** Runs before a batch's inputs go to the decoder: `crashOn`. */
export async function beforeDecode(hooks: TestHooks, entries: readonly Entry[]): Promise<void> {
  if (hooks.crashOn && entries.some((e) => e.input.includes(hooks.crashOn!))) process.kill(process.pid, 'SIGKILL');
}

/** Runs before a batch's rows are written: `batchDelayMs`. */
export async function beforeWrite(hooks: TestHooks): Promise<void> {
  if (hooks.batchDelayMs) await new Promise((resolve) => setTimeout(resolve, hooks.batchDelayMs));
}
