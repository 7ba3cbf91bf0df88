import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quantizationPoints } from '@swsl/convert';
import { encodeNpy, preprocessBatch } from '@swsl/preprocess/node';
import { describeIfAvailable, ORACLE_PYTHON, oracleStatus, readNpy, runOracle } from '@swsl/reference';
import type { ArchName, ArchSpec } from '@swsl/registry';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from './device.js';
import { convertCheckpointFile } from './quantizing-converter.js';
import { nodeOpTypes, withGraphOutputs } from './test-support/onnx-wire.js';

/**
 * Issue 12's numerical oracle: swsl's int8 file, run by onnxruntime-node (which fuses its QDQ pairs into QLinearConv
 * and QLinearAdd on uint8 × int8), against the same network reproduced in PyTorch (tools/reference/py/int8_oracle.py)
 * from the original checkpoint — BN folded by torch, `torch.fake_quantize_per_channel_affine` weights and
 * `…per_tensor_affine` activations at the file's scales and zero points. Compared per layer type, within one
 * quantization step.
 *
 * The architecture is a small ResNeXt (bottleneck blocks, grouped 3×3 convs, identity and downsample shortcuts, the
 * structure of 5 of the 6 published models) so that the suite takes seconds. `SWSL_INT8_ORACLE_ARCH=resnet50` (any
 * oracle arch name or JSON spec) runs the same checks at full size.
 */
const SMALL: ArchSpec = {
  block: 'bottleneck',
  layers: [2, 1, 1, 1],
  groups: 8,
  widthPerGroup: 8,
  numClasses: 100,
  baseWidth: 32,
};
const ARCH = process.env.SWSL_INT8_ORACLE_ARCH ?? JSON.stringify(SMALL);
/** Real photos, not among the calibration images (the converter calibrates on its default set). */
const IMAGES = ['chelsea.jpg', 'rocket.jpg'].map((n) =>
  fileURLToPath(new URL(`../../../samples/${n}`, import.meta.url)),
);

/**
 * "Within one quantization step", for each quantized tensor a layer outputs from the same inputs: no element of
 * onnxruntime's uint8 tensor is more than one step from the oracle's, and at most this fraction is one step off.
 * The two compute the same real numbers and differ only in rounding (QLinearConv sums int8 × uint8 products exactly
 * in int32 and requantizes with one float multiply; PyTorch sums dequantized float products; QuantizeLinear divides by
 * the scale where fake-quantize multiplies by its inverse), which can move a value lying within a rounding error of a
 * boundary between two steps into the other one. Measured on QLinearConv outputs: ≤ 2e-5 of any tensor.
 */
const MAX_ONE_STEP_FRACTION = 1e-3;

/**
 * QLinearAdd rounds more coarsely: MLAS (qladd.cpp, MlasCalcQLinearAddParameters) turns s_a/s_c and s_b/s_c into
 * integer multipliers of a common power of two 2^-shift, shift = 21 − ⌊log₂ max ratio⌋, each off by up to ½ · 2^-shift;
 * times |q − z| ≤ 255 for both inputs, an output is off by at most e = 255 · 2^-shift steps before rounding, so about
 * 2e of its values (those within e of a boundary) may land one step away. Allowed on top of the fraction above.
 */
function addRoundingFraction(a: OracleTensor, b: OracleTensor, out: OracleTensor): number {
  const greater = Math.max(a.scale / out.scale, b.scale / out.scale);
  const shift = 21 - Math.floor(Math.log2(greater));
  return 2 * 255 * 2 ** -shift;
}

type LayerKind = 'quantize' | 'conv+relu' | 'conv' | 'maxpool' | 'add+relu';
interface OracleTensor {
  name: string;
  kind: LayerKind;
  point: string;
  inputs: string[];
  scale: number;
  zeroPoint: number;
}
interface OracleAnswer {
  dtype: 'int8' | 'w8';
  weights: {
    tensors: number;
    values: number;
    mismatched: number;
    ties: number;
    maxAbsDiff: number;
    maxScaleRelDiff: number;
  };
  biases: { maxAbsCorrection: number; maxScaleRelDiff: number };
  floatWeights: { maxAbsDiff: number };
  tensors?: OracleTensor[];
  fcRowL1: number[];
  free: Record<string, string>;
  forced?: Record<string, string>;
  fp32: { logits: string; features: string };
}

interface StepDiff {
  /** Largest |Δ| in steps (uint8 values). */
  max: number;
  /** Elements exactly one step apart, more than one step apart, and in all. */
  oneStep: number;
  over: number;
  count: number;
}

