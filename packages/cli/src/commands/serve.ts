import type { Dtype } from '@swsl/registry';
import { DEFAULT_VARIANT_NAME } from '@swsl/registry/names';
import { type ModelSpec, parseModelSpec, startServer, weightsSpec } from '@swsl/server';
import { classifierOptions } from '../classifier-options.js';
import { EXIT } from '../exit-codes.js';
import { createProgress } from '../progress.js';
import { dim, type Terminal } from '../terminal.js';
import type { ServeFlags } from './serve-program.js';

/** The models the flags name: each `--model variant[:dtype]`, each `--weights` file; none given: the default variant. */
export function modelSpecs(flags: Pick<ServeFlags, 'model' | 'weights' | 'dtype'>): ModelSpec[] {
  const specs = [...flags.model.map(parseModelSpec), ...flags.weights.map((w) => weightsSpec(w, flags.dtype as Dtype))];
  return specs.length ? specs : [parseModelSpec(DEFAULT_VARIANT_NAME)];
}

/**
 * `swsl serve`: opens and warms every model, listens, and on SIGTERM/SIGINT drains (ready goes false, accepted
 * requests finish within --grace-ms) and exits 0 — or 1 if requests had to be cut off. A model that fails to open
 * fails the command before anything listens.
 */
export async function serveCommand(t: Terminal, flags: ServeFlags): Promise<number> {
  const specs = modelSpecs(flags);
  const names = new Set<string>();
  for (const s of specs) {
    if (names.has(s.name)) throw new Error(`two models are named "${s.name}": serve each once`);
    names.add(s.name);
  }
  const progress = createProgress(t);
  const server = await startServer({
    models: specs,
    host: flags.host,
    port: flags.port,
    maxBatch: flags.maxBatch,
    maxQueueDelayMs: flags.maxQueueDelayMs,
    maxQueue: flags.maxQueue,
    bodyLimitMb: flags.bodyLimitMb,
    deadlineMs: flags.deadlineMs,
    requestTimeoutMs: flags.requestTimeoutMs,
    version: process.env.SWSL_CLI_VERSION ?? '0.1.0',
    ...(flags.apiKey ? { apiKey: flags.apiKey } : {}),
    ...(flags.corsOrigin ? { corsOrigin: flags.corsOrigin } : {}),
    ...(flags.decodeWorkers !== undefined ? { decodeWorkers: flags.decodeWorkers } : {}),
    classifier: classifierOptions(t, flags, progress),
    onModelReady: (name, seconds) => {
      progress.done();
      if (!t.quiet) t.err(`${name} ready ${dim(t.errColor, `(${seconds.toFixed(1)} s)`)}\n`);
    },
  });
  t.err(`swsl: serving ${[...names].join(', ')} at ${server.url} (SIGTERM or Ctrl-C to stop)\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  if (!t.quiet) t.err(`swsl: ${signal}: finishing accepted requests (up to ${flags.graceMs} ms)\n`);
  const inTime = await server.shutdown(flags.graceMs);
  if (!inTime) {
    t.err(`swsl: requests were still running after --grace-ms ${flags.graceMs}; they were cut off\n`);
    return EXIT.error;
  }
  return EXIT.ok;
}
