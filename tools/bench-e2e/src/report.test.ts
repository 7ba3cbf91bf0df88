import { labels } from '@swsl/registry';
import { describe, expect, it } from 'vitest';
import { ceiling } from './ceiling-formula.js';
import { PATHS } from './paths.js';
import { buildReport, formatReport } from './report.js';
import type { Measured } from './rounds.js';
import { median } from './stats.js';
import type { Timed } from './timed.js';

const IMAGES = 8;
/** Three rounds per path at the given images/s (seconds = 8 / rate), swsl fp32's top-1 = [0..7]. */
function measured(speeds: Record<string, [number, number, number]>): Measured {
  const reference = Array.from({ length: IMAGES }, (_, i) => i);
  const top1: Record<string, (number | string)[]> = {
    'torch-seed': reference,
    'swsl-fp32-stream': reference,
    'swsl-int8-stream': [...reference.slice(0, 6), 900, 901],
    // transformers.js gives labels: 7 of 8 equal to swsl's names.
    'transformers-js': [...reference.slice(0, 7).map((i) => labels[i]?.name ?? ''), 'goldfish-ish'],
  };
  const passes = new Map<string, Timed[]>(
    PATHS.map((p) => [
      p.id,
      (speeds[p.id] ?? [1, 1, 1]).map((rate) => ({
        seconds: IMAGES / rate,
        ...(top1[p.id] ? { top1: top1[p.id] } : {}),
      })),
    ]),
  );
  return {
    passes,
    preprocess: [0.004, 0.005, 0.006].map((seconds) => ({ seconds, cpuSeconds: seconds })),
    inference: { fp32: [20, 22, 24], int8: [60, 66, 72] },
    fx: { engine: 'onednn', engineNote: null, supportedEngines: ['onednn'], quantizeSeconds: 10, torch: '1.13' },
    transformersJsVersion: '4.3.1',
  };
}

const report = buildReport({
  measured: measured({
    'swsl-fp32-stream': [19, 20, 21],
    'swsl-int8-stream': [50, 55, 60],
    'torch-fx-int8': [30, 30, 35],
    'transformers-js': [10, 12, 20],
    'swsl-fp32-cli': [17, 18, 19],
    'swsl-int8-cli': [30, 40, 50],
  }),
  latency: [
    { id: 'swsl-help', name: 'swsl --help', command: 'node swsl --help', medianSeconds: 0.2, runsSeconds: [0.2] },
  ],
  images: IMAGES,
  distinctImages: 4,
  imagesFrom: 'imgs',
  settings: { threads: 2, batch: 8, rounds: 3, repeat: 2 },
  decodeWorkers: 1,
  machine: { cpus: 2, cpuModel: 'AMD EPYC', flags: { avx512_vnni: 'yes' } },
  versions: { onnxruntime: '1.30.0' },
});
const byId = (id: string) => report.results.find((r) => r.id === id);
const goal = (id: string) => report.goals.find((g) => g.id === id);

describe('the e2e report', () => {
  it('images/s per path: the best round and the median round', () => {
    expect(byId('swsl-int8-stream')?.imagesPerSecond).toEqual({ best: 60, median: 55 });
    expect(byId('transformers-js')?.imagesPerSecond.median).toBeCloseTo(12);
  });

  it('top-1 agreement with swsl fp32, by index or by label name; none where the output is not read', () => {
    expect(byId('torch-seed')?.top1AgreementWithSwslFp32).toEqual({ agree: 8, of: 8 });
    expect(byId('swsl-int8-stream')?.top1AgreementWithSwslFp32).toEqual({ agree: 6, of: 8 });
    expect(byId('transformers-js')?.top1AgreementWithSwslFp32).toEqual({ agree: 7, of: 8 });
    expect(byId('swsl-fp32-cli')?.top1AgreementWithSwslFp32).toBeNull();
  });

  it('ceilings from each round’s p and r, and each swsl pipeline over its own, round by round', () => {
    const rounds = [0.004, 0.005, 0.006].map((p, k) => ceiling(p, [20, 22, 24][k] as number, 2, 2));
    expect(report.ceiling.rounds.fp32).toEqual(rounds);
    expect(report.ceiling.fp32.median).toBeCloseTo(median(rounds));
    expect(report.ceiling.int8.best).toBeCloseTo(ceiling(0.004, 72, 2, 2));
    expect(byId('swsl-fp32-stream')?.overCeiling?.median).toBeCloseTo(
      median([19, 20, 21].map((x, k) => x / (rounds[k] as number))),
    );
    expect(byId('torch-seed')?.overCeiling).toBeUndefined();
  });

  it('goal ratios: best over best, and the median of the rounds’ ratios, which decides', () => {
    expect(goal('int8-stream-vs-fx-int8')?.value).toEqual({ best: 60 / 35, median: 60 / 35 }); // 50/30, 55/30, 60/35
    expect(goal('int8-stream-vs-fx-int8')?.met).toBe(true);
    expect(goal('fp32-stream-vs-transformers-js')?.value.best).toBeCloseTo(21 / 20);
    expect(goal('fp32-stream-vs-transformers-js')?.value.median).toBeCloseTo(20 / 12);
    expect(goal('fp32-stream-vs-transformers-js')?.met).toBe(true);
    expect(goal('int8-cli-vs-stream')?.met).toBe(false); // 30/50, 40/55, 50/60
  });

  it('prints the tables', () => {
    const text = formatReport(report);
    expect(text).toContain('| swsl int8, stream API | 60.00 | 55.00 | 6/8 |');
    expect(text).toContain('| swsl int8 CLI process ÷ stream | 0.83× | 0.73× | ≥ 0.85 | no |');
    expect(text).toContain('| swsl --help | 0.20 s | 0.20 |');
  });
});
