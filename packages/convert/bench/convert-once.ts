// One conversion in its own process, so its peak RSS is the converter's alone. Prints one JSON line.
import { convertFile } from '../src/node/convert-file.js';

const [checkpoint, out, dtype = 'fp32'] = process.argv.slice(2);
if (!checkpoint || !out) throw new Error('usage: convert-once.ts <checkpoint> <out.onnx> [fp32|fp16]');
const start = performance.now();
const result = await convertFile(checkpoint, out, { dtype: dtype as 'fp32' | 'fp16' });
const ms = performance.now() - start;
process.stdout.write(
  `${JSON.stringify({ seconds: ms / 1000, peakRssBytes: process.resourceUsage().maxRSS * 1024, onnxBytes: result.info.onnxBytes })}\n`,
);
