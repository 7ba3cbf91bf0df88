import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOnnxMetadata } from '@swsl/convert';
import { describeSwslModel } from '@swsl/core';
import { decodeImage } from '@swsl/preprocess/node';
import { createClassifier } from '@swsl/runtime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Seed, seedsFor, testPattern } from './corpus.js';
import type { Case } from './mutate.js';
import { caseBytes } from './targets.js';

/** Shrunk counterexamples the fuzzer found, kept as plain tests (each failed before its fix). */
describe('fuzz regressions: ONNX', () => {
  let seeds: Seed[];
  const scratch = mkdtempSync(join(tmpdir(), 'swsl-fuzz-regressions-'));
  beforeAll(async () => {
    seeds = await seedsFor('onnx');
  });

  it('a flipped first byte: readOnnxMetadata and describeSwslModel throw E_INVALID_MODEL naming the file (was: Error "invalid wire type 3")', () => {
    const { bytes } = caseBytes(seeds, { base: 0, mutations: [{ kind: 'flip', at: 0, bit: 0 }], repair: false });
    expect(() => readOnnxMetadata(bytes, 'flipped.onnx')).toThrow(
      expect.objectContaining({ code: 'E_INVALID_MODEL', message: expect.stringContaining('flipped.onnx') }),
    );
    expect(() => describeSwslModel(bytes, 'flipped.onnx', { dtype: 'fp32' })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_MODEL' }),
    );
  });

  it('a metadata value that is not JSON: E_INVALID_MODEL (was: SyntaxError)', () => {
    const good = seeds[0]!.bytes;
    const text = new TextEncoder().encode('{"block":"basic"');
    const at = Buffer.from(good).indexOf(Buffer.from(text));
    const bytes = new Uint8Array(good);
    bytes[at] = 0x5b; // '{' → '[': the value no longer parses
    expect(() => readOnnxMetadata(bytes, 'bad-json.onnx')).toThrow(
      expect.objectContaining({ code: 'E_INVALID_MODEL', message: expect.stringContaining('swsl.arch') }),
    );
  });

  it('a graph onnxruntime refuses: createClassifier throws E_INVALID_MODEL naming the file (was: onnxruntime Error)', async () => {
    const { bytes } = caseBytes(seeds, { base: 0, mutations: [{ kind: 'truncate', keep: 0.5 }], repair: false });
    // Metadata comes first in the file, so describeSwslModel still reads it; onnxruntime finds the cut graph.
    const file = join(scratch, 'cut.onnx');
    writeFileSync(file, bytes);
    await expect(createClassifier({ onnx: file }, { device: 'cpu' })).rejects.toMatchObject({
      code: 'E_INVALID_MODEL',
      message: expect.stringContaining(file),
    });
  });

  it("an input whose type was altered: classify throws E_INFERENCE_FAILED naming the file (was: onnxruntime's Error)", async () => {
    const shrunk: Case = {
      base: 46,
      mutations: [{ kind: 'field', field: 0.7669376702979207, value: 5917106n }],
      repair: false,
    };
    const file = join(scratch, 'retyped.onnx');
    writeFileSync(file, caseBytes(seeds, shrunk).bytes);
    const classifier = await createClassifier({ onnx: file }, { device: 'cpu', threads: 1 });
    try {
      const image = { data: testPattern(40, 30, 3), width: 40, height: 30, channels: 3 as const };
      await expect(classifier.classify(image)).rejects.toMatchObject({
        code: 'E_INFERENCE_FAILED',
        message: expect.stringContaining(file),
      });
    } finally {
      await classifier.dispose();
    }
  });
});

describe('fuzz regressions: images', () => {
  // pnpm fuzz, seed 973237276: rgb24.bmp cut to its first 30 bytes. decodeBmp checked `need(30, 'header')`, then read
  // the compression field at bytes 30..33 → RangeError "Offset is outside the bounds of the DataView". Now the whole
  // info header must be there.
  it('a BMP cut inside its info header: E_TRUNCATED_IMAGE naming the input', async () => {
    const bytes = Uint8Array.from(
      Buffer.from('424dbe060000000000003600000028000000' + '1d000000130000000100' + '1800', 'hex'),
    );
    expect(bytes.length).toBe(30);
    await expect(decodeImage(bytes, { name: 'cut.bmp' })).rejects.toMatchObject({
      code: 'E_TRUNCATED_IMAGE',
      message: expect.stringContaining('cut.bmp'),
    });
  });
});
