// The server's /metrics (Prometheus text format 0.0.4), read back: enough to take differences of counters and
// histogram sums between two scrapes.

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

const unescapeLabel = (v: string) => v.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));

function parseValue(raw: string): number {
  if (raw === '+Inf') return Number.POSITIVE_INFINITY;
  if (raw === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(raw);
}

/** Every sample of a scrape; comments (`# HELP`, `# TYPE`) and blank lines skipped. A line it cannot read throws. */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`not a Prometheus sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (m[2] ?? '').matchAll(LABEL)) labels[key as string] = unescapeLabel(value as string);
    samples.push({ name: m[1] as string, labels, value: parseValue(m[3] as string) });
  }
  return samples;
}

/** Sum of the samples named `name` whose labels include every one of `where` (0 when none match). */
export function metricSum(
  samples: readonly Sample[],
  name: string,
  where: Readonly<Record<string, string>> = {},
): number {
  let sum = 0;
  for (const s of samples) {
    if (s.name !== name) continue;
    if (Object.entries(where).every(([k, v]) => s.labels[k] === v)) sum += s.value;
  }
  return sum;
}

/** What one cell reads from two scrapes of a model: images run, batches run and their mean size. */
export function batchDelta(before: readonly Sample[], after: readonly Sample[], model: string) {
  const d = (name: string) => metricSum(after, name, { model }) - metricSum(before, name, { model });
  const images = d('swsl_batch_size_sum');
  const batches = d('swsl_batch_size_count');
  return { images, batches, batchSizeMean: batches > 0 ? images / batches : null };
}

/** Requests answered per HTTP status between two scrapes, for one model (the server's own count). */
export function statusDelta(before: readonly Sample[], after: readonly Sample[], model: string) {
  const statuses = new Set(
    after.filter((s) => s.name === 'swsl_requests_total' && s.labels.model === model).map((s) => s.labels.status ?? ''),
  );
  const out: Record<string, number> = {};
  for (const status of [...statuses].sort()) {
    const n =
      metricSum(after, 'swsl_requests_total', { model, status }) -
      metricSum(before, 'swsl_requests_total', { model, status });
    if (n > 0) out[status] = n;
  }
  return out;
}

/**
 * A histogram's cumulative buckets between two scrapes, for the samples whose labels include `where`: how many
 * observations were at or under each bound (`le`), lowest bound first.
 */
export function bucketDelta(
  before: readonly Sample[],
  after: readonly Sample[],
  name: string,
  where: Readonly<Record<string, string>> = {},
): { le: number; count: number }[] {
  const bounds = new Set(
    after
      .filter((s) => s.name === `${name}_bucket` && Object.entries(where).every(([k, v]) => s.labels[k] === v))
      .map((s) => s.labels.le ?? ''),
  );
  return [...bounds]
    .map((le) => ({
      le: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le),
      count:
        metricSum(after, `${name}_bucket`, { ...where, le }) - metricSum(before, `${name}_bucket`, { ...where, le }),
    }))
    .sort((a, b) => a.le - b.le);
}
