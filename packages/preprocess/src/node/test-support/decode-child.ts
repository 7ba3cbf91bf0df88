/**
 * Decodes one file in a fresh process and prints `{ok, code, message, ms, peakKiB}`: peak RSS (VmHWM) of a whole process
 * is what a hostile image costs, which an in-process test cannot measure. `node --import tsx decode-child.ts FILE
 * [node|own]` — `own` runs our platform-neutral decoder for the format (the browser entry's path).
 */
import { readFileSync } from 'node:fs';
// The subpath, not the main entry: a child that loaded vitest with it would measure vitest's memory too.
import { reportMeasuredRun } from '@swsl/reference/measured-child';
import { decodeBmp } from '../../bmp-decoder.js';
import { decodeGif } from '../../browser/gif-decoder.js';
import { decodePng } from '../../browser/png-decoder.js';
import { decodeImage } from '../index.js';

const [file, who = 'node'] = process.argv.slice(2) as [string, string?];
const bytes = new Uint8Array(readFileSync(file));
await reportMeasuredRun(async () => {
  const ext = file.split('.').at(-1);
  if (who === 'own' && ext === 'tiff') {
    const { decodeTiff } = await import('../../browser/tiff-decoder.js');
    decodeTiff(bytes, file);
  } else if (who === 'own') {
    (({ png: decodePng, gif: decodeGif, bmp: decodeBmp }) as const)[ext as 'png']!(bytes, file);
  } else await decodeImage(bytes, { name: file });
});
