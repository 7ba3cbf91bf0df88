import { mkdir, open, readFile, rm, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SwslError } from '@swsl/registry';

/** What the results of a file depend on; a rerun with other values must not reuse them. */
export interface ResultsIdentity {
  readonly model: string;
  readonly dtype: string;
  readonly dataset: string;
  readonly layout: string;
  readonly truthFile: string | null;
}

export interface ErrorInfo {
  readonly code: string;
  readonly message: string;
}

/**
 * One image's line: its top-k class indices, best first, or why it has none; `target` (its ground-truth index when
 * known) is for readers of the file: the summary resolves the ground truth again, so a corrected label counts.
 */
export type ResultRow =
  | { readonly file: string; readonly target?: number; readonly predictions: readonly number[] }
  | { readonly file: string; readonly target?: number; readonly error: ErrorInfo };

/** `--results` holds another run's results (another model, dtype or dataset). */
export class ResultsMismatchError extends SwslError {
  constructor(file: string, theirs: string, ours: string) {
    super(
      'E_EVAL_RESULTS',
      `${file} holds results of ${theirs}, not ${ours}; pass --fresh to overwrite it or --results <another file>`,
    );
  }
}

const HEADER_KIND = 'swsl-eval-results';
const describe = (id: Partial<ResultsIdentity>) =>
  `${id.model} ${id.dtype} on ${id.dataset} (${id.layout}${id.truthFile ? `, ${id.truthFile}` : ''})`;

export interface ResultsLog {
  /** Rows already in the file, by image key (a later row for the same image wins). */
  readonly previous: ReadonlyMap<string, ResultRow>;
  append(rows: readonly ResultRow[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The resumable per-image log of `swsl eval`: JSON lines, a header naming what they are results of, then one line
 * per image, appended after every batch. A run killed mid-line leaves a partial last line, cut off on reopening.
 */
export async function openResultsLog(
  file: string,
  identity: ResultsIdentity,
  options: { fresh?: boolean } = {},
): Promise<ResultsLog> {
  await mkdir(dirname(file), { recursive: true });
  if (options.fresh) await rm(file, { force: true });
  let text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  if (text && !text.endsWith('\n')) {
    const whole = text.lastIndexOf('\n') + 1;
    await truncate(file, Buffer.byteLength(text.slice(0, whole)));
    text = text.slice(0, whole);
  }
  const previous = new Map<string, ResultRow>();
  const [first, ...lines] = text.split('\n').filter(Boolean);
  if (first !== undefined) {
    let header: Partial<ResultsIdentity> & { kind?: string };
    try {
      header = JSON.parse(first);
    } catch {
      header = {};
    }
    if (header.kind !== HEADER_KIND) {
      throw new SwslError(
        'E_EVAL_RESULTS',
        `${file} is not a swsl eval results file; pass --fresh to overwrite it or --results <another file>`,
      );
    }
    const same = (Object.keys(identity) as (keyof ResultsIdentity)[]).every((k) => header[k] === identity[k]);
    if (!same) throw new ResultsMismatchError(file, describe(header), describe(identity));
    for (const line of lines) {
      try {
        const row = JSON.parse(line) as ResultRow;
        if (typeof row.file === 'string') previous.set(row.file, row);
      } catch {
        // A line garbled by a concurrent writer: that image is simply done again.
      }
    }
  }
  const handle = await open(file, 'a');
  if (first === undefined) await handle.write(`${JSON.stringify({ kind: HEADER_KIND, ...identity })}\n`);
  return {
    previous,
    async append(rows) {
      if (rows.length) await handle.write(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
    },
    close: () => handle.close(),
  };
}
