import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadInt8Figures } from './int8-figures.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-int8-figures-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const report = (speedup: number, date: string) => ({
  date,
  int8InferenceSpeedupOverFp32: speedup,
  int8VsFp32InBrowser: { sameTop1: 27, of: 32 },
});

it('takes a local run over the snapshot, the snapshot’s date over the run date, and nothing when neither exists', () => {
  const run = join(work, 'run');
  const snapshot = join(work, 'snapshot');
  for (const dir of [run, snapshot]) rmSync(dir, { recursive: true, force: true });
  expect(loadInt8Figures(run, snapshot)).toBeUndefined();
  mkdirSync(snapshot, { recursive: true });
  writeFileSync(
    join(snapshot, 'web-int8.json'),
    JSON.stringify({ snapshot: { measuredAt: '2026-12-01T10:00:00Z' }, ...report(1.9, '2026-11-30T00:00:00Z') }),
  );
  expect(loadInt8Figures(run, snapshot)).toEqual({
    inferenceSpeedup: 1.9,
    sameTop1: 27,
    photos: 32,
    measuredAt: '2026-12-01',
  });
  mkdirSync(run, { recursive: true });
  writeFileSync(join(run, 'web-int8.json'), JSON.stringify(report(2.1, '2026-12-07T19:00:00Z')));
  expect(loadInt8Figures(run, snapshot)).toMatchObject({ inferenceSpeedup: 2.1, measuredAt: '2026-12-07' });
});
