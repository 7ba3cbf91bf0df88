import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openResultsLog } from './results-log.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-results-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const id = { model: 'm', dtype: 'fp32', dataset: '/d', layout: 'imagefolder', truthFile: null };

describe('the eval results log', () => {
  it('appends, resumes (a later row wins, a cut-off line is dropped), refuses another run’s file', async () => {
    const file = join(work, 'sub', 'r.jsonl');
    const log = await openResultsLog(file, id);
    expect(log.previous.size).toBe(0);
    await log.append([
      { file: 'a', error: { code: 'E_X', message: 'x' } },
      { file: 'b', predictions: [1, 2] },
    ]);
    await log.close();
    appendFileSync(file, '{"file":"a","predic');
    const again = await openResultsLog(file, id);
    expect([...again.previous.keys()]).toEqual(['a', 'b']);
    await again.append([{ file: 'a', predictions: [3] }]);
    await again.close();
    expect(readFileSync(file, 'utf8').split('\n').at(-2)).toBe('{"file":"a","predictions":[3]}');
    const third = await openResultsLog(file, id);
    expect(third.previous.get('a')).toEqual({ file: 'a', predictions: [3] });
    await third.close();
    await expect(openResultsLog(file, { ...id, dtype: 'int8' })).rejects.toMatchObject({ code: 'E_EVAL_RESULTS' });
    const fresh = await openResultsLog(file, { ...id, dtype: 'int8' }, { fresh: true });
    expect(fresh.previous.size).toBe(0);
    await fresh.close();
  });
});
