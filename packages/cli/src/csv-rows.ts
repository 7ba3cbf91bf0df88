/** One CSV record and the (1-based) line it starts on, for messages that name it. */
export interface CsvRow {
  readonly line: number;
  readonly fields: string[];
}

/** A quote left open at the end of the text: the line the quoted field began on. */
export class UnterminatedQuoteError extends Error {
  constructor(readonly line: number) {
    super(`a quoted field opened on line ${line} never closes`);
  }
}

/**
 * RFC 4180 records: comma-separated, `"` quotes fields that hold commas, quotes (doubled) or line breaks; CRLF or LF;
 * a leading byte-order mark dropped. Empty lines are skipped (spreadsheets leave them at the end).
 */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 0;
  let sawAny = false;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '' || sawAny) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    sawAny = false;
  };
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      quoted = true;
      sawAny = true;
      quoteLine = line;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      endRecord();
      line++;
      rowLine = line;
    } else {
      field += c;
    }
  }
  if (quoted) throw new UnterminatedQuoteError(quoteLine);
  if (field !== '' || fields.length || sawAny) endRecord();
  return rows;
}
