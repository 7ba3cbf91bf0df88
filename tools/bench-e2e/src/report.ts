// Measurements → the JSON `pnpm bench:e2e` writes (.cache/bench/e2e.json, read by the docs' benchmarks page) and the
// tables it prints. Rates are images/s, best and median round; a ratio of two rates is the best over the best, and
// the median of the ratios taken round by round (see stats.ts, pairedRatio).
import { labels } from '@swsl/registry';
import { ceiling } from './ceiling-formula.js';
import type { Latency } from './latency.js';
import { PATHS, type PathInfo } from './paths.js';
import type { Measured } from './rounds.js';
import { type BestMedian, highest, lowest, median, pairedRatio } from './stats.js';
import type { Timed } from './timed.js';

export interface Goal {
  readonly id: string;
  readonly name: string;
  readonly value: BestMedian;
  readonly goal: number;
  /** Judged on the median of the per-round ratios. */
  readonly met: boolean;
}

/** Top-1 of `a` equal to `reference`'s, image by image; a label is compared with the reference index's name. */
function agreement(a: Timed | undefined, reference: Timed | undefined): { agree: number; of: number } | null {
  if (!a?.top1 || !reference?.top1) return null;
  const name = (x: number | string) => (typeof x === 'number' ? labels[x]?.name : x);
  const ref = reference.top1;
  const agree = a.top1.filter((x, i) => {
    const r = ref[i];
    return r !== undefined && (typeof x === typeof r ? x === r : name(x) === name(r));
  }).length;
  return { agree, of: a.top1.length };
}

export function buildReport(input: {
  measured: Measured;
  latency: readonly Latency[];
  images: number;
  distinctImages: number;
  imagesFrom: string;
  settings: { threads: number; batch: number; rounds: number; repeat: number };
  decodeWorkers: number;
  machine: Record<string, unknown>;
  versions: Record<string, string>;
}) {
  const { measured, settings } = input;
  const cores = settings.threads; // the comparison's budget: 2 cores, 2 inference threads
  const passes = (id: string) => measured.passes.get(id) ?? [];
  /** images/s of each round. */
  const perRound = (id: string) => passes(id).map((t) => input.images / t.seconds);
  const p = measured.preprocess.map((x) => x.seconds);
  const r = measured.inference;
  /** Each round's ceiling, from that round's p and r. */
  const ceilings = (dtype: 'fp32' | 'int8') =>
    p.map((pk, k) => ceiling(pk, r[dtype][k] as number, cores, settings.threads));
  const ceilingOf = (dtype: 'fp32' | 'int8'): BestMedian => ({
    best: ceiling(Math.min(...p), Math.max(...r[dtype]), cores, settings.threads),
    median: median(ceilings(dtype)),
  });
  const reference = passes('swsl-fp32-stream').at(-1);
  const results = PATHS.map((path: PathInfo) => ({
    id: path.id,
    name: path.name,
    what: path.what,
    wholeProcess: path.wholeProcess ?? false,
    imagesPerSecond: highest(perRound(path.id)),
    roundsSeconds: passes(path.id).map((t) => t.seconds),
    top1AgreementWithSwslFp32: agreement(passes(path.id).at(-1), reference),
    ...(path.ceiling ? { overCeiling: pairedRatio(perRound(path.id), ceilings(path.ceiling)) } : {}),
  }));
  const goal = (id: string, name: string, value: BestMedian, target: number): Goal => ({
    id,
    name,
    value,
    goal: target,
    met: value.median >= target,
  });
  const goals = [
    goal(
      'int8-stream-vs-fx-int8',
      'swsl int8 stream ÷ PyTorch FX int8 loop',
      pairedRatio(perRound('swsl-int8-stream'), perRound('torch-fx-int8')),
      1.5,
    ),
    goal(
      'fp32-stream-vs-transformers-js',
      'swsl fp32 stream ÷ transformers.js fp32',
      pairedRatio(perRound('swsl-fp32-stream'), perRound('transformers-js')),
      1.5,
    ),
    goal(
      'fp32-cli-vs-stream',
      'swsl fp32 CLI process ÷ stream',
      pairedRatio(perRound('swsl-fp32-cli'), perRound('swsl-fp32-stream')),
      0.85,
    ),
    goal(
      'int8-cli-vs-stream',
      'swsl int8 CLI process ÷ stream',
      pairedRatio(perRound('swsl-int8-cli'), perRound('swsl-int8-stream')),
      0.85,
    ),
    goal(
      'fp32-stream-vs-ceiling',
      'swsl fp32 stream ÷ its ceiling',
      pairedRatio(perRound('swsl-fp32-stream'), ceilings('fp32')),
      0.85,
    ),
    goal(
      'int8-stream-vs-ceiling',
      'swsl int8 stream ÷ its ceiling',
      pairedRatio(perRound('swsl-int8-stream'), ceilings('int8')),
      0.85,
    ),
  ];
  return {
    model: 'resnet50 (oracle-made, BN-calibrated, seed 1), CPU',
    images: input.images,
    distinctImages: input.distinctImages,
    imagesFrom: input.imagesFrom,
    batch: settings.batch,
    threads: settings.threads,
    decodeWorkers: input.decodeWorkers,
    rounds: settings.rounds,
    machine: input.machine,
    versions: {
      ...input.versions,
      ...(measured.transformersJsVersion ? { transformersJs: measured.transformersJsVersion } : {}),
    },
    quantizedEngine: measured.fx
      ? {
          engine: measured.fx.engine,
          requested: 'onednn',
          supported: measured.fx.supportedEngines,
          note: measured.fx.engineNote,
          quantizeSeconds: measured.fx.quantizeSeconds,
        }
      : null,
    results,
    ceiling: {
      formula: 'cores / (p + threads / r), cores = threads = 2',
      preprocessSecondsPerImage: lowest(p),
      preprocessCpuSecondsPerImage: lowest(measured.preprocess.map((x) => x.cpuSeconds)),
      inferenceImagesPerSecond: { fp32: highest(r.fp32), int8: highest(r.int8) },
      /** Best: from the lowest p and the highest r; median: of the rounds' ceilings. */
      fp32: ceilingOf('fp32'),
      int8: ceilingOf('int8'),
      rounds: {
        preprocessSecondsPerImage: p,
        inferenceImagesPerSecond: r,
        fp32: ceilings('fp32'),
        int8: ceilings('int8'),
      },
    },
    latency: input.latency,
    goals,
  };
}

