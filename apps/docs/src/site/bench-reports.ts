import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One table of the benchmarks page, from one JSON file a benchmark script writes. */
export interface BenchReport {
  readonly id: string;
  readonly title: string;
  /** The command that writes the JSON (shown when there is none). */
  readonly produce: string;
  /** Replaces the "no results" line, for a benchmark that prints its table instead of writing JSON. */
  readonly missingNote?: string;
  /** Where the numbers came from: the latest local run, or the committed snapshot. */
  readonly origin: 'run' | 'snapshot' | 'missing';
  readonly file: string;
  /** When and where a snapshot was measured. */
  readonly snapshot?: { measuredAt: string; machine: string };
  readonly rows: readonly (readonly [string, string])[];
  readonly summary?: string;
}

interface BenchSource {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  readonly produce: string;
  readonly missingNote?: string;
  readonly rows: (json: Record<string, unknown>) => { rows: [string, string][]; summary?: string };
}

const seconds = (s: unknown) => `${Number(s).toFixed(2)} s`;
const mb = (b: unknown) => `${Math.round(Number(b) / 1e6)} MB`;

function convertRows(json: Record<string, unknown>) {
  const ours = json.ours as Record<string, number>;
  const torch = json.torch as Record<string, number>;
  const rows: [string, string][] = [
    ['architecture', String(json.arch)],
    ['checkpoint', mb(json.checkpointBytes)],
    ['swsl convertFile (median)', `${seconds(ours.medianSeconds)}, peak RSS ${mb(ours.peakRssBytes)}`],
    [
      'torch.load + load_state_dict + torch.onnx.export',
      `${seconds(torch.seconds)} (${seconds(torch.loadSeconds)} + ${seconds(torch.loadStateDictSeconds)} + ${seconds(torch.exportSeconds)}), peak RSS ${mb(torch.peakRssBytes)}`,
    ],
  ];
  const summary = `${Number(json.speedup).toFixed(1)}× faster than PyTorch; peak RSS ${Number(json.peakRssOverCheckpoint).toFixed(2)}× the checkpoint.`;
  return { rows, summary };
}

interface WebResult {
  runtime: string;
  threads: number;
  msPerImage: number;
  'ratio vs node, same threads': number;
}

function webRows(json: Record<string, unknown>) {
  const results = json.results as WebResult[];
  const machine = json.machine as { cpus: number; cpuModel: string };
  const versions = json.versions as Record<string, string>;
  const rows: [string, string][] = [
    ['model', String(json.model)],
    ['measure', `${json.measure} (${(json.images as string[]).join(', ')})`],
    ...results.map((r): [string, string] => [
      `${r.runtime}, ${r.threads} thread${r.threads === 1 ? '' : 's'}`,
      `${r.msPerImage.toFixed(1)} ms/image (${r['ratio vs node, same threads'].toFixed(2)}× node, same threads)`,
    ]),
    [
      'machine',
      `${machine.cpus} × ${machine.cpuModel}; ${Object.entries(versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    ],
    ['top-5 identical across runtimes', String(json.top5IdenticalAcrossRuns)],
  ];
  const wasm2 = results.find((r) => r.runtime.includes('web') && r.threads === 2);
  const summary = wasm2
    ? `WASM with 2 threads (cross-origin isolated): ${wasm2.msPerImage.toFixed(0)} ms/image, ${wasm2['ratio vs node, same threads'].toFixed(1)}× onnxruntime-node's CPU time on the same model.`
    : undefined;
  return { rows, ...(summary ? { summary } : {}) };
}

function classifyRows(json: Record<string, unknown>) {
  const rows: [string, string][] = [
    ['images', String(json.images)],
    ['top-5 agreement with PyTorch', `${(100 * Number(json.top5Agreement)).toFixed(1)}%`],
    ['swsl classify', seconds(json.swslSeconds)],
    ['PyTorch (seed code)', seconds(json.torchSeconds)],
  ];
  return { rows, summary: `${Number(json.speedup).toFixed(2)}× the speed of the PyTorch original, end to end.` };
}

/** Any JSON the page has no dedicated layout for: every leaf as `path → value`, so nothing is hidden. */
export function flattenRows(json: unknown, prefix = ''): [string, string][] {
  if (json === null || typeof json !== 'object') return [[prefix || 'value', formatLeaf(json)]];
  if (Array.isArray(json) && json.every((v) => typeof v !== 'object' || v === null)) {
    return [[prefix, json.map(formatLeaf).join(', ')]];
  }
  return Object.entries(json).flatMap(([key, value]) => flattenRows(value, prefix ? `${prefix}.${key}` : key));
}

function formatLeaf(value: unknown): string {
  if (typeof value === 'number' && !Number.isInteger(value)) return String(Number(value.toPrecision(4)));
  return String(value);
}

export const BENCH_SOURCES: readonly BenchSource[] = [
  {
    id: 'convert',
    title: 'Converting resnext101_32x16d: .pth → .onnx, swsl vs PyTorch',
    file: 'convert-resnext101_32x16d.json',
    produce: 'pnpm bench:convert   # needs the PyTorch oracle (see tools/reference/README.md)',
    rows: convertRows,
  },
  {
    id: 'web',
    title: 'Inference in the browser: WASM (1 and 2 threads, cross-origin isolated) vs onnxruntime-node CPU',
    file: 'web.json',
    produce: 'pnpm bench:web   # needs Chromium and the oracle; see packages/runtime-web/README.md',
    rows: webRows,
  },
  {
    id: 'classify',
    title: 'swsl classify vs the PyTorch original: resnet50, 32 ImageNet test images, end to end',
    file: 'classify-resnet50.json',
    produce: 'pnpm bench:classify   # needs the oracle; see packages/cli/README.md',
    rows: classifyRows,
  },
  {
    id: 'preprocess',
    title: 'Preprocessing: bytes → normalized tensor, swsl vs Pillow + torchvision',
    file: 'preprocess.json',
    produce: 'pnpm bench:preprocess',
    missingNote:
      '`pnpm bench:preprocess` prints its table rather than writing JSON. Recorded runs (packages/preprocess/README.md, ' +
      '2-core VM): ours 3.3–3.8 ms/image in Node vs Pillow + torchvision 3.4–3.8 ms in the same runs; 7.2–8.7 ms in ' +
      'headless Chromium.',
    rows: (json) => ({ rows: flattenRows(json) }),
  },
];

/**
 * Reads each benchmark's JSON: `<runDir>/<file>` (a local run) first, else `<snapshotDir>/<file>` (committed, with a
 * `snapshot` block naming date and machine), else a report that says how to produce it — never a failed build.
 */
export function loadBenchReports(runDir: string, snapshotDir: string, sources = BENCH_SOURCES): BenchReport[] {
  return sources.map((source) => {
    const base = {
      id: source.id,
      title: source.title,
      produce: source.produce,
      file: source.file,
      ...(source.missingNote ? { missingNote: source.missingNote } : {}),
    };
    for (const [dir, origin] of [
      [runDir, 'run'],
      [snapshotDir, 'snapshot'],
    ] as const) {
      const path = join(dir, source.file);
      if (!existsSync(path)) continue;
      const { snapshot, ...json } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & {
        snapshot?: { measuredAt: string; machine: string };
      };
      const { rows, summary } = source.rows(json);
      return { ...base, origin, rows, ...(summary ? { summary } : {}), ...(snapshot ? { snapshot } : {}) };
    }
    return { ...base, origin: 'missing', rows: [] };
  });
}
