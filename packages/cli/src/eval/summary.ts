import type { Label, PublishedStats } from '@swsl/registry';
import type { Resolved } from './classes.js';
import type { Sample } from './layouts.js';
import type { ErrorInfo, ResultRow } from './results-log.js';
import { wilsonInterval } from './wilson.js';

export interface Accuracy {
  readonly correct: number;
  /** Percent of the evaluated images (errors excluded). */
  readonly percent: number;
  /** Wilson 95% interval, in percent. */
  readonly ci95: readonly [number, number];
}

export interface ClassAccuracy {
  readonly index: number;
  readonly wnid: string;
  readonly name: string;
  readonly images: number;
  /** Images of this class whose top-1 / top-5 holds it (counts). */
  readonly top1: number;
  readonly top5: number;
}

export interface Published {
  readonly variant: string;
  readonly top1: number;
  readonly top5: number;
  /** Ours minus published, in percentage points. */
  readonly difference: { readonly top1: number; readonly top5: number };
  /** Whether the published figure lies inside our 95% interval. */
  readonly withinCi95: { readonly top1: boolean; readonly top5: boolean };
}

export interface EvalCounts {
  /** Images selected (after `--limit`). */
  readonly images: number;
  /** Images with predictions: the denominator of the accuracies. */
  readonly evaluated: number;
  readonly errors: number;
  readonly errorsByCode: Readonly<Record<string, number>>;
  readonly top1: Accuracy;
  readonly top5: Accuracy;
  readonly published: Published | null;
  /** Classes with at least one evaluated image, by index. */
  readonly perClass: readonly ClassAccuracy[];
  readonly failed: readonly { readonly file: string; readonly error: ErrorInfo }[];
}

function accuracy(correct: number, n: number): Accuracy {
  const { low, high } = wilsonInterval(correct, n);
  return { correct, percent: n ? (100 * correct) / n : 0, ci95: [100 * low, 100 * high] };
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/**
 * Counts over `samples` from the logged rows: top-1 / top-5 against the ground truth resolved now, per class, and
 * beside the published figures when given. An image whose ground truth names no class is an error (E_UNKNOWN_CLASS).
 */
export function summarize(
  samples: readonly Sample[],
  rows: ReadonlyMap<string, ResultRow>,
  target: (sample: Sample) => Resolved,
  labels: readonly Label[] | undefined,
  published?: { variant: string; stats: PublishedStats },
): EvalCounts {
  const perClass = new Map<number, { images: number; top1: number; top5: number }>();
  const failed: { file: string; error: ErrorInfo }[] = [];
  const errorsByCode: Record<string, number> = {};
  let top1 = 0;
  let top5 = 0;
  let evaluated = 0;
  for (const sample of samples) {
    const t = target(sample);
    const row = rows.get(sample.key);
    if ('error' in t || !row || 'error' in row) {
      const error: ErrorInfo =
        'error' in t
          ? { code: 'E_UNKNOWN_CLASS', message: `${sample.key}: ${t.error}` }
          : row && 'error' in row
            ? row.error
            : { code: 'E_NOT_EVALUATED', message: `${sample.key}: not evaluated (the run stopped first)` };
      failed.push({ file: sample.key, error });
      errorsByCode[error.code] = (errorsByCode[error.code] ?? 0) + 1;
      continue;
    }
    evaluated++;
    const c = perClass.get(t.index) ?? { images: 0, top1: 0, top5: 0 };
    c.images++;
    if (row.predictions[0] === t.index) {
      top1++;
      c.top1++;
    }
    if (row.predictions.slice(0, 5).includes(t.index)) {
      top5++;
      c.top5++;
    }
    perClass.set(t.index, c);
  }
  const a1 = accuracy(top1, evaluated);
  const a5 = accuracy(top5, evaluated);
  const inside = (a: Accuracy, p: number) => a.ci95[0] <= p && p <= a.ci95[1];
  return {
    images: samples.length,
    evaluated,
    errors: failed.length,
    errorsByCode,
    top1: { ...a1, percent: round(a1.percent), ci95: [round(a1.ci95[0]), round(a1.ci95[1])] },
    top5: { ...a5, percent: round(a5.percent), ci95: [round(a5.ci95[0]), round(a5.ci95[1])] },
    published: published
      ? {
          variant: published.variant,
          top1: published.stats.top1,
          top5: published.stats.top5,
          difference: {
            top1: round(a1.percent - published.stats.top1),
            top5: round(a5.percent - published.stats.top5),
          },
          withinCi95: { top1: inside(a1, published.stats.top1), top5: inside(a5, published.stats.top5) },
        }
      : null,
    perClass: [...perClass.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, c]) => ({
        index,
        wnid: labels?.[index]?.wnid ?? '',
        name: labels?.[index]?.name ?? `class ${index}`,
        ...c,
      })),
    failed,
  };
}
