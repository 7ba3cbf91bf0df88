import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { IMAGE_FILE_NAME } from '@swsl/preprocess';
import { labelByWnid, SwslError } from '@swsl/registry';
import { NoInputError } from '@swsl/runtime-node';
import { describeArgs, expandInputs, type InputProblem, isProblem } from '../inputs.js';
import { ManifestError } from './errors.js';
import type { Entry, QueueTask } from './job-spec.js';

const URL_PATTERN = /^https?:\/\//i;

/** An integer class index, or a WordNet id from the ImageNet-1k table. */
function parseLabel(value: unknown, where: () => ManifestError): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return Number(value);
    const label = labelByWnid(value);
    if (label) return label.index;
  }
  throw where();
}

/**
 * A manifest: one input per line — a path (relative ones are relative to the manifest's folder) or an http(s) URL —
 * or JSON lines `{"input": …, "label"?: <class index or wnid>}`. Empty lines and `#` comments are skipped.
 */
async function* readManifest(file: string): AsyncGenerator<Entry> {
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/);
  const base = dirname(resolve(file));
  const place = (input: string) => (URL_PATTERN.test(input) || isAbsolute(input) ? input : resolve(base, input));
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (!line.startsWith('{')) {
      yield { input: place(line) };
      continue;
    }
    let row: { input?: unknown; label?: unknown };
    try {
      row = JSON.parse(line);
    } catch (error) {
      throw new ManifestError(file, i + 1, `not JSON: ${(error as Error).message}`);
    }
    if (typeof row.input !== 'string' || !row.input)
      throw new ManifestError(file, i + 1, 'a JSON line needs "input": a path or an http(s) URL');
    const label =
      row.label === undefined || row.label === null
        ? undefined
        : parseLabel(
            row.label,
            () =>
              new ManifestError(
                file,
                i + 1,
                `"label" ${JSON.stringify(row.label)} is neither a class index nor an ImageNet wnid`,
              ),
          );
    yield { input: place(row.input), ...(label === undefined ? {} : { label }) };
  }
}

export interface CollectedInputs {
  readonly entries: Entry[];
  /** Inputs named more than once (kept once: results are keyed by input). */
  readonly duplicates: number;
  /** Folder entries that could not be followed (link loops, dangling links): left out of the job, reported. */
  readonly unreachable: readonly InputProblem[];
}

/** Problems of an argument itself (nothing by that name): the submission is refused, as a typo should be. */
const ARGUMENT_PROBLEMS = new Set(['E_NOT_FOUND', 'E_NO_MATCH']);

/**
 * Command-line arguments → the job's inputs, in order, local paths made absolute (workers on other machines see the
 * same shared storage at the same path): URLs as they are; directories searched recursively for images (for eval,
 * an ImageFolder layout: the folder above each image is its wnid); image files; any other file is a manifest.
 */
export async function collectInputs(args: readonly string[], task: QueueTask): Promise<CollectedInputs> {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  const unreachable: InputProblem[] = [];
  let duplicates = 0;
  const add = (entry: Entry) => {
    if (seen.has(entry.input)) duplicates++;
    else {
      seen.add(entry.input);
      entries.push(entry);
    }
  };
  for (const arg of args) {
    if (URL_PATTERN.test(arg)) {
      add({ input: arg });
      continue;
    }
    const info = await stat(arg).catch(() => undefined);
    if (info?.isFile() && !IMAGE_FILE_NAME.test(arg)) {
      for await (const entry of readManifest(arg)) add(entry);
      continue;
    }
    for await (const item of expandInputs([arg])) {
      if (isProblem(item)) {
        if (ARGUMENT_PROBLEMS.has(item.code)) throw new SwslError(item.code, item.message);
        unreachable.push(item);
        continue;
      }
      const input = resolve(item.name);
      const wnid = info?.isDirectory() ? labelByWnid(basename(dirname(input))) : undefined;
      add({ input, ...(task === 'eval' && wnid ? { label: wnid.index } : {}) });
    }
  }
  if (task === 'eval') {
    const unlabelled = entries.find((e) => e.label === undefined);
    if (unlabelled)
      throw new SwslError(
        'E_NO_LABEL',
        `${unlabelled.input} has no label: --task eval needs a JSON-lines manifest with "label" (class index or ` +
          'wnid) on every line, or a folder per wnid (ImageFolder layout)',
      );
  }
  if (entries.length === 0 && unreachable.length === 0) throw new NoInputError(describeArgs(args));
  return { entries, duplicates, unreachable };
}
