import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertCheckpoint, readOnnxMetadata } from '@swsl/convert';
import { convertFile } from '@swsl/convert/node';
import { fixturePath } from '@swsl/reference';
import { afterAll, describe, expect, it } from 'vitest';
import { readOnnxMetadataFields } from './onnx-file-metadata.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-onnx-file-metadata-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('readOnnxMetadataFields: the metadata of an ONNX file, without reading its graph', () => {
  it('gives what reading the whole file gives, for files made in memory and streamed to disk', async () => {
    const checkpoint = fixturePath('tiny-basic.zip.pth');
    const inMemory = join(work, 'memory.onnx');
    writeFileSync(inMemory, (await convertCheckpoint(readFileSync(checkpoint))).onnx);
    const streamed = join(work, 'streamed.onnx');
    await convertFile(checkpoint, streamed, { dtype: 'fp16' });
    for (const path of [inMemory, streamed]) {
      const whole = readOnnxMetadata(new Uint8Array(readFileSync(path)), path);
      expect(readOnnxMetadata(await readOnnxMetadataFields(path), path)).toEqual(whole);
      expect(Object.keys(whole.raw).length).toBeGreaterThan(3);
    }
  });

  it('a file that is not protobuf is a typed error naming it', async () => {
    const text = join(work, 'not.onnx');
    writeFileSync(text, 'this is not a model, just text that goes on\n'.repeat(10));
    await expect(readOnnxMetadataFields(text)).rejects.toMatchObject({ code: 'E_INVALID_MODEL' });
  });
});
