import { createServer } from 'node:http';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { bearerCheck, isHealthPath } from './auth.js';
import { fromFastifyError, ServeError, shuttingDown, unknownModel } from './errors.js';
import { createMetrics, type Metrics } from './metrics.js';
import type { ServedModel } from './served-model.js';
import { addPlainRoutes } from './v1/routes.js';
import { infer, modelMetadata } from './v2/infer.js';

export interface AppOptions {
  /** Largest request body, bytes (413 past it). */
  readonly bodyLimit: number;
  /** How long a request may wait for its answer, from arrival (504 past it). */
  readonly deadlineMs: number;
  /** How long a client may take to send its whole request (408 past it; it never holds a batch slot meanwhile). */
  readonly requestTimeoutMs: number;
  readonly apiKey?: string;
  /** CORS: allowed origin(s); none by default. */
  readonly corsOrigin?: string | readonly string[];
  readonly version: string;
  /** Fastify's logger (pino options or `false`). */
  readonly logger?: boolean | Record<string, unknown>;
}

export interface App {
  readonly fastify: FastifyInstance;
  readonly metrics: Metrics;
  /** Ready (every model warmed) until `drain()`: the readiness probe's answer. */
  readonly ready: boolean;
  /** Ready from now on (the caller warmed every model). */
  markReady(): void;
  /** Not ready any more, and new requests are refused with 503 (a shutdown began). */
  drain(): void;
  /** Resolves when no request is in flight (every response written, or its client gone). */
  quiescent(): Promise<void>;
}

const SERVER_EXTENSIONS = ['binary_tensor_data', 'classification'];

/**
 * The HTTP app over opened models: the Open Inference Protocol v2 (`/v2/…`), plain `/v1/models/{name}/classify` and
 * `/embed`, `/metrics`. Listening, signals and the models' lifetime are the caller's (`serve`, or a user mounting it).
 */
export async function createApp(models: readonly ServedModel[], options: AppOptions): Promise<App> {
  const byName = new Map(models.map((m) => [m.name, m]));
  const names = [...byName.keys()];
  let state: 'starting' | 'ready' | 'draining' = 'starting';
  const metrics = createMetrics(() => new Map(models.map((m) => [m.name, m.batcher.admittedImages])));

  const fastify = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit,
    return503OnClosing: true,
    // Node checks request timeouts every `connectionsCheckingInterval` (30 s by default): 1 s keeps a 408 on time.
    serverFactory: (handler) =>
      createServer({ requestTimeout: options.requestTimeoutMs, connectionsCheckingInterval: 1000 }, handler),
  });

  // JSON, unless it is the binary extension's JSON header + tensors (then the raw bytes).
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    if (request.headers['inference-header-content-length'] !== undefined) return done(null, body);
    try {
      done(null, JSON.parse((body as Buffer).toString('utf8')));
    } catch (error) {
      done(new ServeError(400, 'E_BAD_REQUEST', `the body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
  // Images and binary tensors arrive as bytes; each route checks the type it takes.
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  await fastify.register(multipart, { limits: { fileSize: options.bodyLimit, files: 256, fields: 16 } });
  if (options.corsOrigin) await fastify.register(cors, { origin: options.corsOrigin as string | string[] });

  const check = options.apiKey ? bearerCheck(options.apiKey) : undefined;
  fastify.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (check && !isHealthPath(path)) check(request.headers.authorization);
    if (state === 'draining' && !isHealthPath(path)) throw shuttingDown();
  });

  const started = new WeakMap<FastifyRequest, bigint>();
  // Requests in flight, counted to their response's end (or the client's going): a shutdown waits for these, not
  // for connections, which a client may hold open without reading.
  let inFlight = 0;
  let onQuiet: (() => void)[] = [];
  fastify.addHook('onRequest', async (request, reply) => {
    started.set(request, process.hrtime.bigint());
    inFlight++;
    reply.raw.once('close', () => {
      inFlight--;
      if (inFlight > 0) return;
      const waiters = onQuiet;
      onQuiet = [];
      for (const w of waiters) w();
    });
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const name = (request.params as { name?: string } | undefined)?.name;
    // Only served names become labels: a client's made-up names must not grow the metrics without bound.
    const model = name === undefined ? '' : byName.has(name) ? name : 'unknown';
    const endpoint = request.routeOptions.url ?? 'unmatched';
    const seconds = Number(process.hrtime.bigint() - (started.get(request) ?? process.hrtime.bigint())) / 1e9;
    metrics.request(model, endpoint, reply.statusCode, seconds);
  });

  fastify.setErrorHandler((error, request, reply) => {
    const serve = error instanceof ServeError ? error : fromFastifyError(error as never);
    if (serve.status >= 500) request.log.error(error);
    if (serve.status === 413) {
      // The rest of the body is read and dropped (bounded by the request timeout) instead of the connection being
      // closed, as Fastify does after a parser error: closed with that body unread, the socket is reset and the
      // client sees a broken pipe instead of this 413.
      reply.removeHeader('connection');
      request.raw.resume();
    }
    void reply.code(serve.status).headers(serve.headers).send({ error: serve.message, code: serve.code });
  });
  fastify.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: `no such endpoint: ${request.method} ${request.url}`, code: 'E_NOT_FOUND' });
  });

  const model = (request: FastifyRequest): ServedModel => {
    const name = (request.params as { name: string }).name;
    const found = byName.get(name);
    if (!found) throw unknownModel(name, names);
    return found;
  };
  const readyReply = (ready: boolean) => (_request: FastifyRequest, reply: import('fastify').FastifyReply) =>
    reply.code(ready ? 200 : 503).send({ ready });

  fastify.get('/v2', async () => ({ name: 'swsl', version: options.version, extensions: SERVER_EXTENSIONS }));
  fastify.get('/v2/health/live', async () => ({ live: true }));
  fastify.get('/v2/health/ready', (request, reply) => readyReply(state === 'ready')(request, reply));
  fastify.get('/v2/models/:name', async (request) => modelMetadata(model(request)));
  fastify.get('/v2/models/:name/versions/:version', async (request) => modelMetadata(model(request)));
  fastify.get('/v2/models/:name/ready', (request, reply) => {
    model(request);
    return readyReply(state === 'ready')(request, reply);
  });
  const inferRoute = async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const header = request.headers['inference-header-content-length'];
    const headerLength = header === undefined ? undefined : Number(header);
    const answer = await infer(model(request), request.body, headerLength, options.deadlineMs);
    if (answer.headerLength === undefined) return answer.body;
    return reply
      .header('inference-header-content-length', String(answer.headerLength))
      .type('application/octet-stream')
      .send(answer.body);
  };
  fastify.post('/v2/models/:name/infer', inferRoute);
  fastify.post('/v2/models/:name/versions/:version/infer', inferRoute);
  addPlainRoutes(fastify, model, options.deadlineMs);
  fastify.get('/metrics', async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  return {
    fastify,
    metrics,
    get ready() {
      return state === 'ready';
    },
    markReady() {
      if (state === 'starting') state = 'ready';
    },
    drain() {
      state = 'draining';
    },
    quiescent() {
      return inFlight === 0 ? Promise.resolve() : new Promise((resolve) => onQuiet.push(resolve));
    },
  };
}
