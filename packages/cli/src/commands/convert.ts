import { convertFile } from '@swsl/convert/node';
import type { Dtype } from '@swsl/core';
import type { ArchName } from '@swsl/registry';
import { EXIT } from '../exit-codes.js';
import { readLabelsFile } from '../labels-file.js';
import { createProgress } from '../progress.js';
import type { Terminal } from '../terminal.js';

export async function convertCommand(
  t: Terminal,
  checkpoint: string,
  flags: { arch: ArchName | 'auto'; dtype: Dtype; output?: string; labels?: string },
): Promise<number> {
  // Read before converting: a bad labels file fails in milliseconds, not after the weights are written.
  const labels = flags.labels ? await readLabelsFile(flags.labels) : undefined;
  const out =
    flags.output ??
    `${checkpoint.replace(/\.(pth|pt|bin|safetensors)$/i, '')}${flags.dtype === 'fp16' ? '-fp16' : ''}.onnx`;
  const progress = createProgress(t);
  let started = false;
  const result = await convertFile(checkpoint, out, {
    arch: flags.arch,
    dtype: flags.dtype,
    ...(labels ? { labels } : {}),
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
