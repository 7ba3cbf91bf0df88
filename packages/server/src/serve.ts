import { defaultDecodeWorkers, type NodeClassifierOptions } from '@swsl/runtime-node';
import { type App, type AppOptions, createApp } from './app.js';
import type { ModelSpec } from './model-spec.js';
import { type BatchingOptions, openServedModel, type RunReport, type ServedModel } from './served-model.js';

/**
 * Decode threads per model when none are asked for. CPU: none — each request decodes on this thread, sharp in
 * libuv's pool (several requests at once) and the Pillow-exact resize here. Measured with resnet50 int8 on 2 cores, 32
 * concurrent clients over the 32 ImageNet photos (`pnpm bench:serve` and a repeat by hand): 77–86 images/s with mean
 * batches of 7.4–7.7, against 55–66 images/s with one or two worker threads, where images reached the batcher one at
 * a time (mean batch 1.0–2.0) and batching gained nothing. GPU: as for `swsl classify`, every core but one.
 */
export function serverDecodeWorkers(device: string): number {
  return device === 'cpu' ? 0 : defaultDecodeWorkers(device);
}

/** Defaults, each stated in the Serving guide with the measurement behind it. */
export const SERVE_DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  maxBatch: 8,
  maxQueueDelayMs: 4,
  maxQueue: 64,
  bodyLimitMb: 32,
  deadlineMs: 30_000,
  requestTimeoutMs: 30_000,
  graceMs: 30_000,
} as const;

export interface ServeOptions extends Partial<BatchingOptions> {
  readonly models: readonly ModelSpec[];
  readonly host?: string;
  /** 0: any free port (see `url`). */
  readonly port?: number;
  readonly bodyLimitMb?: number;
  readonly deadlineMs?: number;
  readonly requestTimeoutMs?: number;
  readonly apiKey?: string;
  readonly corsOrigin?: string | readonly string[];
  /** Decode threads per model (default `serverDecodeWorkers`: none on the CPU, all cores but one on a GPU). */
  readonly decodeWorkers?: number;
  /** How each model opens: device, threads, cache, offline… (`createClassifier`'s options). */
  readonly classifier?: NodeClassifierOptions;
  readonly version?: string;
  readonly logger?: AppOptions['logger'];
  /** Each model as it becomes ready (name, seconds to open and warm). */
  readonly onModelReady?: (name: string, seconds: number) => void;
}

export interface RunningServer {
  readonly url: string;
  readonly app: App;
  readonly models: readonly ServedModel[];
  /**
   * A graceful stop: not ready at once, no new connections or requests, every accepted request answered, then the
   * models closed. Resolves `true` if that finished within `graceMs`, `false` if requests were cut off.
   */
  shutdown(graceMs?: number): Promise<boolean>;
}

/**
 * Opens and warms every model (one failure closes the others and rejects: never a half-ready server), then listens.
 * Ready is reported only after that.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  if (!options.models.length) throw new Error('startServer: no models to serve');
  const batching: BatchingOptions = {
    maxBatch: options.maxBatch ?? SERVE_DEFAULTS.maxBatch,
    maxQueueDelayMs: options.maxQueueDelayMs ?? SERVE_DEFAULTS.maxQueueDelayMs,
    maxQueue: options.maxQueue ?? SERVE_DEFAULTS.maxQueue,
  };
  const device = options.classifier?.device ?? 'auto';
  const decodeWorkers = options.decodeWorkers ?? serverDecodeWorkers(device === 'auto' ? 'cpu' : device);
  let app: App | undefined;
  const onRun = (report: RunReport) => app?.metrics.run(report);
  const models: ServedModel[] = [];
  try {
    for (const spec of options.models) {
      const t0 = performance.now();
      models.push(
        await openServedModel(spec, {
          classifier: { ...options.classifier, batchSize: batching.maxBatch },
          batching,
          decodeWorkers,
          onRun,
        }),
      );
      options.onModelReady?.(spec.name, (performance.now() - t0) / 1000);
    }
    const deadlineMs = options.deadlineMs ?? SERVE_DEFAULTS.deadlineMs;
    app = await createApp(models, {
      bodyLimit: Math.round((options.bodyLimitMb ?? SERVE_DEFAULTS.bodyLimitMb) * 1024 * 1024),
      deadlineMs,
      requestTimeoutMs: options.requestTimeoutMs ?? SERVE_DEFAULTS.requestTimeoutMs,
      version: options.version ?? '0.1.0',
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      ...(options.corsOrigin ? { corsOrigin: options.corsOrigin } : {}),
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
    });
    const url = await app.fastify.listen({
      host: options.host ?? SERVE_DEFAULTS.host,
      port: options.port ?? SERVE_DEFAULTS.port,
    });
    app.markReady();
    const running = app;
    let stopping: Promise<boolean> | undefined;
    return {
      url,
      app: running,
      models,
      shutdown(graceMs = SERVE_DEFAULTS.graceMs) {
        stopping ??= shutdown(running, models, graceMs);
        return stopping;
      },
    };
  } catch (error) {
    await app?.fastify.close();
    await Promise.allSettled(models.map((m) => m.dispose()));
    throw error;
  }
}

async function shutdown(app: App, models: readonly ServedModel[], graceMs: number): Promise<boolean> {
  app.drain();
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  // Still listening while the accepted work finishes: a request that arrives meanwhile gets a 503 to retry
  // elsewhere rather than a reset connection. Once every response is written, close(): no new connections, idle
  // ones closed; a connection still open a moment later has no request of ours in it (a client that stopped
  // reading), so it is closed too.
  const finished = Promise.all(models.map((m) => m.batcher.idle()))
    .then(() => app.quiescent())
    .then(async () => {
      const closed = app.fastify.close();
      const settle = setTimeout(() => app.fastify.server.closeAllConnections(), 1000);
      await closed;
      clearTimeout(settle);
    })
    .then(() => true as const);
  const inTime = await Promise.race([finished, grace]);
  clearTimeout(timer);
  if (!inTime) app.fastify.server.closeAllConnections();
  await Promise.allSettled(models.map((m) => m.dispose()));
  return inTime;
}
