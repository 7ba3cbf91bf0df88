/**
 * @swsl/server — online inference over HTTP (Fastify): the Open Inference Protocol v2, /v1 classify and embed,
 * dynamic batching, limits, metrics and a graceful shutdown; what `swsl serve` runs.
 *
 * @packageDocumentation
 */
export { type App, type AppOptions, createApp } from './app.js';
export { type BatcherOptions, DynamicBatcher } from './batcher.js';
export { ServeError } from './errors.js';
export { BadModelSpecError, type ModelSpec, parseModelSpec, weightsSpec } from './model-spec.js';
export { type RunningServer, SERVE_DEFAULTS, type ServeOptions, serverDecodeWorkers, startServer } from './serve.js';
export { type NamedImage, openServedModel, type ServedModel } from './served-model.js';