function stepDiff(a: Uint8Array, b: Uint8Array): StepDiff {
  expect(a.length).toBe(b.length);
  const d = { max: 0, oneStep: 0, over: 0, count: a.length };
  for (let i = 0; i < a.length; i++) {
    const delta = Math.abs((a[i] as number) - (b[i] as number));
    if (delta > d.max) d.max = delta;
    if (delta === 1) d.oneStep++;
    else if (delta > 1) d.over++;
  }
  return d;
}

const add = (a: StepDiff, b: StepDiff): StepDiff => ({
  max: Math.max(a.max, b.max),
  oneStep: a.oneStep + b.oneStep,
  over: a.over + b.over,
  count: a.count + b.count,
});

/** The oracle's int8 weights are the file's, but for values on a rounding tie (±1, one in 10⁵ or fewer). */
function expectWeightsAgree(answer: OracleAnswer): void {
  const w = answer.weights;
  expect(w.maxAbsDiff).toBeLessThanOrEqual(1);
  expect(w.mismatched).toBe(w.ties);
  expect(w.ties / w.values).toBeLessThan(1e-5);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

const maxAbs = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const npyU8 = (path: string) => readNpy(readFileSync(path)).data as Uint8Array;
const npyF32 = (path: string) => readNpy(readFileSync(path)).data as Float32Array;
const fmt = (x: number) => x.toPrecision(2);

/** Debian's python3-onnx, which the int8 oracle reads the ONNX file with. */
function pythonOnnxMissing(): string | undefined {
  const probe = spawnSync(ORACLE_PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' });
  if (probe.status === 0) return undefined;
  return `${ORACLE_PYTHON} cannot import onnx; install it with \`apt-get install -y python3-onnx\``;
}

const oracle = oracleStatus();
const onnxMissing = oracle.available ? pythonOnnxMissing() : undefined;
const work = mkdtempSync(join(tmpdir(), 'swsl-int8-oracle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  logits: Float32Array;
  features: Float32Array;
}

async function runSession(model: Uint8Array, dtype: 'int8' | 'w8', feeds: Record<string, ort.Tensor>) {
  const { session } = await createSession(model, { device: 'cpu', dtype, threads: 2 });
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

describeIfAvailable(
  'int8 and w8 against the PyTorch oracle (torchvision ResNet, fake-quantized at the file’s scales)',
  {
    what: 'PyTorch oracle with python3-onnx',
    available: oracle.available && !onnxMissing,
    reason: oracle.available ? (onnxMissing ?? '') : oracle.reason,
    requiredBy: 'SWSL_REQUIRE_ORACLE',
  },
  () => {
    const checkpoint = join(work, 'model.pth');
    const inputPath = join(work, 'input.npy');
    const arch = ARCH.startsWith('{') ? (JSON.parse(ARCH) as ArchSpec) : (ARCH as ArchName);
    const oracleArgs = (onnx: string, out: string) => [
      'int8-forward',
      '--checkpoint',
      checkpoint,
      '--arch',
      ARCH,
      '--onnx',
      onnx,
      '--input',
      inputPath,
      '--out',
      out,
    ];
    let feeds: Record<string, ort.Tensor>;
    let images: number;

    beforeAll(async () => {
      runOracle(['checkpoint', '--arch', ARCH, '--format', 'legacy', '--seed', '12', '--out', checkpoint]);
      const batch = await preprocessBatch(IMAGES);
      images = batch.dims[0] as number;
      writeFileSync(inputPath, encodeNpy(batch.data, batch.dims));
      feeds = { input: new ort.Tensor('float32', batch.data, [...batch.dims]) };
    });

    describe('int8', () => {
      const int8Path = join(work, 'model.int8.onnx');
      /** onnxruntime's quantized tensors (uint8 values) with the extra outputs, and its outputs without them. */
      const ours = new Map<string, Uint8Array>();
      let probed: Run;
      let plain: Run;
      let fusedOps: string[];
      let answer: OracleAnswer;

      beforeAll(async () => {
        // Calibrated on the default photos, as `swsl convert --dtype int8` does.
        const converted = await convertCheckpointFile(checkpoint, int8Path, { dtype: 'int8', arch });
        const model = new Uint8Array(readFileSync(int8Path));
        // Every QuantizeLinear output (`<tensor>_q`) also as a graph output: onnxruntime still fuses each
        // DQ → Conv/Add → Q into one QLinear node, which then produces that output (no DQ output is exposed).
        const tensors = [...quantizationPoints(converted.arch).map((p) => p.name), 'maxpool'];
        const UINT8 = 2;
        const probe = withGraphOutputs(
          model,
          tensors.map((t) => `${t}_q`),
          UINT8,
        );
        const out = await runSession(probe, 'int8', feeds);
        const given = join(work, 'ort-int8');
        mkdirSync(given);
        for (const t of tensors) {
          const tensor = out[`${t}_q`] as ort.Tensor;
          ours.set(t, tensor.data as Uint8Array);
          writeFileSync(join(given, `${t}.npy`), encodeNpy(Float32Array.from(tensor.data as Uint8Array), tensor.dims));
        }
        const features = out.features as ort.Tensor;
        probed = { logits: out.logits?.data as Float32Array, features: features.data as Float32Array };
        writeFileSync(join(given, 'features.npy'), encodeNpy(probed.features, features.dims));
        // The plain file with createSession's CPU options, and the graph onnxruntime optimizes it into (which kernels).
        const optimized = join(work, 'model.int8.optimized.onnx');
        const session = await ort.InferenceSession.create(model, {
          executionProviders: ['cpu'],
          graphOptimizationLevel: 'all',
          intraOpNumThreads: 2,
          interOpNumThreads: 1,
          optimizedModelFilePath: optimized,
          logSeverityLevel: 3,
        });
        const p = await session.run(feeds);
        await session.release();
        plain = { logits: p.logits?.data as Float32Array, features: p.features?.data as Float32Array };
        fusedOps = nodeOpTypes(new Uint8Array(readFileSync(optimized)));
        answer = runOracle<OracleAnswer>([...oracleArgs(int8Path, join(work, 'oracle-int8')), '--given', given]);
      });

      it('runs on onnxruntime’s integer kernels, and exposing the tensors changes no bit of the logits', () => {
        const kinds = (answer.tensors ?? []).map((t) => t.kind);
        const count = (xs: string[], x: string) => xs.filter((k) => k === x).length;
        expect(count(fusedOps, 'QLinearConv')).toBe(count(kinds, 'conv+relu') + count(kinds, 'conv'));
        expect(count(fusedOps, 'QLinearAdd')).toBe(count(kinds, 'add+relu'));
        expect(fusedOps.filter((op) => ['Conv', 'Add', 'Relu', 'MaxPool'].includes(op))).toEqual([]);
        expect(Buffer.from(probed.logits.buffer).equals(Buffer.from(plain.logits.buffer))).toBe(true);
        expect(Buffer.from(probed.features.buffer).equals(Buffer.from(plain.features.buffer))).toBe(true);
      });

      it('has the int8 weights PyTorch gets by folding BN and quantizing at the file’s scales', () => {
        expectWeightsAgree(answer);
        // Each scale is max |w| / 127 of the channel, to float32 rounding of torch's and swsl's folded weights.
        expect(answer.weights.maxScaleRelDiff).toBeLessThan(1e-6);
        // Each int32 bias is at scale s_input · s_weight, in float32, exactly.
        expect(answer.biases.maxScaleRelDiff).toBe(0);
      });

      it('each layer, fed onnxruntime’s own inputs, is within one quantization step of PyTorch’s', () => {
        const byName = new Map((answer.tensors ?? []).map((t) => [t.name, t]));
        const rows = new Map<LayerKind, StepDiff & { tensors: number; worst: number }>();
        const perTensor = (answer.tensors ?? []).map((t) => {
          const d = stepDiff(npyU8(answer.forced?.[t.name] as string), ours.get(t.name) as Uint8Array);
          const k = rows.get(t.kind) ?? { max: 0, oneStep: 0, over: 0, count: 0, tensors: 0, worst: 0 };
          rows.set(t.kind, { ...add(k, d), tensors: k.tensors + 1, worst: Math.max(k.worst, d.oneStep / d.count) });
          return { t, d };
        });
        // avgpool and fc run in float on the dequantized tensor: float rounding only.
        const features = maxAbsDiff(npyF32(answer.forced?.features as string), probed.features);
        const logits = maxAbsDiff(npyF32(answer.forced?.logits as string), probed.logits);
        const lines = [...rows].map(
          ([kind, k]) =>
            `  ${kind.padEnd(9)} ${String(k.tensors).padStart(3)} tensors, ${k.count} values: max ${k.max} step, ` +
            `${k.oneStep} one step off (worst tensor ${fmt(k.worst)})`,
        );
        lines.push(
          `  avgpool   max |Δ| ${fmt(features)} = ${fmt(features / maxAbs(probed.features))} of max |feature|`,
          `  fc        max |Δ| ${fmt(logits)} = ${fmt(logits / maxAbs(probed.logits))} of max |logit|`,
        );
        console.log(`int8 vs PyTorch, each layer on onnxruntime's inputs (${ARCH}):\n${lines.join('\n')}`);
        for (const { t, d } of perTensor) {
          expect(d.max, t.name).toBeLessThanOrEqual(t.kind === 'maxpool' ? 0 : 1); // MaxPool picks an input: exact
          const [x, y] = t.inputs.map((n) => byName.get(n) as OracleTensor);
          const allowed = MAX_ONE_STEP_FRACTION + (t.kind === 'add+relu' && x && y ? addRoundingFraction(x, y, t) : 0);
          expect(d.oneStep / d.count, t.name).toBeLessThanOrEqual(allowed);
        }
        expect(features).toBeLessThanOrEqual(1e-5 * maxAbs(probed.features));
        expect(logits).toBeLessThanOrEqual(1e-5 * maxAbs(probed.logits));
      });

      it('end to end, its logits stay within the bound one step of the last activation sets (s · ‖w_j‖₁)', () => {
        // Free-running, the two networks drift apart: each rare one-step difference moves every output that reads it
        // by a fraction of a step, which flips more roundings downstream, more so the deeper the network.
        const drift = new Map<LayerKind, StepDiff>();
        for (const t of answer.tensors ?? []) {
          const d = stepDiff(npyU8(answer.free[t.name] as string), ours.get(t.name) as Uint8Array);
          drift.set(t.kind, add(drift.get(t.kind) ?? { max: 0, oneStep: 0, over: 0, count: 0 }, d));
        }
        const last = (answer.tensors ?? []).at(-1) as OracleTensor;
        const features = npyF32(answer.free.features as string);
        const logits = npyF32(answer.free.logits as string);
        const fp32 = npyF32(answer.fp32.logits);
        const featureSteps = maxAbsDiff(features, probed.features) / last.scale;
        // The bound: features are means of the last activation, so were each within one step s of the oracle's,
        // logit j would be within s · ‖w_j‖₁ (fc's 8-bit weight row).
        const classes = answer.fcRowL1.length;
        let worst = 0;
        for (let i = 0; i < logits.length; i++) {
          const bound = last.scale * (answer.fcRowL1[i % classes] as number);
          worst = Math.max(worst, Math.abs((logits[i] as number) - (probed.logits[i] as number)) / bound);
        }
        const logitDiff = maxAbsDiff(logits, probed.logits);
        const quantError = maxAbsDiff(logits, fp32);
        const lines = [...drift].map(
          ([kind, d]) =>
            `  ${kind.padEnd(9)} max ${d.max} steps, ${fmt(d.oneStep / d.count)} one step off, ` +
            `${fmt(d.over / d.count)} more`,
        );
        lines.push(
          `  features  max |Δ| ${fmt(featureSteps)} of the last step`,
          `  logits    max |Δ| ${fmt(logitDiff)} = ${fmt(logitDiff / maxAbs(probed.logits))} of max |logit|, ` +
            `${fmt(worst)} of the one-step bound; int8 vs fp32 (the quantization error): ${fmt(quantError)}, ` +
            `onnxruntime's ${fmt(maxAbsDiff(probed.logits, fp32))}`,
        );
        console.log(`int8 vs PyTorch end to end (${ARCH}, ${images} images):\n${lines.join('\n')}`);
        expect(worst).toBeLessThanOrEqual(1);
      });
    });

    it('w8: onnxruntime’s logits are PyTorch’s with the same 8-bit weights in fp32, to float rounding', async () => {
      const w8Path = join(work, 'model.w8.onnx');
      await convertCheckpointFile(checkpoint, w8Path, { dtype: 'w8', arch });
      const out = await runSession(new Uint8Array(readFileSync(w8Path)), 'w8', feeds);
      const answer = runOracle<OracleAnswer>(oracleArgs(w8Path, join(work, 'oracle-w8')));
      const ours = { logits: out.logits?.data as Float32Array, features: out.features?.data as Float32Array };
      const logits = maxAbsDiff(npyF32(answer.free.logits as string), ours.logits);
      const features = maxAbsDiff(npyF32(answer.free.features as string), ours.features);
      const fp32 = maxAbsDiff(npyF32(answer.fp32.logits), ours.logits);
      console.log(
        `w8 vs PyTorch (${ARCH}): features max |Δ| ${fmt(features / maxAbs(ours.features))} of max |feature|, ` +
          `logits ${fmt(logits / maxAbs(ours.logits))} of max |logit|; w8 vs fp32: ${fmt(fp32 / maxAbs(ours.logits))}`,
      );
      expect(answer.dtype).toBe('w8');
      expectWeightsAgree(answer);
      // w8 keeps the stem in float: torch's folded weights, to float32 rounding.
      expect(answer.floatWeights.maxAbsDiff).toBeLessThan(1e-6);
      // fp32's parity bound (the same weights, computed in float by both).
      expect(features).toBeLessThanOrEqual(1e-5 * maxAbs(ours.features));
      expect(logits).toBeLessThanOrEqual(1e-5 * maxAbs(ours.logits));
    });
  },
);
