import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOnnxMetadata } from '@swsl/convert/metadata';
import { fixturePath } from '@swsl/reference';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from './test-support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-cli-quant-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SWSL_HOME: join(work, 'home') };
const tiny = fixturePath('tiny-basic.zip.pth');
const chelsea = join(REPO, 'samples/chelsea.jpg');

describe('swsl with 8-bit dtypes', () => {
  it('convert --dtype int8 -o m.onnx, then classify --weights m.onnx with no other flag', async () => {
    const out = join(work, 'm.onnx');
    const converted = await runCli(['convert', tiny, '--dtype', 'int8', '-o', out], { env });
    expect(converted.code, converted.stderr).toBe(0);
    expect(converted.stdout.trim()).toBe(out);
    expect(converted.stderr).toContain('calibrating on the built-in photos');
    expect(readOnnxMetadata(new Uint8Array(readFileSync(out)))).toMatchObject({
      dtype: 'int8',
    });
    const classified = await runCli(['classify', '--weights', out, '--json', chelsea], { env });
    expect(classified.code, classified.stderr).toBe(0);
    const [result] = JSON.parse(classified.stdout);
    expect(result.predictions).toHaveLength(5);
  });

  it('convert names the output after the dtype; classify --dtype w8 converts a checkpoint on the fly', async () => {
    const copy = join(work, 'tiny.pth');
    copyFileSync(tiny, copy);
    const converted = await runCli(['convert', copy, '--dtype', 'w8', '-q'], { env });
    expect(converted.code, converted.stderr).toBe(0);
    expect(converted.stdout.trim()).toBe(join(work, 'tiny-w8.onnx'));
    expect(existsSync(join(work, 'tiny-w8.onnx'))).toBe(true);
    const classified = await runCli(['classify', '--weights', copy, '--dtype', 'w8', '--jsonl', chelsea], { env });
    expect(classified.code, classified.stderr).toBe(0);
    expect(JSON.parse(classified.stdout).predictions).toHaveLength(5);
  });

  it('an empty --calibration folder is one line naming it, and no file is left behind', async () => {
    const empty = join(work, 'no-photos');
    mkdirSync(empty);
    const out = join(work, 'never.onnx');
    const r = await runCli(['convert', tiny, '--dtype', 'int8', '--calibration', empty, '-o', out], { env });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^swsl: .*no-photos: the folder holds no images\..*\[E_CALIBRATION\]$/m);
    expect(existsSync(out)).toBe(false);
  });
});
