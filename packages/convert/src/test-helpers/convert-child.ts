// Converts one checkpoint file in a fresh process and prints what happened as JSON, with the peak RSS (VmHWM):
// the memory bound of a conversion is measured here, apart from the test runner's own heap.
// The subpath, not the main entry: a child that loaded vitest with it would measure vitest's memory too.
import { reportMeasuredRun } from '@swsl/reference/measured-child';
import { convertFile } from '../node/convert-file.js';

const [path, out] = process.argv.slice(2) as [string, string];
await reportMeasuredRun(() => convertFile(path, out));
