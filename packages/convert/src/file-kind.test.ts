import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fixturePath } from '@swsl/reference';
import { describe, expect, it } from 'vitest';
import { describeNonOnnx } from './file-kind.js';

const sample = (name: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../samples/${name}`, import.meta.url))));

describe('a file given as .onnx that is not one', () => {
  it('names what it is: a JPEG, a PNG, a zip .pth, a safetensors file, a web page', () => {
    expect(describeNonOnnx(sample('chelsea.jpg'))).toBe('it is a JPEG image');
    expect(describeNonOnnx(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('it is a PNG image');
    expect(describeNonOnnx(new Uint8Array(readFileSync(fixturePath('tiny-basic.zip.pth'))))).toMatch(/zip archive/);
    const header = new TextEncoder().encode('{"a":1}');
    const safetensors = new Uint8Array(8 + header.length);
    safetensors.set([header.length], 0);
    safetensors.set(header, 8);
    expect(describeNonOnnx(safetensors)).toBe('it is a safetensors checkpoint');
    expect(describeNonOnnx(new TextEncoder().encode('<!DOCTYPE html><html>'))).toBe('it is an HTML page');
    expect(describeNonOnnx(new Uint8Array())).toBe('the file is empty');
  });

  it('lets a protobuf ModelProto (ir_version first: byte 0x08) through', () => {
    expect(describeNonOnnx(new Uint8Array([0x08, 0x09, 0x12, 0x04]))).toBeUndefined();
  });
});
