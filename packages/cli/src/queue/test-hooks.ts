import type { Entry } from './job-spec.js';

/**
 * Fault injection for the queue's own tests, read from `SWSL_QUEUE_TEST_HOOKS` (JSON) and inert without it:
 * - `crashOn`: a worker about to process an input whose name contains this string kills itself with SIGKILL, as a
 *   decoder crash or the kernel's OOM killer would (the poison-chunk test);
 * - `batchDelayMs`: each batch waits this long before it is decoded, so a test can act while a chunk is half done.
 */
export interface TestHooks {
  readonly crashOn?: string;
  readonly batchDelayMs?: number;
}

export function readTestHooks(env: NodeJS.ProcessEnv = process.env): TestHooks {
  const text = env.SWSL_QUEUE_TEST_HOOKS;
  return text ? (JSON.parse(text) as TestHooks) : {};
}

/** Runs the hooks before a batch's inputs go to the decoder. */
export async function beforeBatch(hooks: TestHooks, entries: readonly Entry[]): Promise<void> {
  if (hooks.batchDelayMs) await new Promise((resolve) => setTimeout(resolve, hooks.batchDelayMs));
  if (hooks.crashOn && entries.some((e) => e.input.includes(hooks.crashOn!))) process.kill(process.pid, 'SIGKILL');
}
