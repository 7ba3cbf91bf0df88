import type { ArchSpec, Dtype } from '@swsl/registry';
import protobuf from 'protobufjs/minimal.js';
import type { TensorEntry } from '../formats/tensor-data.js';
import { toFloat16Bits } from './float16.js';
import { type BatchNormParams, foldBatchNorm } from './fold-bn.js';
import { type ConvLayer, resnetLayout, w8TwoTermConvs } from './layout.js';
import { AttributeType, DataType, onnx } from './onnx-proto.js';
import { quantizationPoints } from './quantization-points.js';
import {
  activationParams,
  correctBias,
  dequantize,
  quantizeBias,
  quantizePerChannel,
  quantizeResidual,
} from './quantize-weights.js';

/** The registry's `Dtype`, under the name this package has always exported. */
export type OnnxDtype = Dtype;

/** ONNX opset the graph uses; every op here is unchanged since well before it (DequantizeLinear's axis: 13). */
export const OPSET = 17;
/** IR version that goes with opset 17. */
const IR_VERSION = 8;

/** A calibrated activation range (float32 values seen by the fp32 model), per quantization point. */
export type ActivationRanges = Readonly<Record<string, readonly [min: number, max: number]>>;

export interface ModelPlanOptions {
  readonly dtype: OnnxDtype;
  readonly metadata: Readonly<Record<string, string>>;
  readonly producerVersion: string;
  /** `int8` only: the range of every tensor `quantizationPoints` names. */
  readonly activationRanges?: ActivationRanges;
  /** `fp32` only: also output every quantization point and MaxPool's output (the graph calibration runs). */
  readonly calibrationOutputs?: boolean;
  /**
   * `int8`/`w8`: the mean of each channel of every conv's (and the classifier's) input over the calibration images,
   * keyed by the fp32 tensor name. With them each 8-bit weight's mean error is cancelled in the bias (bias
   * correction): without it w8's 1 − cosine to fp32's logits is 1.8× larger (resnet50, measured).
   */
  readonly channelMeans?: Readonly<Record<string, Float32Array>>;
}
/**
 * A serialized model whose total size is known before any weight is read, so the bytes can go straight into one
 * preallocated buffer or a file: one folded tensor in memory at a time, never a second copy of the model.
 * The model header (which holds the metadata) is separate, so it can be written last: the checkpoint's sha256 can
 * then be computed while the weights are converted.
 */
export interface ModelPlan {
  readonly byteLength: number;
  /** Bytes of the model header; `encodeHeader` must return exactly this many for the same metadata keys. */
  readonly headerLength: number;
  encodeHeader(metadata: Readonly<Record<string, string>>): Uint8Array;
  /** Writes everything after the header, in order, at `headerLength` onwards; `onTensor` reports weight bytes. */
  writeBody(
    write: (offset: number, chunk: Uint8Array) => void | Promise<void>,
    onTensor?: (done: number, total: number) => void,
  ): Promise<void>;
}

interface InitializerSpec {
  readonly name: string;
  readonly dims: readonly number[];
  readonly dataType: number;
}

/** Raw little-endian values of one initializer, of its `dataType`. */
type RawValues = Float32Array | Uint16Array | Int8Array | Uint8Array | Int32Array;

/** Initializers made together (a conv's folded weight and bias come from one read of conv + BN). */
interface InitializerGroup {
  readonly tensors: readonly InitializerSpec[];
  produce(): Promise<RawValues[]>;
}

const BYTES_PER_VALUE: Record<number, number> = {
  [DataType.FLOAT]: 4,
  [DataType.FLOAT16]: 2,
  [DataType.INT8]: 1,
  [DataType.UINT8]: 1,
  [DataType.INT32]: 4,
};

/** What a conv reads: the tensor name in the graph (a DequantizeLinear's output in int8) and the fp32 tensor it is. */
interface Activation {
  readonly name: string;
  /** int8: the uint8 scale of the tensor. */
  readonly scale?: number;
  /** The fp32 graph's name for it (the key of its calibration statistics). */
  readonly source: string;
}

type Attribute = { name: string; type: number; i?: number; ints?: number[] };

const int = (name: string, i: number): Attribute => ({ name, type: AttributeType.INT, i });
const ints = (name: string, values: number[]): Attribute => ({ name, type: AttributeType.INTS, ints: values });

