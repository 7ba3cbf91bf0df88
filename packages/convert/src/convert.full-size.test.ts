import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithOracle, readNpy, runOracle } from '@swsl/reference';
import { ARCHS, type ArchName } from '@swsl/registry';
import { afterAll, expect, it } from 'vitest';
import { onnx } from './graph/onnx-proto.js';
import { convertFile } from './node/convert-file.js';
import { expectParity, runOnnx } from './test-helpers/ort-parity.js';

// Full-size checkpoints of all six architectures, generated at test time by the oracle (too big to commit), in the
// three formats; converted from disk as a user would, run in onnxruntime-node, compared with torch on the same input.
// SWSL_FULL_SIZE_ARCHS=resnet18,resnet50 narrows the list for a quick local run (CI runs all six).
const archs = (process.env.SWSL_FULL_SIZE_ARCHS?.split(',') ?? Object.keys(ARCHS)) as ArchName[];
const work = mkdtempSync(join(tmpdir(), 'swsl-full-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const f32 = (path: string) => readNpy(readFileSync(path)) as { shape: number[]; data: Float32Array };

describeWithOracle('convert: full-size official architectures vs torch', () => {
  const inputPath = join(work, 'input.npy');

  it.each(archs)(
    '%s: legacy, zip and safetensors convert to the registry arch with torch-equal outputs; fp16 keeps top-1',
    async (name) => {
      if (!existsSync(inputPath))
        runOracle(['inputs', '--n', '2', '--size', '160', '--seed', '11', '--out', inputPath]);
      const input = f32(inputPath);
      const prefix = join(work, name);
      runOracle(['checkpoint', '--arch', name, '--format', 'legacy,zip,safetensors', '--seed', '21', '--out', prefix]);
      runOracle([
        'forward',
        '--checkpoint',
        `${prefix}.legacy.pth`,
        '--arch',
        name,
        '--input',
        inputPath,
        '--out-prefix',
        prefix,
      ]);
      const want = { logits: f32(`${prefix}.logits.npy`).data, features: f32(`${prefix}.features.npy`).data };
      // The graph (weights included) each format converts to: Facebook's .pth and the hub's safetensors of the same
      // weights must give the very same model; only the metadata (the source file's sha256) may differ.
      const graphs: Uint8Array[] = [];
      const logits: Float32Array[] = [];
      try {
        for (const file of [`${prefix}.legacy.pth`, `${prefix}.zip.pth`, `${prefix}.safetensors`]) {
          const out = `${file}.onnx`;
          const { arch } = await convertFile(file, out);
          expect(arch, `${file}: inferred arch`).toEqual(ARCHS[name]);
          const model = onnx.ModelProto.decode(readFileSync(out));
          graphs.push(onnx.GraphProto.encode(model.graph!).finish());
          const got = await runOnnx(readFileSync(out), input.data, input.shape);
          logits.push(got.logits);
          const rel = expectParity(got, want, 1000, 'fp32', file);
          console.log(
            `${name} ${file.slice(prefix.length + 1)}: logits |Δ|/max ${rel.logitsRel.toExponential(2)}, features ${rel.featuresRel.toExponential(2)}`,
          );
          rmSync(out);
        }
        expect(Buffer.from(graphs[2]!).equals(Buffer.from(graphs[0]!)), 'safetensors graph = .pth graph').toBe(true);
        expect(Buffer.from(graphs[1]!).equals(Buffer.from(graphs[0]!)), 'zip graph = legacy graph').toBe(true);
        expect(logits[2]).toEqual(logits[0]);
        const out16 = `${prefix}.fp16.onnx`;
        await convertFile(`${prefix}.legacy.pth`, out16, { dtype: 'fp16', arch: name });
        const got16 = await runOnnx(readFileSync(out16), input.data, input.shape);
        const rel16 = expectParity(got16, want, 1000, 'fp16', `${name} fp16`);
        console.log(`${name} fp16: logits |Δ|/max ${rel16.logitsRel.toExponential(2)}`);
      } finally {
        for (const suffix of ['.legacy.pth', '.zip.pth', '.safetensors', '.fp16.onnx'])
          rmSync(prefix + suffix, { force: true });
      }
    },
    900_000,
  );
});
