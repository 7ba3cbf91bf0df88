/**
 * Decodes one file in a fresh process and prints `{ok, code, ms, peakKiB}`: peak RSS (VmHWM) of a whole process
 * is what a hostile image costs, which an in-process test cannot measure. `node --import tsx decode-child.ts FILE
 * [node|own]` — `own` runs our platform-neutral decoder for the format (the browser entry's path).
 */
import { readFileSync } from 'node:fs';
import { isSwslError } from '@swsl/registry';
import { decodeBmp } from '../../bmp-decoder.js';
import { decodeGif } from '../../browser/gif-decoder.js';
import { decodePng } from '../../browser/png-decoder.js';
import { decodeImage } from '../index.js';

const [file, who = 'node'] = process.argv.slice(2) as [string, string?];
const bytes = new Uint8Array(readFileSync(file));
const start = performance.now();
let result: { ok: boolean; code?: string; message?: string };
try {
  const ext = file.split('.').at(-1);
  if (who === 'own' && ext === 'tiff') {
    const { decodeTiff } = await import('../../browser/tiff-decoder.js');
    decodeTiff(bytes, file);
  } else if (who === 'own') {
    (({ png: decodePng, gif: decodeGif, bmp: decodeBmp }) as const)[ext as 'png']!(bytes, file);
  } else await decodeImage(bytes, { name: file });
  result = { ok: true };
} catch (error) {
  result = isSwslError(error)
    ? { ok: false, code: error.code, message: error.message }
    : { ok: false, message: String(error) };
}
const ms = performance.now() - start;
const peakKiB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
process.stdout.write(`${JSON.stringify({ ...result, ms, peakKiB })}\n`);
