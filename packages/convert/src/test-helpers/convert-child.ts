// Converts one checkpoint file in a fresh process and prints what happened as JSON, with the peak RSS (VmHWM):
// the memory bound of a conversion is measured here, apart from the test runner's own heap.
import { readFileSync } from 'node:fs';
import { convertFile } from '../node/convert-file.js';

const [path, out] = process.argv.slice(2) as [string, string];
const start = performance.now();
const peakKiB = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN);
try {
  await convertFile(path, out);
  process.stdout.write(`${JSON.stringify({ ok: true, ms: performance.now() - start, peakKiB: peakKiB() })}\n`);
} catch (e) {
  const { code, message } = e as { code?: string; message: string };
  process.stdout.write(
    `${JSON.stringify({ ok: false, code, message, ms: performance.now() - start, peakKiB: peakKiB() })}\n`,
  );
}
