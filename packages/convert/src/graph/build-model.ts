import type { ArchSpec } from '@swsl/registry';
import protobuf from 'protobufjs/minimal.js';
import type { TensorEntry } from '../formats/tensor-data.js';
import { toFloat16Bits } from './float16.js';
import { type BatchNormParams, foldBatchNorm } from './fold-bn.js';
import { type ConvLayer, resnetLayout } from './layout.js';
import { AttributeType, DataType, onnx } from './onnx-proto.js';

export type OnnxDtype = 'fp32' | 'fp16' | 'int8' | 'w8';

/** ONNX opset the graph uses; every op here is unchanged since well before it. */
export const OPSET = 17;
/** IR version that goes with opset 17. */
const IR_VERSION = 8;

export interface ModelPlanOptions {
  readonly dtype: OnnxDtype;
  readonly metadata: Readonly<Record<string, string>>;
  readonly producerVersion: string;
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
}

/** Initializers made together (a conv's folded weight and bias come from one read of conv + BN). */
interface InitializerGroup {
  readonly tensors: readonly InitializerSpec[];
  produce(): Promise<Float32Array[]>;
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
  const elemType = options.dtype === 'fp16' ? DataType.FLOAT16 : DataType.FLOAT;
  const nodes: object[] = [];
  const groups: InitializerGroup[] = [];
  const read = (key: string) => {
    const t = tensors.get(key);
    if (!t) throw new Error(`internal: validated state dict lacks ${key}`);
    return t.read();
  };
  const node = (opType: string, input: string[], output: string, attribute: Attribute[] = []) =>
    nodes.push({ opType, input, output: [output], name: output, attribute });

  const convWithBn = (c: ConvLayer, input: string, output: string) => {
    groups.push({
      tensors: [
        { name: `${c.conv}.weight`, dims: [c.outChannels, c.inChannels / c.groups, c.kernel, c.kernel] },
        { name: `${c.conv}.bias`, dims: [c.outChannels] },
      ],
      async produce() {
        const weight = await read(`${c.conv}.weight`);
        const bn: BatchNormParams = {
          weight: await read(`${c.bn}.weight`),
          bias: await read(`${c.bn}.bias`),
          runningMean: await read(`${c.bn}.running_mean`),
          runningVar: await read(`${c.bn}.running_var`),
        };
        return [weight, foldBatchNorm(weight, bn)];
      },
    });
    node('Conv', [input, `${c.conv}.weight`, `${c.conv}.bias`], output, [
      ints('kernel_shape', [c.kernel, c.kernel]),
      ints('strides', [c.stride, c.stride]),
      ints('pads', [c.pad, c.pad, c.pad, c.pad]),
      ints('dilations', [1, 1]),
      int('group', c.groups),
    ]);
  };

  let x = 'input';
  if (options.dtype === 'fp16') {
    node('Cast', [x], 'input_fp16', [int('to', DataType.FLOAT16)]);
    x = 'input_fp16';
  }
  convWithBn(layout.stem, x, 'conv1');
  node('Relu', ['conv1'], 'relu');
  node('MaxPool', ['relu'], 'maxpool', [
    ints('kernel_shape', [3, 3]),
    ints('strides', [2, 2]),
    ints('pads', [1, 1, 1, 1]),
  ]);
  x = 'maxpool';
  for (const block of layout.blocks) {
    let y = x;
    block.convs.forEach((c, i) => {
      convWithBn(c, y, c.conv);
      y = c.conv;
      if (i < block.convs.length - 1) {
        node('Relu', [y], `${c.conv}.relu`);
        y = `${c.conv}.relu`;
      }
    });
    let identity = x;
    if (block.downsample) {
      convWithBn(block.downsample, x, block.downsample.conv);
      identity = block.downsample.conv;
    }
    node('Add', [y, identity], `${block.prefix}.add`);
    node('Relu', [`${block.prefix}.add`], `${block.prefix}.out`);
    x = `${block.prefix}.out`;
  }
  const fp16 = options.dtype === 'fp16';
  node('GlobalAveragePool', [x], 'avgpool');
  node('Flatten', ['avgpool'], fp16 ? 'features_fp16' : 'features', [int('axis', 1)]);
  groups.push({
    tensors: [
      { name: 'fc.weight', dims: [layout.classes, layout.features] },
      { name: 'fc.bias', dims: [layout.classes] },
    ],
    produce: async () => [await read('fc.weight'), await read('fc.bias')],
  });
  node('Gemm', [fp16 ? 'features_fp16' : 'features', 'fc.weight', 'fc.bias'], fp16 ? 'logits_fp16' : 'logits', [
    int('transB', 1),
  ]);
  if (fp16) {
    node('Cast', ['features_fp16'], 'features', [int('to', DataType.FLOAT)]);
    node('Cast', ['logits_fp16'], 'logits', [int('to', DataType.FLOAT)]);
  }

  const graphHead = onnx.GraphProto.encode({
    name: 'swsl_resnet',
    node: nodes,
    input: [valueInfo('input', DataType.FLOAT, ['batch', 3, 'height', 'width'])],
    output: [
      valueInfo('logits', DataType.FLOAT, ['batch', layout.classes]),
      valueInfo('features', DataType.FLOAT, ['batch', layout.features]),
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
  const bytesPerValue = fp16 ? 2 : 4;
  const initializerHeads = groups.map((g) =>
    g.tensors.map((t) => {
      const rawLength = t.dims.reduce((a, b) => a * b, 1) * bytesPerValue;
      const tensorHead = onnx.TensorProto.encode({ name: t.name, dims: [...t.dims], dataType: elemType }).finish();
      const rawTag = protobuf.Writer.create()
        .uint32((9 << 3) | 2)
        .uint32(rawLength)
        .finish();
      const messageLength = tensorHead.length + rawTag.length + rawLength;
      const fieldTag = protobuf.Writer.create()
        .uint32((5 << 3) | 2)
        .uint32(messageLength)
        .finish();
      return { head: concat([fieldTag, tensorHead, rawTag]), rawLength };
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
          const v = values[j] as Float32Array;
          const raw = fp16 ? toFloat16Bits(v) : v;
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
