import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeWithOracle } from './describe-oracle.js';
import { fixturePath, readFixtureManifest, readFixtureNpy } from './fixtures.js';
import { readNpy } from './npy.js';
import { oracleStatus, runOracle } from './oracle.js';

const manifest = readFixtureManifest();
const work = mkdtempSync(join(tmpdir(), 'swsl-oracle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

function f32(name: string): { shape: number[]; data: Float32Array } {
  const a = readNpy(readFileSync(name));
  if (a.dtype !== '<f4') throw new Error(`${name}: expected float32, got ${a.dtype}`);
  return a;
}

function safetensorsHeader(
  bytes: Uint8Array,
): Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }> {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
}

/** Pickle opcode at `at`: EMPTY_DICT ('}') or GLOBAL 'collections OrderedDict'. */
function topLevelContainer(bytes: Uint8Array, at: number): 'dict' | 'ordereddict' | 'other' {
  if (bytes[at] === 0x7d) return 'dict';
  const text = new TextDecoder('latin1').decode(bytes.subarray(at, at + 25));
  return text === 'ccollections\nOrderedDict\n' ? 'ordereddict' : 'other';
}

// Checked from the bytes, independently of the Python that wrote them.
describe('committed checkpoint fixtures', () => {
  it('stay under 2 MB in total', () => {
    const names = [
      'manifest.json',
      'torchvision-param-counts.json',
      ...manifest.files.map((f) => f.path),
      ...Object.values(manifest.models).flatMap((m) => [m.input, m.logits, m.features]),
    ];
    const total = [...new Set(names)].reduce((sum, n) => sum + statSync(fixturePath(n)).size, 0);
    expect(total).toBeLessThan(2 * 1024 * 1024);
  });

  it('cover legacy, zip and safetensors; dict and OrderedDict; with and without num_batches_tracked', () => {
    const torchFiles = manifest.files.filter((f) => f.format !== 'safetensors');
    for (const format of ['legacy', 'zip'] as const) {
      const of = torchFiles.filter((f) => f.format === format);
      expect(new Set(of.map((f) => f.numBatchesTracked))).toEqual(new Set([true, false]));
      expect(new Set(of.map((f) => f.container))).toEqual(new Set(['dict', 'ordereddict']));
    }
    expect(manifest.files.some((f) => f.format === 'safetensors')).toBe(true);
    expect(new Set(manifest.files.map((f) => f.spec.block))).toEqual(new Set(['basic', 'bottleneck']));
    expect(manifest.files.some((f) => f.spec.block === 'bottleneck' && f.spec.groups > 1)).toBe(true);
  });

  it.each(manifest.files)('$path is in the format the manifest says', (file) => {
    const bytes = readFileSync(fixturePath(file.path));
    const ascii = (start: number, end: number) => new TextDecoder('latin1').decode(bytes.subarray(start, end));
    const hasNbt = bytes.includes(Buffer.from('num_batches_tracked'));
    expect(hasNbt).toBe(file.numBatchesTracked);
    if (file.format === 'legacy') {
      // Pickle protocol 2, then torch's legacy magic number 0x1950a86a20f9469cfc6c as a 10-byte long.
      expect([...bytes.subarray(0, 4)]).toEqual([0x80, 0x02, 0x8a, 0x0a]);
      expect([...bytes.subarray(4, 14)]).toEqual([0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]);
      // The state dict is the 4th pickle, after magic, protocol version and sys_info (which ends its keys with
      // 'little_endian'); it opens with EMPTY_DICT '}' or the OrderedDict global.
      const start = bytes.indexOf(Buffer.from('.\x80\x02', 'latin1'), bytes.indexOf(Buffer.from('little_endian')));
      expect(topLevelContainer(bytes, start + 3)).toBe(file.container);
    } else if (file.format === 'zip') {
      expect(ascii(0, 4)).toBe('PK\x03\x04');
      const nameLength = bytes[26]! | (bytes[27]! << 8);
      const expectedPrefix = file.zipPrefix ?? file.path.replace(/\.pth$/, '');
      expect(ascii(30, 30 + nameLength)).toBe(`${expectedPrefix}/data.pkl`);
      const extraLength = bytes[28]! | (bytes[29]! << 8);
      // data.pkl is stored uncompressed: protocol header, then the top-level container.
      expect(topLevelContainer(bytes, 30 + nameLength + extraLength + 2)).toBe(file.container);
    } else {
      const header = safetensorsHeader(bytes);
      const rv = header['bn1.running_var'];
      expect(rv?.dtype).toBe('F32');
      expect(rv?.shape).toEqual([file.spec.baseWidth]);
      const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
      const [b, e] = rv!.data_offsets;
      const values = new Float32Array(new Uint8Array(bytes.subarray(8 + n + b, 8 + n + e)).buffer);
      // Calibrated statistics, not torchvision's initial ones (var = 1): folding BN must matter.
      expect([...values].some((v) => Math.abs(v - 1) > 1e-3)).toBe(true);
    }
  });

  it('give input-dependent logits (BN statistics were calibrated)', () => {
    for (const model of Object.values(manifest.models)) {
      const logits = readFixtureNpy(model.logits) as { shape: number[]; data: Float32Array };
      const [n, c] = logits.shape as [number, number];
      expect(n).toBe(2);
      const diff = maxAbsDiff(logits.data.subarray(0, c), logits.data.subarray(c, 2 * c));
      expect(diff).toBeGreaterThan(0.05);
    }
  });
});

describeWithOracle('PyTorch reference oracle', () => {
  it('is Debian torch 1.13 / torchvision 0.14 / Pillow 9.4 on 2 threads', () => {
    const status = oracleStatus();
    if (!status.available) throw new Error(status.reason);
    expect(status.versions.torch).toMatch(/^1\.13\./);
    expect(status.versions.torchvision).toMatch(/^0\.14\./);
    expect(status.versions.pillow).toMatch(/^9\.4\./);
    expect(status.versions.threads).toBe(2);
  });

  it('reproduces the committed parameter counts', () => {
    const out = join(work, 'counts.json');
    const doc = runOracle<{ counts: Record<string, number> }>(['param-counts', '--out', out]);
    const committed = JSON.parse(readFileSync(fixturePath('torchvision-param-counts.json'), 'utf8'));
    expect(doc.counts).toEqual(committed.counts);
  });

  it.each(manifest.files)('loads $path back into torch with the committed logits and features', (file) => {
    const model = manifest.models[file.model]!;
    const prefix = join(work, file.path);
    runOracle([
      'forward',
      '--checkpoint',
      fixturePath(file.path),
      '--arch',
      JSON.stringify(file.spec),
      '--input',
      fixturePath(model.input),
      '--out-prefix',
      prefix,
    ]);
    const logits = f32(`${prefix}.logits.npy`);
    const features = f32(`${prefix}.features.npy`);
    expect(maxAbsDiff(logits.data, f32(fixturePath(model.logits)).data)).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDiff(features.data, f32(fixturePath(model.features)).data)).toBeLessThanOrEqual(1e-6);
  });

  it('writes a full-size resnet18 checkpoint on demand, in every format, with input-dependent outputs', () => {
    const input = join(work, 'x.npy');
    runOracle(['inputs', '--n', '2', '--size', '96', '--seed', '3', '--out', input]);
    let reference: Float32Array | undefined;
    for (const format of ['legacy', 'zip', 'safetensors'] as const) {
      const path = join(work, `resnet18.${format === 'safetensors' ? 'safetensors' : `${format}.pth`}`);
      runOracle(['checkpoint', '--arch', 'resnet18', '--format', format, '--seed', '5', '--out', path]);
      // 11,689,512 float32 parameters plus BN buffers.
      expect(statSync(path).size).toBeGreaterThan(11_689_512 * 4);
      expect(statSync(path).size).toBeLessThan(11_689_512 * 4 * 1.01);
      runOracle(['forward', '--checkpoint', path, '--arch', 'resnet18', '--input', input, '--out-prefix', path]);
      const logits = f32(`${path}.logits.npy`);
      expect(logits.shape).toEqual([2, 1000]);
      expect(f32(`${path}.features.npy`).shape).toEqual([2, 512]);
      expect(maxAbsDiff(logits.data.subarray(0, 1000), logits.data.subarray(1000))).toBeGreaterThan(0.05);
      // Same seed, same weights: every format holds the same model.
      if (reference) expect(maxAbsDiff(logits.data, reference)).toBe(0);
      reference = logits.data;
    }
  });

  it("runs the seed's preprocessing: Resize(256) → CenterCrop(224) → ToTensor → Normalize", () => {
    // A 300×200 binary PPM (P6): simple enough to write here without any image library.
    const w = 300;
    const h = 200;
    const header = Buffer.from(`P6\n${w} ${h}\n255\n`);
    const pixels = Buffer.alloc(w * h * 3);
    for (let i = 0; i < w * h; i++) {
      pixels[i * 3] = i % 251;
      pixels[i * 3 + 1] = (i * 7) % 256;
      pixels[i * 3 + 2] = Math.floor(i / w);
    }
    const image = join(work, 'gradient.ppm');
    writeFileSync(image, Buffer.concat([header, pixels]));
    const out = join(work, 'pre');
    runOracle(['preprocess', '--out', out, image]);
    const crop = readNpy(readFileSync(join(out, 'gradient.ppm.crop.npy')));
    const tensor = f32(join(out, 'gradient.ppm.tensor.npy'));
    expect(crop.dtype).toBe('|u1');
    expect(crop.shape).toEqual([224, 224, 3]);
    expect(tensor.shape).toEqual([3, 224, 224]);
    const mean = [0.485, 0.456, 0.406];
    const std = [0.229, 0.224, 0.225];
    let worst = 0;
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < 224 * 224; p++) {
        const expected = ((crop.data[p * 3 + c] as number) / 255 - mean[c]!) / std[c]!;
        worst = Math.max(worst, Math.abs(expected - tensor.data[c * 224 * 224 + p]!));
      }
    }
    expect(worst).toBeLessThan(1e-5);
  });
});
