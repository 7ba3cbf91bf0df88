import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Dtype, isSwslError, resolveVariant } from '@swsl/registry';
import type { PipelineEvent } from '@swsl/runtime-node';
import { InvalidArgumentError } from 'commander';
import { EXIT } from '../exit-codes.js';
import { expandInputs, isProblem } from '../inputs.js';
import type { ModelFlags } from '../model-options.js';
import { openClassifier } from '../open-classifier.js';
import { bold, dim, type Terminal } from '../terminal.js';
import type { BenchFlags } from './bench-program.js';

export interface BenchCell {
  readonly model: string;
  readonly dtype: Dtype;
  readonly batch: number;
  readonly threads: number;
  readonly decodeWorkers: number | 'default';
  readonly device?: string;
  readonly images?: number;
  readonly seconds?: number;
  readonly imagesPerSecond?: number;
  /** `session.run` per batch (preprocessing, which overlaps, excluded). */
  readonly batchMs?: { readonly p50: number; readonly p95: number };
  /** How long the session waited for decoding, in all: > 0 means the decoder, not the model, set the pace. */
  readonly decodeWaitSeconds?: number;
  readonly error?: { readonly code: string; readonly message: string };
}

/** Nearest-rank percentile. */
function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

// From a checkout of the repository (dist/commands/bench.js → ../../../../samples): its CC0 sample photos.
const SAMPLES = fileURLToPath(new URL('../../../../samples/', import.meta.url));

/** Synthetic 500×375 JPEGs (ImageNet's typical size), for an installed CLI run without images. */
async function syntheticJpegs(count: number): Promise<Uint8Array[]> {
  const { default: sharp } = await import('sharp');
  const width = 500;
  const height = 375;
  const out: Uint8Array[] = [];
  for (let n = 0; n < count; n++) {
    const pixels = new Uint8Array(width * height * 3);
    let seed = 12345 + n;
    for (let i = 0; i < pixels.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const x = (i / 3) % width;
      pixels[i] = ((x + n * 40) & 0xff) ^ (seed >> 27);
    }
    const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer();
    out.push(new Uint8Array(jpeg));
  }
  return out;
}

/** The images to run: the arguments (files, directories, globs), else the repository's samples, else synthetic. */
async function benchImages(t: Terminal, args: readonly string[]): Promise<(string | Uint8Array)[]> {
  if (args.length > 0) {
    const images: (string | Uint8Array)[] = [];
    for await (const item of expandInputs(args)) {
      if (isProblem(item)) throw new InvalidArgumentError(item.message);
      images.push(await item.input());
    }
    if (images.length === 0) throw new InvalidArgumentError(`no images in ${args.join(' ')}`);
    return images;
  }
  if (existsSync(SAMPLES)) {
    const samples = readdirSync(SAMPLES)
      .filter((f) => /\.jpe?g$/i.test(f))
      .sort()
      .map((f) => join(SAMPLES, f));
    if (samples.length > 0) {
      if (!t.quiet) t.err(dim(t.errColor, `no images given: the ${samples.length} samples in ${SAMPLES}\n`));
      return samples;
    }
  }
  if (!t.quiet) t.err(dim(t.errColor, 'no images given: 8 synthetic 500×375 JPEGs\n'));
  return syntheticJpegs(8);
}

