import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import type { ClassifierInfo } from '@swsl/core';
import { labels as imagenetLabels, type Label, resolveVariant } from '@swsl/registry';
import { defaultCacheDir, type NodeClassifier, NoInputError, type PipelinedClassifier } from '@swsl/runtime-node';
import { classResolver, type Resolved } from '../eval/classes.js';
import { type Layout, readDataset, type Sample } from '../eval/layouts.js';
import { type ErrorInfo, openResultsLog, type ResultRow, type ResultsIdentity } from '../eval/results-log.js';
import { type EvalCounts, summarize } from '../eval/summary.js';
import { EXIT } from '../exit-codes.js';
import type { ModelFlags } from '../model-options.js';
import { openClassifier } from '../open-classifier.js';
import { bold, dim, red, type Terminal } from '../terminal.js';

export interface EvalFlags extends ModelFlags {
  readonly layout?: Layout;
  readonly labels?: string;
  readonly limit?: number;
  readonly results?: string;
  readonly fresh?: boolean;
  readonly json?: boolean;
}

/** FNV-1a: a stable, well-spread order of the images that does not depend on how the folder sorts. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * The images of this run, in hash order: `--limit N` takes the same N every time, spread over the classes (an
 * ImageFolder's first N would be its first classes), and a run stopped early has evaluated a random sample.
 */
function select(samples: readonly Sample[], limit: number | undefined): Sample[] {
  const ordered = samples
    .map((s) => ({ s, h: fnv1a(s.key) }))
    .sort((a, b) => a.h - b.h || (a.s.key < b.s.key ? -1 : 1))
    .map(({ s }) => s);
  return limit === undefined ? ordered : ordered.slice(0, limit);
}

/** The model's class names: its own (`convert --labels`), else ImageNet-1k's for a 1000-class model. */
function modelLabels(info: ClassifierInfo): readonly Label[] | undefined {
  return info.labels ?? (info.numClasses === imagenetLabels.length ? imagenetLabels : undefined);
}

/** Default `--results`: in the cache, one file per model, dtype and dataset, so the same command resumes. */
function defaultResultsFile(flags: EvalFlags, identity: ResultsIdentity): string {
  const hash = createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 12);
  const model = flags.weights ? basename(flags.weights).replace(/\.[^.]*$/, '') : identity.model;
  return join(flags.cacheDir ?? defaultCacheDir(), 'eval', `${model}-${flags.dtype}-${hash}.jsonl`);
}

/** The registry's figures apply to a registry variant with ImageNet-1k outputs. */
function publishedFor(classifier: NodeClassifier, flags: EvalFlags, given: boolean) {
  const { info } = classifier;
  if (info.labels || info.numClasses !== imagenetLabels.length) return undefined;
  const name = info.variant ?? (given ? flags.model : undefined);
  if (!name) return undefined;
  const variant = resolveVariant(name);
  return { variant: variant.name, stats: variant.published };
}

const pct = (x: number) => `${x.toFixed(2)}%`;
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;

function printSummary(t: Terminal, head: string, s: EvalCounts, results: string): void {
  const rows = (['top1', 'top5'] as const).map((k) => {
    const a = s[k];
    const p = s.published;
    return [
      k === 'top1' ? 'top-1' : 'top-5',
      `${a.correct}/${s.evaluated}`,
      pct(a.percent),
      `${a.ci95[0].toFixed(2)}–${a.ci95[1].toFixed(2)}%`,
      p ? `${p[k].toFixed(1)}%` : '—',
      p ? `${signed(p.difference[k])}${p.withinCi95[k] ? '' : ' (outside the 95% CI)'}` : '—',
    ];
  });
  const table = [['', 'correct', 'accuracy', '95% CI (Wilson)', 'published', 'difference (points)'], ...rows];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const lines = table.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
  let text = `${bold(t.outColor, head)}\n${lines.join('\n')}\n`;
  if (s.errors) {
    const codes = Object.entries(s.errorsByCode).map(([code, n]) => `${code} ×${n}`);
    text += `${s.errors} of ${s.images} images failed and are not counted (${codes.join(', ')}); each is in the results file\n`;
  }
  t.out(`${text}${dim(t.outColor, `results: ${results}`)}\n`);
}

