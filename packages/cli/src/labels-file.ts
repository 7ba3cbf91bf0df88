import { readFile } from 'node:fs/promises';
import { SwslError } from '@swsl/registry';
import { parseCsv, UnterminatedQuoteError } from './csv-rows.js';

/** One class of a fine-tuned checkpoint, in output order (what `convert`'s `labels` option takes). */
export interface LabelEntry {
  readonly wnid?: string;
  readonly name: string;
}

const FORMATS =
  'a labels file is one class name per line, `<wnid> <name>` per line (synset_words.txt), or a CSV with a header ' +
  'naming a `name` column (and optionally `wnid` and `index`), in the order of the checkpoint’s outputs';

/** A `--labels` file swsl cannot read as class names; the message names the file and, where it applies, the line. */
export class LabelsFileError extends SwslError {
  constructor(
    code: 'E_LABELS_READ' | 'E_LABELS_EMPTY' | 'E_LABELS_SYNTAX' | 'E_LABELS_DUPLICATE',
    file: string,
    line: number | undefined,
    detail: string,
  ) {
    super(code, `${file}${line === undefined ? '' : `:${line}`}: ${detail} (${FORMATS})`);
  }
}

const WNID_LINE = /^(n\d{8})\s+(\S.*)$/;

function fromLines(file: string, text: string): { entries: LabelEntry[]; lines: number[] } {
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  while (all.length && all[all.length - 1]!.trim() === '') all.pop();
  const lines = all.map((_, i) => i + 1);
  const empty = all.findIndex((l) => l.trim() === '');
  if (empty >= 0) {
    throw new LabelsFileError('E_LABELS_SYNTAX', file, empty + 1, 'empty line: every line names one class');
  }
  const synsets = all.every((l) => WNID_LINE.test(l.trim()));
  const entries = all.map((l) => {
    const m = synsets ? WNID_LINE.exec(l.trim()) : null;
    return m ? { wnid: m[1]!, name: m[2]!.trim() } : { name: l.trim() };
  });
  return { entries, lines };
}

function fromCsv(file: string, text: string): { entries: LabelEntry[]; lines: number[] } {
  let rows: ReturnType<typeof parseCsv>;
  try {
    rows = parseCsv(text);
  } catch (error) {
    if (error instanceof UnterminatedQuoteError) {
      throw new LabelsFileError('E_LABELS_SYNTAX', file, error.line, 'a quoted field never closes');
    }
    throw error;
  }
  const [header, ...body] = rows;
  if (!header) throw new LabelsFileError('E_LABELS_EMPTY', file, undefined, 'no labels');
  const column = (name: string) => header.fields.findIndex((f) => f.trim().toLowerCase() === name);
  const nameAt = column('name');
  const wnidAt = column('wnid');
  const indexAt = column('index');
  if (nameAt < 0) {
    throw new LabelsFileError('E_LABELS_SYNTAX', file, header.line, 'the CSV header has no `name` column');
  }
  const placed = body.map((row) => {
    if (row.fields.length !== header.fields.length) {
      throw new LabelsFileError(
        'E_LABELS_SYNTAX',
        file,
        row.line,
        `${row.fields.length} fields where the header has ${header.fields.length}`,
      );
    }
    const name = row.fields[nameAt]!.trim();
    if (!name) throw new LabelsFileError('E_LABELS_SYNTAX', file, row.line, 'empty name');
    const wnid = wnidAt >= 0 ? row.fields[wnidAt]!.trim() : '';
    const indexText = indexAt >= 0 ? row.fields[indexAt]!.trim() : undefined;
    const index = indexText === undefined ? undefined : /^\d+$/.test(indexText) ? Number(indexText) : Number.NaN;
    if (Number.isNaN(index)) {
      throw new LabelsFileError('E_LABELS_SYNTAX', file, row.line, `index "${indexText}" is not a whole number`);
    }
    return { entry: wnid ? { wnid, name } : { name }, line: row.line, index };
  });
  if (indexAt >= 0) {
    // The index column says where each class goes; it must name every output once.
    const seen = new Map<number, number>();
    for (const p of placed) {
      if (p.index! >= placed.length) {
        throw new LabelsFileError(
          'E_LABELS_SYNTAX',
          file,
          p.line,
          `index ${p.index} is past the last class (${placed.length - 1})`,
        );
      }
      const before = seen.get(p.index!);
      if (before !== undefined) {
        throw new LabelsFileError(
          'E_LABELS_DUPLICATE',
          file,
          p.line,
          `index ${p.index} again (first on line ${before})`,
        );
      }
      seen.set(p.index!, p.line);
    }
    placed.sort((a, b) => a.index! - b.index!);
  }
  return { entries: placed.map((p) => p.entry), lines: placed.map((p) => p.line) };
}

/** Parses the text of a labels file (`file` names it in errors). */
export function parseLabels(file: string, text: string): LabelEntry[] {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/, 1)[0] ?? '';
  const csv =
    /\.csv$/i.test(file) ||
    (firstLine.includes(',') &&
      firstLine.split(',').some((f) => f.trim().replace(/^"|"$/g, '').toLowerCase() === 'name'));
  const { entries, lines } = csv ? fromCsv(file, text) : fromLines(file, text);
  if (entries.length === 0) throw new LabelsFileError('E_LABELS_EMPTY', file, undefined, 'no labels');
  const byWnid = new Map<string, number>();
  entries.forEach((e, i) => {
    if (!e.wnid) return;
    const before = byWnid.get(e.wnid);
    if (before !== undefined) {
      throw new LabelsFileError('E_LABELS_DUPLICATE', file, lines[i], `wnid ${e.wnid} again (first on line ${before})`);
    }
    byWnid.set(e.wnid, lines[i]!);
  });
  return entries;
}

/** Reads and parses a `--labels` file. */
export async function readLabelsFile(file: string): Promise<LabelEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new LabelsFileError('E_LABELS_READ', file, undefined, `cannot read it (${(error as Error).message})`);
  }
  return parseLabels(file, text);
}