function valueInfo(name: string, elemType: number, dims: readonly (number | string)[]) {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

export function planResNetModel(
  tensors: ReadonlyMap<string, TensorEntry>,
  spec: ArchSpec,
  options: ModelPlanOptions,
): ModelPlan {
  const layout = resnetLayout(spec);
  const { dtype } = options;
  const fp16 = dtype === 'fp16';
  const int8 = dtype === 'int8';
  const weightsIn8Bits = int8 || dtype === 'w8';
  const floatType = fp16 ? DataType.FLOAT16 : DataType.FLOAT;
  const ranges = options.activationRanges;
  if (int8 && !ranges)
    throw new TypeError('int8 needs activationRanges for every quantization point (calibrate first)');
  if (options.calibrationOutputs && dtype !== 'fp32') throw new TypeError('calibrationOutputs needs dtype fp32');
  const nodes: object[] = [];
  const groups: InitializerGroup[] = [];
  const read = (key: string) => {
    const t = tensors.get(key);
    if (!t) throw new Error(`internal: validated state dict lacks ${key}`);
    return t.read();
  };
  const node = (opType: string, input: string[], output: string, attribute: Attribute[] = []) =>
    nodes.push({ opType, input, output: [output], name: output, attribute });
  const asFloat = (values: Float32Array): RawValues => (fp16 ? toFloat16Bits(values) : values);

  /** A float weight stored as int8 per output channel, restored by DequantizeLinear into `name`. */
  const int8Weight = (name: string, dims: number[], output = name): InitializerSpec[] => {
    node('DequantizeLinear', [`${name}_q`, `${name}_scale`, `${name}_zero_point`], output, [int('axis', 0)]);
    return [
      { name: `${name}_q`, dims, dataType: DataType.INT8 },
      { name: `${name}_scale`, dims: [dims[0] as number], dataType: DataType.FLOAT },
      { name: `${name}_zero_point`, dims: [dims[0] as number], dataType: DataType.INT8 },
    ];
  };
  /** Two int8 terms (coarse + residual) added into `name`: ~15 bits for the layers w8 keeps precise. */
  const int8x2Weight = (name: string, dims: number[]): InitializerSpec[] => {
    const specs = [...int8Weight(name, dims, `${name}_coarse`), ...int8Weight(`${name}_residual`, dims)];
    node('Add', [`${name}_coarse`, `${name}_residual`], name);
    return specs;
  };
  const twoTermConvs = dtype === 'w8' ? w8TwoTermConvs(layout) : new Set<string>();

  // int8: the uint8 scale and zero point of each activation, one pair per quantization point.
  const paramsOf = new Map<string, ReturnType<typeof activationParams>>();
  if (int8 && ranges) {
    const scalars: InitializerSpec[] = [];
    const values: RawValues[] = [];
    for (const point of quantizationPoints(spec)) {
      const range = ranges[point.name];
      if (!range) throw new TypeError(`int8: no calibrated range for "${point.name}"`);
      const p = activationParams(point.signed ? range[0] : 0, range[1]);
      paramsOf.set(point.name, p);
      scalars.push(
        { name: `${point.name}.scale`, dims: [], dataType: DataType.FLOAT },
        { name: `${point.name}.zero_point`, dims: [], dataType: DataType.UINT8 },
      );
      values.push(Float32Array.of(p.scale), Uint8Array.of(p.zeroPoint));
    }
    groups.push({ tensors: scalars, produce: async () => values });
  }
  /**
   * int8: `tensor` → QuantizeLinear → DequantizeLinear with the parameters of `point`; consumers read the DQ output.
   * onnxruntime fuses each DQ → Conv/Add → Q group into one QLinearConv/QLinearAdd. Elsewhere: `tensor` itself.
   */
  const activation = (point: string, tensor = point): Activation => {
    const p = paramsOf.get(point);
    if (!p) return { name: tensor, source: tensor };
    const q = [`${point}.scale`, `${point}.zero_point`];
    node('QuantizeLinear', [tensor, ...q], `${tensor}_q`);
    node('DequantizeLinear', [`${tensor}_q`, ...q], `${tensor}_dq`);
    return { name: `${tensor}_dq`, scale: p.scale, source: tensor };
  };
  const means = options.channelMeans;

  const convWithBn = (c: ConvLayer, input: Activation, output: string) => {
    const dims = [c.outChannels, c.inChannels / c.groups, c.kernel, c.kernel];
    const weight = `${c.conv}.weight`;
    const bias = `${c.conv}.bias`;
    // w8 keeps the stem in float: its 147 weights per filter see raw pixels, and 8 bits there cost as much accuracy
    // as a whole stage of the network, for 37 KB saved. int8 needs it in 8 bits to run QLinearConv.
    const quantized = int8 || (weightsIn8Bits && c !== layout.stem);
    const twoTerms = twoTermConvs.has(c.conv);
    const weightSpecs = !quantized
      ? [{ name: weight, dims, dataType: floatType }]
      : twoTerms
        ? int8x2Weight(weight, dims)
        : int8Weight(weight, dims);
    const biasSpecs =
      int8 && input.scale !== undefined
        ? int32Bias(bias, c.outChannels)
        : [{ name: bias, dims: [c.outChannels], dataType: floatType }];
    groups.push({
      tensors: [...weightSpecs, ...biasSpecs],
      async produce() {
        const w = await read(weight);
        const bn: BatchNormParams = {
          weight: await read(`${c.bn}.weight`),
          bias: await read(`${c.bn}.bias`),
          runningMean: await read(`${c.bn}.running_mean`),
          runningVar: await read(`${c.bn}.running_var`),
        };
        const b = foldBatchNorm(w, bn);
        if (!quantized) return [asFloat(w), asFloat(b)];
        const q = quantizePerChannel(w, c.outChannels);
        const terms = twoTerms ? [q, quantizeResidual(w, q)] : [q];
        const mean = means?.[input.source];
        if (mean) correctBias(b, w, dequantize(terms, w.length), mean, c.groups);
        const qw = terms.flatMap((t) => [t.values, t.scales, t.zeroPoints]);
        if (biasSpecs.length === 1) return [...qw, b];
        const qb = quantizeBias(b, input.scale as number, q.scales);
        return [...qw, qb.values, qb.scales, qb.zeroPoints];
      },
    });
    node('Conv', [input.name, weight, bias], output, [
      ints('kernel_shape', [c.kernel, c.kernel]),
      ints('strides', [c.stride, c.stride]),
      ints('pads', [c.pad, c.pad, c.pad, c.pad]),
      ints('dilations', [1, 1]),
      int('group', c.groups),
    ]);
  };
  /** int8 bias: int32 at scale s_input · s_weight[o], as QLinearConv adds it to its accumulator. */
  const int32Bias = (name: string, out: number): InitializerSpec[] => {
    node('DequantizeLinear', [`${name}_q`, `${name}_scale`, `${name}_zero_point`], name, [int('axis', 0)]);
    return [
      { name: `${name}_q`, dims: [out], dataType: DataType.INT32 },
      { name: `${name}_scale`, dims: [out], dataType: DataType.FLOAT },
      { name: `${name}_zero_point`, dims: [out], dataType: DataType.INT32 },
    ];
  };

  let x: Activation = { name: 'input', source: 'input' };
  if (fp16) {
    node('Cast', ['input'], 'input_fp16', [int('to', DataType.FLOAT16)]);
    x = { name: 'input_fp16', source: 'input' };
  }
  x = int8 ? activation('input') : x;
  convWithBn(layout.stem, x, 'conv1');
  node('Relu', ['conv1'], 'relu');
  const stemOut = activation('relu');
  node('MaxPool', [stemOut.name], 'maxpool', [
    ints('kernel_shape', [3, 3]),
    ints('strides', [2, 2]),
    ints('pads', [1, 1, 1, 1]),
  ]);
  // MaxPool keeps the stem's uint8 grid (its outputs are some of its inputs): onnxruntime then runs it on uint8.
  x = activation('relu', 'maxpool');
  for (const block of layout.blocks) {
    let y = x;
    block.convs.forEach((c, i) => {
      convWithBn(c, y, c.conv);
      if (i < block.convs.length - 1) {
        node('Relu', [c.conv], `${c.conv}.relu`);
        y = activation(`${c.conv}.relu`);
      } else {
        y = activation(c.conv);
      }
    });
    let identity = x;
    if (block.downsample) {
      convWithBn(block.downsample, x, block.downsample.conv);
      identity = activation(block.downsample.conv);
    }
    node('Add', [y.name, identity.name], `${block.prefix}.add`);
    node('Relu', [`${block.prefix}.add`], `${block.prefix}.out`);
    x = activation(`${block.prefix}.out`);
  }
  node('GlobalAveragePool', [x.name], 'avgpool');
  node('Flatten', ['avgpool'], fp16 ? 'features_fp16' : 'features', [int('axis', 1)]);
  const fcDims = [layout.classes, layout.features];
  groups.push({
    tensors: [
      ...(weightsIn8Bits
        ? int8Weight('fc.weight', fcDims)
        : [{ name: 'fc.weight', dims: fcDims, dataType: floatType }]),
      { name: 'fc.bias', dims: [layout.classes], dataType: floatType },
    ],
    produce: async () => {
      const w = await read('fc.weight');
      const b = await read('fc.bias');
      if (!weightsIn8Bits) return [asFloat(w), asFloat(b)];
      const q = quantizePerChannel(w, layout.classes);
      const mean = means?.features;
      if (mean) correctBias(b, w, dequantize([q], w.length), mean, 1);
      return [q.values, q.scales, q.zeroPoints, b];
    },
  });
  node('Gemm', [fp16 ? 'features_fp16' : 'features', 'fc.weight', 'fc.bias'], fp16 ? 'logits_fp16' : 'logits', [
    int('transB', 1),
  ]);
  if (fp16) {
    node('Cast', ['features_fp16'], 'features', [int('to', DataType.FLOAT)]);
    node('Cast', ['logits_fp16'], 'logits', [int('to', DataType.FLOAT)]);
  }

  const calibration = options.calibrationOutputs
    ? [...quantizationPoints(spec).map((p) => p.name), 'maxpool'].map((name) =>
        valueInfo(name, DataType.FLOAT, ['batch', 'c', 'h', 'w']),
      )
    : [];
  const graphHead = onnx.GraphProto.encode({
    name: 'swsl_resnet',
    node: nodes,
    input: [valueInfo('input', DataType.FLOAT, ['batch', 3, 'height', 'width'])],
    output: [
      valueInfo('logits', DataType.FLOAT, ['batch', layout.classes]),
      valueInfo('features', DataType.FLOAT, ['batch', layout.features]),
      ...calibration,
    ],
  }).finish();
  const encodeHeader = (metadata: Readonly<Record<string, string>>) =>
    onnx.ModelProto.encode({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET }],
      producerName: 'swsl-convert',
      producerVersion: options.producerVersion,
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    }).finish();
  const headerLength = encodeHeader(options.metadata).length;

  // Each initializer = GraphProto field 5 wrapping a TensorProto whose raw_data (field 9) we append ourselves, so the
  // weight bytes never pass through protobufjs (which would copy the whole model into its own buffer).
  const initializerHeads = groups.map((g) =>
    g.tensors.map((t) => {
      const rawLength = t.dims.reduce((a, b) => a * b, 1) * (BYTES_PER_VALUE[t.dataType] as number);
      const tensorHead = onnx.TensorProto.encode({ name: t.name, dims: [...t.dims], dataType: t.dataType }).finish();
      const rawTag = protobuf.Writer.create()
        .uint32((9 << 3) | 2)
        .uint32(rawLength)
        .finish();
      const messageLength = tensorHead.length + rawTag.length + rawLength;
      const fieldTag = protobuf.Writer.create()
        .uint32((5 << 3) | 2)
        .uint32(messageLength)
        .finish();
      return { head: concat([fieldTag, tensorHead, rawTag]), rawLength, name: t.name };
    }),
  );
  const weightBytes = initializerHeads.flat().reduce((sum, h) => sum + h.rawLength, 0);
  const graphLength =
    graphHead.length + initializerHeads.flat().reduce((sum, h) => sum + h.head.length + h.rawLength, 0);
  const graphTag = protobuf.Writer.create()
    .uint32((7 << 3) | 2)
    .uint32(graphLength)
    .finish();
  const byteLength = headerLength + graphTag.length + graphLength;

  return {
    byteLength,
    headerLength,
    encodeHeader,
    async writeBody(write, onTensor) {
      let at = headerLength;
      const sink = async (chunk: Uint8Array) => {
        await write(at, chunk);
        at += chunk.length;
      };
      await sink(graphTag);
      await sink(graphHead);
      let done = 0;
      for (const [i, group] of groups.entries()) {
        const values = await group.produce();
        for (const [j, head] of (initializerHeads[i] ?? []).entries()) {
          const raw = values[j] as RawValues;
          if (raw.byteLength !== head.rawLength) throw new Error(`internal: ${head.name} has the wrong size`);
          await sink(head.head);
          await sink(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
          done += head.rawLength;
        }
        onTensor?.(done, weightBytes);
      }
    },
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
