import type { Dtype, RangeMethod } from '@swsl/core';
import type { ArchName } from '@swsl/registry';
import { convertCheckpointFile } from '@swsl/runtime-node';
import { EXIT } from '../exit-codes.js';
import { readLabelsFile } from '../labels-file.js';
import { createProgress } from '../progress.js';
import type { Terminal } from '../terminal.js';

export async function convertCommand(
  t: Terminal,
  checkpoint: string,
  flags: {
    arch: ArchName | 'auto';
    dtype: Dtype;
    output?: string;
    labels?: string;
    calibration?: string;
    calibrationMethod?: RangeMethod;
  },
): Promise<number> {
  // Read before converting: a bad labels file fails in milliseconds, not after the weights are written.
  const labels = flags.labels ? await readLabelsFile(flags.labels) : undefined;
  const out =
    flags.output ??
    `${checkpoint.replace(/\.(pth|pt|bin|safetensors)$/i, '')}${flags.dtype === 'fp32' ? '' : `-${flags.dtype}`}.onnx`;
  const progress = createProgress(t);
  let started = false;
  const result = await convertCheckpointFile(checkpoint, out, {
    arch: flags.arch,
    dtype: flags.dtype,
    ...(labels ? { labels } : {}),
    ...(flags.calibration ? { calibrationDir: flags.calibration } : {}),
    ...(flags.calibrationMethod ? { method: flags.calibrationMethod } : {}),
    onCalibrate: (done, total) => {
      if (done === 1)
        progress.stage(`calibrating on ${flags.calibration ?? 'the built-in photos'} (${total} image passes)`);
    },
    onProgress: (p) => {
      if (p.stage !== 'convert') return;
      if (!started) progress.stage(`converting ${checkpoint}`, p.total);
      started = true;
      progress.update(p.done, p.total);
    },
  });
  progress.done();
  if (!t.quiet) {
    const a = result.arch;
    t.err(
      `${result.info.format} checkpoint → ${a.block} ${a.layers.join('-')} groups ${a.groups}×${a.widthPerGroup}, ${a.numClasses} classes${labels ? ` (names from ${flags.labels})` : ''}, ${flags.dtype}\n`,
    );
  }
  t.out(`${out}\n`);
  return EXIT.ok;
}
