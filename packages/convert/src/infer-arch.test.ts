import { readFileSync } from 'node:fs';
import { fixturePath } from '@swsl/reference';
import { ARCHS } from '@swsl/registry';
import { describe, expect, it } from 'vitest';
import { convertCheckpoint } from './convert.js';
import type { StateDictMismatchError } from './errors.js';
import { expectedTensors, resnetLayout } from './graph/layout.js';
import { inferArch } from './infer-arch.js';

/** Rewrites a safetensors file's header (drop or reshape entries) keeping the data section. */
function editSafetensors(bytes: Uint8Array, edit: (header: Record<string, { shape: number[] }>) => void): Uint8Array {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  edit(header);
  const text = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + (bytes.length - 8 - n));
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(bytes.subarray(8 + n), 8 + text.length);
  return out;
}

const tiny = readFileSync(fixturePath('tiny-basic.safetensors'));

describe('inferArch', () => {
  it.each(Object.entries(ARCHS))('recovers %s from its keys and shapes alone', (_name, spec) => {
    const shapes = new Map([...expectedTensors(resnetLayout(spec))].map(([k, shape]) => [k, { shape }]));
    expect(inferArch(shapes)).toEqual(spec);
  });

  it('lists missing, unexpected and mis-shaped keys (E_STATE_DICT_MISMATCH)', async () => {
    const broken = editSafetensors(tiny, (h) => {
      delete h['fc.bias'];
      h['layer1.0.bn1.weight']!.shape = [2, 2];
      (h as Record<string, unknown>)['extra.weight'] = h['layer1.0.bn1.bias'];
    });
    let error: unknown;
    try {
      await convertCheckpoint(broken);
    } catch (e) {
      error = e;
    }
    const e = error as StateDictMismatchError;
    expect(e.code).toBe('E_STATE_DICT_MISMATCH');
    expect(e.missing).toEqual(['fc.bias']);
    expect(e.unexpected).toEqual(['extra.weight']);
    expect(e.misshaped).toEqual(['layer1.0.bn1.weight [2,2] (expected [4])']);
    expect(e.message).toContain('fc.bias');
  });

  it('rejects a checkpoint checked against the wrong architecture', async () => {
    await expect(convertCheckpoint(tiny, { arch: 'resnet18' })).rejects.toMatchObject({
      code: 'E_STATE_DICT_MISMATCH',
    });
  });
});
