// @swsl/convert README: a checkpoint → ONNX, file to file (Node entry) and bytes to bytes.
import { readFile, stat } from 'node:fs/promises';
import { convertCheckpoint } from '@swsl/convert';
import { convertFile } from '@swsl/convert/node';

const [checkpoint] = process.argv.slice(2);
await convertFile(checkpoint, 'tiny.onnx', { dtype: 'fp32' });
const { size } = await stat('tiny.onnx');
const { onnx, arch } = await convertCheckpoint(await readFile(checkpoint), { arch: 'auto', dtype: 'fp16' });
if (size < 10_000 || onnx.byteLength < 10_000) throw new Error(`ONNX too small: ${size} / ${onnx.byteLength} bytes`);
console.log(
  `convertFile: tiny.onnx ${size} bytes; convertCheckpoint fp16: ${onnx.byteLength} bytes, arch ${JSON.stringify(arch)}`,
);
