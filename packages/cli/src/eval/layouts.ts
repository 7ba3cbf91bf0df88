import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { IMAGE_FILE_NAME } from '@swsl/preprocess';
import { SwslError } from '@swsl/registry';
import { isWalkProblem, NoInputError, type WalkProblem, walkImages } from '@swsl/runtime-node';
import { parseCsv, UnterminatedQuoteError } from '../csv-rows.js';
import { ILSVRC2012_ID_TO_WNID } from './ilsvrc2012-ids.data.js';

import type { Layout } from './layout-names.js';

export { LAYOUTS, type Layout } from './layout-names.js';

export const LOC_SOLUTION = 'LOC_val_solution.csv';
export const DEVKIT_GROUND_TRUTH = 'ILSVRC2012_validation_ground_truth.txt';

/** One labelled image: `key` (its path below the dataset, `/`-separated) names it in the results. */
export interface Sample {
  readonly key: string;
  readonly path: string;
  /** The ground truth as the layout gives it: a wnid, a class name or an index (resolved against the model later). */
  readonly truth: string;
  /** Why the walk could not reach this image (a link loop, a dangling link): an error row, not an inference. */
  readonly problem?: { readonly code: string; readonly message: string };
}

export interface Dataset {
  readonly layout: Layout;
  /** The ground-truth file read (absent for imagefolder). */
  readonly truthFile?: string;
  readonly samples: readonly Sample[];
  /** Ground-truth rows whose image is not in the folder (a subset of the 50,000 is fine). */
  readonly missing: number;
  /** Images in the folder that the ground truth does not mention. */
  readonly unlabelled: number;
}

/** The folder, or its ground truth, cannot be read as a labelled validation set; the message says what to pass. */
export class EvalDatasetError extends SwslError {
  constructor(code: 'E_EVAL_LAYOUT' | 'E_EVAL_TRUTH', message: string) {
    super(code, message);
  }
}

const LAYOUT_HELP =
  'expected one folder per class (ImageFolder: <dir>/<wnid>/*.JPEG), LOC_val_solution.csv or ' +
  'ILSVRC2012_validation_ground_truth.txt in the folder, or --labels <csv> with rows "file,label" (label: a class ' +
  'index, a wnid or a class name)';

const toKey = (dir: string, path: string) => relative(dir, path).split(sep).join('/');
const exists = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

/** Every image below `dir` (symbolic links followed), in a stable order, with the entries that could not be followed. */
async function imagesBelow(dir: string): Promise<{ path: string; problem?: WalkProblem }[]> {
  const out: { path: string; problem?: WalkProblem }[] = [];
  for await (const entry of walkImages(dir))
    out.push(isWalkProblem(entry) ? { path: entry.path, problem: entry } : entry);
  return out;
}

/** Whether there is any image below `dir`: the walk stops at the first. */
async function hasImages(dir: string): Promise<boolean> {
  for await (const entry of walkImages(dir)) if (!isWalkProblem(entry)) return true;
  return false;
}

/** A found image as a sample of class `truth`. */
function sampleOf(dir: string, found: { path: string; problem?: WalkProblem }, truth: string): Sample {
  const { path, problem } = found;
  return {
    key: toKey(dir, path),
    path,
    truth,
    ...(problem ? { problem: { code: problem.code, message: problem.message } } : {}),
  };
}

/** A folder entry's kind, following a symbolic link (a linked class folder is a class folder). */
async function kindOf(dir: string, entry: Dirent): Promise<'dir' | 'file' | undefined> {
  if (entry.isDirectory()) return 'dir';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return undefined;
  const info = await stat(join(dir, entry.name)).catch(() => undefined);
  return info?.isDirectory() ? 'dir' : info?.isFile() ? 'file' : undefined;
}

/** File name without its extension: how LOC_val_solution.csv and the devkit name images. */
const stem = (path: string) => basename(path).replace(/\.[^.]*$/, '');

