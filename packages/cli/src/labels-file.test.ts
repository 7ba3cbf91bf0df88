import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from './csv-rows.js';
import { parseLabels, readLabelsFile } from './labels-file.js';

const fails = (file: string, text: string, code: string, message: RegExp) =>
  expect(() => parseLabels(file, text)).toThrow(
    expect.objectContaining({ code, message: expect.stringMatching(message) }),
  );

describe('labels files (swsl convert --labels)', () => {
  it('one name per line, in order: trimmed, CRLF and a BOM accepted, trailing blank lines ignored', () => {
    expect(parseLabels('l.txt', '\uFEFFcat\r\n  dog, big \r\nbird\n\n')).toEqual([
      { name: 'cat' },
      { name: 'dog, big' },
      { name: 'bird' },
    ]);
  });

  it('synset_words.txt lines give wnid and name', () => {
    expect(parseLabels('s.txt', 'n01440764 tench, Tinca tinca\nn01443537 goldfish\n')).toEqual([
      { wnid: 'n01440764', name: 'tench, Tinca tinca' },
      { wnid: 'n01443537', name: 'goldfish' },
    ]);
  });

  it('a CSV with a wnid,name header (quoted commas, any column order, an index column placing rows)', () => {
    expect(parseLabels('l.csv', 'wnid,name\nn1,"crane, bird"\nn2,"say ""hi"""\n')).toEqual([
      { wnid: 'n1', name: 'crane, bird' },
      { wnid: 'n2', name: 'say "hi"' },
    ]);
    expect(parseLabels('l.txt', 'name,index,wnid\nb,1,n2\na,0,n1\n')).toEqual([
      { wnid: 'n1', name: 'a' },
      { wnid: 'n2', name: 'b' },
    ]);
    expect(parseLabels('l.csv', 'name\nx\ny\n')).toEqual([{ name: 'x' }, { name: 'y' }]);
  });

  it('typed errors naming the file and line', () => {
    fails('l.txt', 'cat\n\ndog\n', 'E_LABELS_SYNTAX', /^l\.txt:2: empty line/);
    fails('l.txt', '\n\n', 'E_LABELS_EMPTY', /^l\.txt: no labels/);
    fails('l.csv', 'name,wnid\n', 'E_LABELS_EMPTY', /^l\.csv: no labels/);
    fails('l.csv', 'label,wnid\nx,n1\n', 'E_LABELS_SYNTAX', /^l\.csv:1: the CSV header has no `name` column/);
    fails('l.csv', 'wnid,name\nn1,a\nn2\n', 'E_LABELS_SYNTAX', /^l\.csv:3: 1 fields where the header has 2/);
    fails('l.csv', 'wnid,name\nn1,a\nn2,"b\n', 'E_LABELS_SYNTAX', /^l\.csv:3: a quoted field never closes/);
    fails('l.csv', 'wnid,name\nn1,a\nn1,b\n', 'E_LABELS_DUPLICATE', /^l\.csv:3: wnid n1 again \(first on line 2\)/);
    fails('l.csv', 'wnid,name\nn1,\n', 'E_LABELS_SYNTAX', /^l\.csv:2: empty name/);
    fails('l.csv', 'name,index\na,0\nb,0\n', 'E_LABELS_DUPLICATE', /^l\.csv:3: index 0 again/);
    fails('l.csv', 'name,index\na,0\nb,2\n', 'E_LABELS_SYNTAX', /^l\.csv:3: index 2 is past the last class/);
    fails('l.csv', 'name,index\na,x\n', 'E_LABELS_SYNTAX', /^l\.csv:2: index "x" is not a whole number/);
  });

  const dir = mkdtempSync(join(tmpdir(), 'swsl-labels-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file; a missing one is E_LABELS_READ naming it', async () => {
    writeFileSync(join(dir, 'names.txt'), 'a\nb\n');
    await expect(readLabelsFile(join(dir, 'names.txt'))).resolves.toEqual([{ name: 'a' }, { name: 'b' }]);
    await expect(readLabelsFile(join(dir, 'none.txt'))).rejects.toMatchObject({
      code: 'E_LABELS_READ',
      message: expect.stringContaining(join(dir, 'none.txt')),
    });
  });
});

describe('parseCsv', () => {
  it('RFC 4180: quotes, doubled quotes, line breaks inside quotes, CRLF, empty fields; each row with its line', () => {
    expect(parseCsv('a,"b,c"\r\n"x\ny",,""\n\nlast')).toEqual([
      { line: 1, fields: ['a', 'b,c'] },
      { line: 2, fields: ['x\ny', '', ''] },
      { line: 5, fields: ['last'] },
    ]);
  });
});