export type E2eReport = ReturnType<typeof buildReport>;

const f2 = (x: number) => x.toFixed(2);

/** The report as markdown tables, for the terminal and for pasting into a README. */
export function formatReport(report: E2eReport): string {
  const lines: string[] = [];
  const m = report.machine as { cpuModel: string; cpus: number; flags: { avx512_vnni: string } };
  lines.push(
    `${report.images} images (${report.distinctImages} distinct, repeated) from ${report.imagesFrom}; ${report.model}; ` +
      `batch ${report.batch}, ${report.threads} threads, ${report.decodeWorkers} decode worker(s); ${report.rounds} interleaved round(s)`,
    `${m.cpus} × ${m.cpuModel}, avx512_vnni ${m.flags.avx512_vnni}; ${Object.entries(report.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  if (report.quantizedEngine) {
    const q = report.quantizedEngine;
    lines.push(`PyTorch quantized engine: ${q.engine}${q.note ? ` (${q.note})` : ''}`);
  }
  lines.push(
    '',
    '| path | images/s, best | images/s, median | top-1 = swsl fp32 | ÷ ceiling (median) |',
    '|---|---:|---:|---:|---:|',
  );
  for (const r of report.results) {
    const agree = r.top1AgreementWithSwslFp32;
    lines.push(
      `| ${r.name}${r.wholeProcess ? ' (whole process)' : ''} | ${f2(r.imagesPerSecond.best)} | ${f2(r.imagesPerSecond.median)} | ${agree ? `${agree.agree}/${agree.of}` : '—'} | ${'overCeiling' in r && r.overCeiling ? f2(r.overCeiling.median) : '—'} |`,
    );
  }
  const c = report.ceiling;
  lines.push(
    '',
    `Ceiling = ${c.formula}: p = ${(1000 * c.preprocessSecondsPerImage.median).toFixed(2)} ms/image (CPU ${(1000 * c.preprocessCpuSecondsPerImage.median).toFixed(2)}), ` +
      `r fp32 = ${f2(c.inferenceImagesPerSecond.fp32.median)}, r int8 = ${f2(c.inferenceImagesPerSecond.int8.median)} images/s (medians) → ` +
      `ceiling fp32 ${f2(c.fp32.median)}, int8 ${f2(c.int8.median)} images/s`,
    '',
    '| goal | best | median | target | met (median) |',
    '|---|---:|---:|---:|---|',
  );
  for (const g of report.goals) {
    lines.push(`| ${g.name} | ${f2(g.value.best)}× | ${f2(g.value.median)}× | ≥ ${g.goal} | ${g.met ? 'yes' : 'no'} |`);
  }
  lines.push('', '| single image, whole process | median | runs |', '|---|---:|---|');
  for (const l of report.latency) {
    lines.push(`| ${l.name} | ${f2(l.medianSeconds)} s | ${l.runsSeconds.map(f2).join(', ')} |`);
  }
  return lines.join('\n');
}
