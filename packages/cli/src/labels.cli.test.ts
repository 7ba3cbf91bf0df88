import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, readFixtureManifest } from '@swsl/reference';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-cli-labels-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SWSL_HOME: join(work, 'home'), SWSL_OFFLINE: '1' };
// The committed tiny bottleneck checkpoint: a 10-class classifier, as a fine-tuned model would have.
const checkpoint = fixturePath(readFixtureManifest().files.find((f) => f.model === 'tiny-bottleneck')!.path);
const names = Array.from({ length: 10 }, (_, i) => ({ wnid: `n9000000${i}`, name: `part ${i}, "quoted"` }));

describe('swsl convert --labels', () => {
  it('stores the names; classify then names its predictions with them', async () => {
    const labels = join(work, 'labels.csv');
    const csv = (s: string) => `"${s.replaceAll('"', '""')}"`;
    writeFileSync(labels, `wnid,name\n${names.map((l) => `${l.wnid},${csv(l.name)}`).join('\n')}\n`);
    const onnx = join(work, 'tiny.onnx');
    const c = await runCli(['convert', checkpoint, '--labels', labels, '-o', onnx], { env });
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout.trim()).toBe(onnx);
    expect(c.stderr).toContain(`10 classes (names from ${labels})`);

    const r = await runCli(
      ['classify', '--json', '-k', '10', '--weights', onnx, '--device', 'cpu', 'samples/chelsea.jpg'],
      {
        env,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const [result] = JSON.parse(r.stdout) as { predictions: { index: number; wnid: string; name: string }[] }[];
    expect(result!.predictions.map((p) => p.index).sort((a, b) => a - b)).toEqual([...names.keys()]);
    for (const p of result!.predictions) expect({ wnid: p.wnid, name: p.name }).toEqual(names[p.index]);
  });

  it('a count that differs from the checkpoint’s outputs is E_LABEL_COUNT, and nothing is written', async () => {
    const labels = join(work, 'nine.txt');
    writeFileSync(
      labels,
      `${names
        .slice(0, 9)
        .map((l) => `${l.wnid} x`)
        .join('\n')}\n`,
    );
    const onnx = join(work, 'nine.onnx');
    const r = await runCli(['convert', checkpoint, '--labels', labels, '-o', onnx], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/9 classes but the checkpoint's classifier has 10 outputs.*\[E_LABEL_COUNT\]/);
    expect(existsSync(onnx)).toBe(false);
  });

  it('a malformed labels file fails first, naming the file and line', async () => {
    const labels = join(work, 'bad.csv');
    writeFileSync(labels, 'wnid,name\nn1,a\nn1,b\n');
    const r = await runCli(['convert', checkpoint, '--labels', labels, '-o', join(work, 'bad.onnx')], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`swsl: ${labels}:3: wnid n1 again (first on line 2)`);
    expect(r.stderr).toMatch(/\[E_LABELS_DUPLICATE\]\n$/);
  });
});
