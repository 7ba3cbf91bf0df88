// @swsl/preprocess README: a sample photo → the normalized [1, 3, 224, 224] tensor, decoded with sharp.
import { preprocess } from '@swsl/preprocess/node';

const [image] = process.argv.slice(2);
const { data, dims } = await preprocess(image);
if (dims.join() !== '1,3,224,224') throw new Error(`dims ${dims.join('×')}`);
if (data.length !== 3 * 224 * 224 || !data.every(Number.isFinite)) throw new Error('bad tensor data');
const mean = data.reduce((s, x) => s + x, 0) / data.length;
console.log(`${dims.join('×')} float32, mean ${mean.toFixed(4)}`);