export async function evalCommand(t: Terminal, dir: string, flags: EvalFlags, given: boolean): Promise<number> {
  // The dataset and the results file first: a wrong folder fails in milliseconds, before a model download.
  const dataset = await readDataset(dir, {
    ...(flags.layout ? { layout: flags.layout } : {}),
    ...(flags.labels ? { labels: flags.labels } : {}),
  });
  const selected = select(dataset.samples, flags.limit);
  if (selected.length === 0) throw new NoInputError(dir);
  const identity: ResultsIdentity = {
    model: flags.weights ? resolve(flags.weights) : resolveVariant(flags.model).name,
    dtype: flags.dtype,
    dataset: resolve(dir),
    layout: dataset.layout,
    truthFile: dataset.truthFile ?? null,
  };
  const resultsFile = resolve(flags.results ?? defaultResultsFile(flags, identity));
  const log = await openResultsLog(resultsFile, identity, { fresh: flags.fresh ?? false });
  const rows = new Map(log.previous);
  const resumed = selected.filter((s) => {
    const row = rows.get(s.key);
    return row && 'predictions' in row;
  }).length;

  let classifier: PipelinedClassifier;
  try {
    classifier = await openClassifier(t, flags, given);
  } catch (error) {
    await log.close();
    throw error;
  }
  let summary: EvalCounts;
  try {
    const { info } = classifier;
    const labels = modelLabels(info);
    const resolveClass = classResolver(labels, info.numClasses);
    const targets = new Map<string, Resolved>();
    const target = (s: Sample): Resolved => targets.get(s.key) ?? targets.set(s.key, resolveClass(s.truth)).get(s.key)!;
    const topK = Math.min(5, info.numClasses);
    const todo = selected.filter((s) => {
      const row = rows.get(s.key);
      return !(row && 'predictions' in row) && 'index' in target(s) && !s.problem;
    });
    if (!t.quiet) {
      const skipped = resumed ? `; ${resumed} already in ${resultsFile}` : '';
      t.err(`${dataset.layout}: ${selected.length} images, ${todo.length} to evaluate${skipped}\n`);
    }
    // Decoding overlaps inference (the pipelined path); results come in `todo` order and are appended to the log
    // once per batch, so a killed run loses at most the batch in hand.
    let pending: ResultRow[] = [];
    let done = 0;
    const flush = async () => {
      await log.append(pending);
      done += pending.length;
      pending = [];
      if (t.errIsTTY && !t.quiet) t.err(`\revaluated ${done}/${todo.length}`);
    };
    const record = async (s: Sample, outcome: { error: ErrorInfo } | { predictions: number[] }) => {
      const t0 = target(s);
      const row: ResultRow = { file: s.key, ...('index' in t0 ? { target: t0.index } : {}), ...outcome };
      rows.set(row.file, row);
      pending.push(row);
      if ('error' in row) t.err(`${red(t.errColor, 'error')} ${row.error.message} [${row.error.code}]\n`);
      if (pending.length >= flags.batch) await flush();
    };
    try {
      // Entries the folder walk could not follow (link loops, dangling links): error rows, counted as failed images.
      for (const s of selected) if (s.problem) await record(s, { error: s.problem });
      const images = todo.map((s) => s.path);
      for await (const r of images.length ? classifier.stream(images, { topK }) : []) {
        const s = todo[r.index]!;
        await record(s, 'error' in r ? { error: r.error } : { predictions: r.predictions.map((p) => p.index) });
      }
    } finally {
      if (pending.length) await flush();
    }
    if (t.errIsTTY && !t.quiet && todo.length) t.err('\n');
    summary = summarize(selected, rows, target, labels, publishedFor(classifier, flags, given));
  } finally {
    await classifier.dispose();
    await log.close();
  }

  const info = classifier.info;
  const model = info.variant ?? identity.model;
  if (flags.json) {
    t.out(
      `${JSON.stringify(
        {
          model,
          ...(flags.weights ? { weights: resolve(flags.weights) } : {}),
          dtype: info.dtype,
          device: info.device,
          dataset: identity.dataset,
          layout: dataset.layout,
          truthFile: dataset.truthFile ?? null,
          results: resultsFile,
          limit: flags.limit ?? null,
          missing: dataset.missing,
          unlabelled: dataset.unlabelled,
          resumed,
          ...summary,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const extra = [
      dataset.missing ? `${dataset.missing} labelled images not in the folder` : '',
      dataset.unlabelled ? `${dataset.unlabelled} images without ground truth` : '',
    ].filter(Boolean);
    const head = `${model} (${info.dtype}, ${info.device}) on ${identity.dataset}: ${dataset.layout}, ${summary.images} images${extra.length ? ` (${extra.join('; ')})` : ''}`;
    printSummary(t, head, summary, resultsFile);
  }
  return summary.errors ? EXIT.someInputsFailed : EXIT.ok;
}
