import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithOracle, readNpy, runOracle } from '@swsl/reference';
import { afterAll, expect, it } from 'vitest';
import { convertCheckpoint } from './convert.js';
import { expectParity, runOnnx } from './test-helpers/ort-parity.js';

// Checkpoint shapes users meet besides the official files, made by the oracle at test time (tiny, seconds each).
const work = mkdtempSync(join(tmpdir(), 'swsl-variants-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const spec = { block: 'bottleneck', layers: [1, 1, 2, 1], groups: 4, widthPerGroup: 8, numClasses: 20, baseWidth: 8 };
const f32 = (p: string) => readNpy(readFileSync(p)) as { shape: number[]; data: Float32Array };

const cases: { label: string; file: string; args: string[] }[] = [
  {
    label: 'zip, pickle protocol 4 (FRAME, MEMOIZE, STACK_GLOBAL)',
    file: 'p4.zip.pth',
    args: ['--format', 'zip', '--pickle-protocol', '4'],
  },
  { label: 'legacy, pickle protocol 5', file: 'p5.legacy.pth', args: ['--format', 'legacy', '--pickle-protocol', '5'] },
  {
    label: '{state_dict: …} with DataParallel `module.` keys',
    file: 'wrapped.zip.pth',
    args: ['--format', 'zip', '--wrap', 'state_dict', '--module-prefix'],
  },
  { label: '{model: …}, legacy', file: 'model.legacy.pth', args: ['--format', 'legacy', '--wrap', 'model'] },
  { label: 'fp16 weights', file: 'half.zip.pth', args: ['--format', 'zip', '--dtype', 'fp16'] },
  {
    label: 'safetensors with bf16 weights',
    file: 'bf16.safetensors',
    args: ['--format', 'safetensors', '--dtype', 'bf16'],
  },
  {
    label: 'safetensors with `module.` keys',
    file: 'prefixed.safetensors',
    args: ['--format', 'safetensors', '--module-prefix'],
  },
  // A 21-character archive folder makes the first directory entry exactly as long as torch's redundant ZIP64
  // records, the layout that trips zip.js's offset "correction" (see formats/zip.ts).
  { label: 'zip whose archive folder has 21 characters', file: 'zip-folder-of-21-char.pth', args: ['--format', 'zip'] },
];

describeWithOracle('convert: pickle protocols, wrappers and dtypes made by torch', () => {
  it.each(cases)('$label', async ({ file, args }) => {
    const path = join(work, file);
    const input = join(work, 'x.npy');
    runOracle(['inputs', '--n', '2', '--size', '64', '--seed', '4', '--out', input]);
    runOracle(['checkpoint', '--arch', JSON.stringify(spec), ...args, '--seed', '9', '--out', path]);
    runOracle([
      'forward',
      '--checkpoint',
      path,
      '--arch',
      JSON.stringify(spec),
      '--input',
      input,
      '--out-prefix',
      path,
    ]);
    const result = await convertCheckpoint(readFileSync(path));
    expect(result.arch).toEqual(spec);
    const x = f32(input);
    const got = await runOnnx(result.onnx, x.data, x.shape);
    expectParity(
      got,
      { logits: f32(`${path}.logits.npy`).data, features: f32(`${path}.features.npy`).data },
      20,
      'fp32',
      file,
    );
  });
});