async function imageFolder(dir: string): Promise<Dataset> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const samples: Sample[] = [];
  let unlabelled = 0;
  for (const entry of entries) {
    const kind = await kindOf(dir, entry);
    if (kind === 'dir') {
      for (const found of await imagesBelow(join(dir, entry.name))) samples.push(sampleOf(dir, found, entry.name));
    } else if (kind === 'file' && IMAGE_FILE_NAME.test(entry.name)) {
      unlabelled++;
    }
  }
  return { layout: 'imagefolder', samples, missing: 0, unlabelled };
}

/** Ground truth keyed by image stem, matched against the images found anywhere below `dir`. */
async function byStem(dir: string, layout: Layout, truthFile: string, truth: Map<string, string>): Promise<Dataset> {
  const samples: Sample[] = [];
  const found = new Set<string>();
  let unlabelled = 0;
  for (const image of await imagesBelow(dir)) {
    const name = stem(image.path);
    const t = truth.get(name);
    if (t === undefined || found.has(name)) {
      unlabelled++;
      continue;
    }
    found.add(name);
    samples.push(sampleOf(dir, image, t));
  }
  return { layout, truthFile, samples, missing: truth.size - found.size, unlabelled };
}

function csvRows(file: string, text: string) {
  try {
    return parseCsv(text);
  } catch (error) {
    if (error instanceof UnterminatedQuoteError) {
      throw new EvalDatasetError('E_EVAL_TRUTH', `${file}:${error.line}: a quoted field never closes`);
    }
    throw error;
  }
}

/** Kaggle's `LOC_val_solution.csv`: `ImageId,PredictionString`, the class is the first word of the boxes. */
async function locSolution(dir: string, file: string): Promise<Dataset> {
  const [header, ...rows] = csvRows(file, await readFile(file, 'utf8'));
  if (header?.fields[0]?.trim() !== 'ImageId') {
    throw new EvalDatasetError('E_EVAL_TRUTH', `${file}:1: expected the header "ImageId,PredictionString"`);
  }
  const truth = new Map<string, string>();
  for (const row of rows) {
    const wnid = row.fields[1]?.trim().split(/\s+/)[0];
    if (!row.fields[0] || !wnid) {
      throw new EvalDatasetError('E_EVAL_TRUTH', `${file}:${row.line}: expected "<image id>,<wnid> <box…>"`);
    }
    truth.set(row.fields[0].trim(), wnid);
  }
  return byStem(dir, 'loc-csv', file, truth);
}

/** The devkit's ground truth: line i is the ILSVRC2012_ID (1…1000, meta.mat order) of ILSVRC2012_val_<i, 8 digits>. */
async function devkit(dir: string, file: string): Promise<Dataset> {
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/);
  while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  const truth = new Map<string, string>();
  lines.forEach((line, i) => {
    const id = Number(line.trim());
    const wnid = Number.isInteger(id) ? ILSVRC2012_ID_TO_WNID[id - 1] : undefined;
    if (!wnid) {
      throw new EvalDatasetError('E_EVAL_TRUTH', `${file}:${i + 1}: "${line}" is no ILSVRC2012_ID (1…1000)`);
    }
    truth.set(`ILSVRC2012_val_${String(i + 1).padStart(8, '0')}`, wnid);
  });
  return byStem(dir, 'devkit', file, truth);
}

const FILE_COLUMNS = ['file', 'path', 'image', 'filename', 'image_id'];
const LABEL_COLUMNS = ['label', 'class', 'target', 'wnid', 'index', 'class_index', 'name'];

