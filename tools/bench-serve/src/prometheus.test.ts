import { describe, expect, it } from 'vitest';
import { batchDelta, bucketDelta, metricSum, parsePrometheus, statusDelta } from './prometheus.js';

// What prom-client prints for the server's metrics (trimmed).
const scrape = (sum: number, count: number, ok: number, full: number) => `# HELP swsl_batch_size Images per batch run.
# TYPE swsl_batch_size histogram
swsl_batch_size_bucket{le="1",model="resnet50.int8"} 3
swsl_batch_size_bucket{le="+Inf",model="resnet50.int8"} ${count}
swsl_batch_size_sum{model="resnet50.int8"} ${sum}
swsl_batch_size_count{model="resnet50.int8"} ${count}
swsl_batch_size_sum{model="resnet50.fp32"} 999
swsl_batch_size_count{model="resnet50.fp32"} 1

# HELP swsl_requests_total Requests answered, by model, endpoint and HTTP status.
# TYPE swsl_requests_total counter
swsl_requests_total{model="resnet50.int8",endpoint="/v1/models/:name/classify",status="200"} ${ok}
swsl_requests_total{model="resnet50.int8",endpoint="/v1/models/:name/classify",status="503"} ${full}
swsl_requests_total{model="",endpoint="/metrics",status="200"} 7
process_start_time_seconds 1765000000
nodejs_heap_space_size_total_bytes{space="read_only"} 0
weird{path="a\\"b"} NaN
`;

describe('reading /metrics', () => {
  it('parses names, labels (escapes included) and values, skipping comments and blank lines', () => {
    const samples = parsePrometheus(scrape(10, 4, 5, 0));
    expect(samples).toContainEqual({ name: 'swsl_batch_size_sum', labels: { model: 'resnet50.int8' }, value: 10 });
    expect(samples).toContainEqual({
      name: 'swsl_batch_size_bucket',
      labels: { le: '+Inf', model: 'resnet50.int8' },
      value: 4,
    });
    expect(samples).toContainEqual({ name: 'process_start_time_seconds', labels: {}, value: 1765000000 });
    expect(samples.find((s) => s.name === 'weird')?.labels.path).toBe('a"b');
    expect(samples).toHaveLength(12);
    expect(() => parsePrometheus('not a sample line at all {')).toThrow(/not a Prometheus sample/);
  });

  it('sums the samples whose labels match, per model', () => {
    const samples = parsePrometheus(scrape(10, 4, 5, 2));
    expect(metricSum(samples, 'swsl_batch_size_sum', { model: 'resnet50.int8' })).toBe(10);
    expect(metricSum(samples, 'swsl_batch_size_sum')).toBe(1009);
    expect(metricSum(samples, 'swsl_requests_total', { model: 'resnet50.int8' })).toBe(7);
    expect(metricSum(samples, 'swsl_requests_total', { status: '200' })).toBe(12);
    expect(metricSum(samples, 'absent')).toBe(0);
  });

  it("a cell's mean batch size and answers by status are the differences between two scrapes", () => {
    const before = parsePrometheus(scrape(10, 4, 5, 0));
    const after = parsePrometheus(scrape(10 + 60, 4 + 8, 5 + 60, 40));
    expect(batchDelta(before, after, 'resnet50.int8')).toEqual({ images: 60, batches: 8, batchSizeMean: 7.5 });
    expect(batchDelta(before, before, 'resnet50.int8')).toEqual({ images: 0, batches: 0, batchSizeMean: null });
    expect(statusDelta(before, after, 'resnet50.int8')).toEqual({ '200': 60, '503': 40 });
    expect(bucketDelta(before, after, 'swsl_batch_size', { model: 'resnet50.int8' })).toEqual([
      { le: 1, count: 0 },
      { le: Number.POSITIVE_INFINITY, count: 8 },
    ]);
  });
});