async function runCell(
  t: Terminal,
  flags: BenchFlags,
  given: boolean,
  images: readonly (string | Uint8Array)[],
  cell: { model: string; dtype: Dtype; batch: number; threads: number; decodeWorkers?: number },
): Promise<BenchCell> {
  const row = { ...cell, decodeWorkers: cell.decodeWorkers ?? ('default' as const) };
  const events: PipelineEvent[] = [];
  const { decodeWorkers: _grid, ...common } = flags;
  const modelFlags: ModelFlags = {
    ...common,
    model: given ? cell.model : (flags.model[0] ?? cell.model),
    dtype: cell.dtype,
    batch: cell.batch,
    threads: cell.threads,
    ...(cell.decodeWorkers !== undefined ? { decodeWorkers: cell.decodeWorkers } : {}),
  };
  let classifier: Awaited<ReturnType<typeof openClassifier>> | undefined;
  try {
    classifier = await openClassifier(t, modelFlags, given, { onEvent: (e) => events.push(e) });
    const take = (batches: number) =>
      Array.from({ length: batches * cell.batch }, (_, i) => images[i % images.length] as string | Uint8Array);
    for await (const r of classifier.stream(take(flags.warmup), { topK: 1 })) {
      if ('error' in r) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    }
    events.length = 0;
    const timed = take(flags.batches);
    const start = performance.now();
    for await (const r of classifier.stream(timed, { topK: 1 })) {
      if ('error' in r) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    }
    const seconds = (performance.now() - start) / 1000;
    const runs = events.flatMap((e) => (e.type === 'run' ? [e] : []));
    const batchMs = runs.map((e) => e.runMs);
    return {
      ...row,
      decodeWorkers: classifier.decodeWorkers,
      device: classifier.info.device,
      images: timed.length,
      seconds,
      imagesPerSecond: timed.length / seconds,
      batchMs: { p50: percentile(batchMs, 0.5), p95: percentile(batchMs, 0.95) },
      decodeWaitSeconds: runs.reduce((sum, e) => sum + e.waitMs, 0) / 1000,
    };
  } catch (error) {
    const code = isSwslError(error) ? error.code : ((error as { code?: string }).code ?? 'E_UNEXPECTED');
    return { ...row, error: { code, message: (error as Error).message.split('\n')[0] ?? String(error) } };
  } finally {
    await classifier?.dispose();
  }
}

const fixed = (n: number | undefined, digits: number) => (n === undefined ? '' : n.toFixed(digits));

function printTable(t: Terminal, cells: readonly BenchCell[]): void {
  const header = ['model', 'dtype', 'batch', 'threads', 'decode workers', 'images/s', 'p50 batch ms', 'p95 batch ms'];
  const rows = cells.map((c) => [
    c.model,
    c.dtype,
    String(c.batch),
    String(c.threads),
    String(c.decodeWorkers),
    c.error ? `error: ${c.error.code}` : fixed(c.imagesPerSecond, 2),
    fixed(c.batchMs?.p50, 1),
    fixed(c.batchMs?.p95, 1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cols: string[]) =>
    cols.map((c, i) => (i >= 2 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ');
  t.out(`${bold(t.outColor, line(header))}\n`);
  for (const r of rows) t.out(`${line(r)}\n`);
  for (const c of cells) if (c.error) t.err(`${c.model} ${c.dtype} batch ${c.batch}: ${c.error.message}\n`);
}

/**
 * `swsl bench`: images/s and p50/p95 batch latency over a model × dtype × batch × threads (× decode workers) grid,
 * each cell a fresh classifier on the pipelined path, warm-up batches excluded. A cell that fails (a dtype the
 * device cannot run) is reported in its row and the others still run.
 */
export async function benchCommand(
  t: Terminal,
  args: readonly string[],
  flags: BenchFlags,
  modelGiven: boolean,
): Promise<number> {
  for (const model of flags.model) if (!flags.weights) resolveVariant(model);
  const images = await benchImages(t, args);
  const cells: BenchCell[] = [];
  // With --weights and no --model, the file is the model.
  const models = flags.weights && !modelGiven ? [basename(flags.weights)] : flags.model;
  for (const model of models) {
    for (const dtype of flags.dtype) {
      for (const threads of flags.threads) {
        for (const batch of flags.batch) {
          for (const decodeWorkers of flags.decodeWorkers ?? [undefined]) {
            const cell = await runCell(t, flags, modelGiven, images, {
              model,
              dtype,
              batch,
              threads,
              ...(decodeWorkers !== undefined ? { decodeWorkers } : {}),
            });
            cells.push(cell);
            if (!flags.json && !t.quiet) {
              const what = `${model} ${dtype} batch ${batch} threads ${threads} workers ${cell.decodeWorkers}`;
              t.err(
                dim(
                  t.errColor,
                  `${what}: ${cell.error ? cell.error.code : `${fixed(cell.imagesPerSecond, 2)} images/s`}\n`,
                ),
              );
            }
          }
        }
      }
    }
  }
  if (flags.json) t.out(`${JSON.stringify(cells, null, 2)}\n`);
  else printTable(t, cells);
  return cells.some((c) => c.error) ? EXIT.someInputsFailed : EXIT.ok;
}