/** `file,label` rows (a header naming those columns is optional); files relative to `dir` unless absolute. */
async function labelsCsv(dir: string, file: string): Promise<Dataset> {
  const rows = csvRows(file, await readFile(file, 'utf8'));
  const head = rows[0]?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  const fileAt = head.findIndex((f) => FILE_COLUMNS.includes(f));
  const hasHeader = fileAt >= 0;
  const labelAt = hasHeader ? head.findIndex((f) => LABEL_COLUMNS.includes(f)) : 1;
  if (hasHeader && labelAt < 0) {
    throw new EvalDatasetError(
      'E_EVAL_TRUTH',
      `${file}:1: the header names no label column (${LABEL_COLUMNS.join(', ')})`,
    );
  }
  const samples: Sample[] = [];
  const seen = new Set<string>();
  for (const row of hasHeader ? rows.slice(1) : rows) {
    const name = row.fields[hasHeader ? fileAt : 0]?.trim();
    const label = row.fields[labelAt]?.trim();
    if (!name || !label) throw new EvalDatasetError('E_EVAL_TRUTH', `${file}:${row.line}: expected "file,label"`);
    const path = isAbsolute(name) ? name : resolve(dir, name);
    const key = toKey(dir, path);
    if (seen.has(key)) continue;
    seen.add(key);
    samples.push({ key, path, truth: label });
  }
  return { layout: 'csv', truthFile: file, samples, missing: 0, unlabelled: 0 };
}

/** Which layout a `--labels` file is, by its name. */
function layoutOfTruthFile(file: string): Layout {
  const name = basename(file);
  if (name === LOC_SOLUTION) return 'loc-csv';
  if (/ground_truth.*\.txt$/i.test(name)) return 'devkit';
  return 'csv';
}

async function hasClassFolders(dir: string): Promise<boolean> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if ((await kindOf(dir, entry)) === 'dir' && (await hasImages(join(dir, entry.name)))) return true;
  }
  return false;
}

/**
 * Reads a validation set: `layout` forced, or detected — `--labels` by its file name (LOC_val_solution.csv, a devkit
 * `*ground_truth*.txt`, else a file,label CSV), then LOC_val_solution.csv or ILSVRC2012_validation_ground_truth.txt
 * inside `dir`, then class folders.
 */
export async function readDataset(
  dirArg: string,
  options: { layout?: Layout; labels?: string } = {},
): Promise<Dataset> {
  const dir = resolve(dirArg);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new EvalDatasetError('E_EVAL_LAYOUT', `${dirArg}: not a directory (${LAYOUT_HELP})`);
  const labels = options.labels ? resolve(options.labels) : undefined;
  if (labels && !(await exists(labels))) {
    throw new EvalDatasetError('E_EVAL_TRUTH', `${options.labels}: no such file (--labels names the ground truth)`);
  }
  const inDir = async (name: string) => ((await exists(join(dir, name))) ? join(dir, name) : undefined);
  const loc = await inDir(LOC_SOLUTION);
  const devkitFile = await inDir(DEVKIT_GROUND_TRUTH);
  const detected = async (): Promise<Layout> => {
    if (labels) return layoutOfTruthFile(labels);
    if (loc) return 'loc-csv';
    if (devkitFile) return 'devkit';
    if (await hasClassFolders(dir)) return 'imagefolder';
    if (!(await hasImages(dir))) throw new NoInputError(dirArg);
    throw new EvalDatasetError('E_EVAL_LAYOUT', `${dirArg}: cannot tell which class each image is: ${LAYOUT_HELP}`);
  };
  const layout = options.layout ?? (await detected());
  const truthFile = labels ?? (layout === 'loc-csv' ? loc : layout === 'devkit' ? devkitFile : undefined);
  if (!truthFile && layout !== 'imagefolder') {
    const wanted = layout === 'loc-csv' ? LOC_SOLUTION : layout === 'devkit' ? DEVKIT_GROUND_TRUTH : 'a file,label CSV';
    throw new EvalDatasetError(
      'E_EVAL_LAYOUT',
      `${dirArg}: --layout ${layout} needs ${wanted}: put it in the folder or pass --labels <file>`,
    );
  }
  switch (layout) {
    case 'imagefolder':
      return imageFolder(dir);
    case 'loc-csv':
      return locSolution(dir, truthFile!);
    case 'devkit':
      return devkit(dir, truthFile!);
    case 'csv':
      return labelsCsv(dir, truthFile!);
  }
}
