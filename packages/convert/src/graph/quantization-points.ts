import type { ArchSpec } from '@swsl/registry';
import { resnetLayout } from './layout.js';

/** A float tensor of the fp32 graph that the int8 graph carries as uint8 (quantized once, read by every consumer). */
export interface QuantizationPoint {
  /** The tensor's name in the fp32 graph (and the calibration graph's extra output of the same name). */
  readonly name: string;
  /**
   * Whether it can be negative: the input and the two branches entering each residual Add. The others follow a
   * ReLU: their range starts at 0 (zero point 0), which is also what lets onnxruntime drop that ReLU.
   */
  readonly signed: boolean;
}

/**
 * Every activation the int8 graph quantizes, in graph order: the input, the stem's ReLU (MaxPool keeps its grid),
 * each ReLU inside a block, the last conv of each block and its downsample (before the Add), and each block's output.
 */
export function quantizationPoints(spec: ArchSpec): QuantizationPoint[] {
  const layout = resnetLayout(spec);
  const points: QuantizationPoint[] = [
    { name: 'input', signed: true },
    { name: 'relu', signed: false },
  ];
  for (const block of layout.blocks) {
    block.convs.forEach((c, i) => {
      const last = i === block.convs.length - 1;
      points.push(last ? { name: c.conv, signed: true } : { name: `${c.conv}.relu`, signed: false });
    });
    if (block.downsample) points.push({ name: block.downsample.conv, signed: true });
    points.push({ name: `${block.prefix}.out`, signed: false });
  }
  return points;
}
