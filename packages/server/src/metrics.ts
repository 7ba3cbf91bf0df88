import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets (seconds) from 1 ms to 30 s: a batch of int8 runs in tens of ms, a queue under load in seconds. */
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The server's Prometheus metrics, in a registry of its own (two servers in one process do not mix). Names and
 * labels are documented in the Serving guide.
 */
export function createMetrics(queueDepth: () => Map<string, number>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'swsl_requests_total',
    help: 'Requests answered, by model, endpoint and HTTP status.',
    labelNames: ['model', 'endpoint', 'status'] as const,
    registers: [registry],
  });
  const requestDuration = new Histogram({
    name: 'swsl_request_duration_seconds',
    help: 'Time from a request arriving to its answer, by model and endpoint.',
    labelNames: ['model', 'endpoint'] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  const queueDuration = new Histogram({
    name: 'swsl_queue_duration_seconds',
    help: "Time a request's images waited in the batch queue.",
    labelNames: ['model'] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  const computeDuration = new Histogram({
    name: 'swsl_compute_duration_seconds',
    help: 'Time of one batch in onnxruntime.',
    labelNames: ['model'] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: 'swsl_batch_size',
    help: 'Images per batch run.',
    labelNames: ['model'] as const,
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  });
  const images = new Counter({
    name: 'swsl_images_total',
    help: 'Images run through a model (rate() of it is images/s).',
    labelNames: ['model'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'swsl_queue_depth',
    help: 'Images admitted and not yet answered (decoding, queued or running), by model: the autoscaling signal.',
    labelNames: ['model'] as const,
    registers: [registry],
    collect() {
      for (const [model, depth] of queueDepth()) this.set({ model }, depth);
    },
  });
  return {
    registry,
    request(model: string, endpoint: string, status: number, seconds: number) {
      requests.inc({ model, endpoint, status: String(status) });
      requestDuration.observe({ model, endpoint }, seconds);
    },
    run(report: { model: string; rows: number; computeMs: number; queuedMs: readonly number[] }) {
      computeDuration.observe({ model: report.model }, report.computeMs / 1000);
      batchSize.observe({ model: report.model }, report.rows);
      images.inc({ model: report.model }, report.rows);
      for (const ms of report.queuedMs) queueDuration.observe({ model: report.model }, ms / 1000);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
