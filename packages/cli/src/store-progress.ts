import type { NodeProgress } from '@swsl/runtime-node';
import type { ProgressReporter } from './progress.js';

/** Model-store and converter events → progress lines/bars: one stage per download, verification, conversion. */
export function reportStoreProgress(progress: ProgressReporter): (event: NodeProgress) => void {
  let stage = '';
  const enter = (next: string, label: string, total?: number) => {
    if (stage !== next) progress.stage(label, total);
    stage = next;
  };
  return (event) => {
    const e = event as {
      stage: string;
      variant?: string;
      origin?: string;
      loaded?: number;
      total?: number;
      detail?: unknown;
    };
    const name = e.variant ? ` ${e.variant}` : '';
    if (e.stage === 'download') {
      // `auto` may move from Facebook's host to the hub: a new bar, saying where from.
      const from = e.origin === 'hf' ? 'the Hugging Face hub' : "Facebook's host";
      enter(`download-${e.origin}`, `downloading${name} from ${from}`, e.total);
      progress.update(e.loaded ?? 0, e.total);
    } else if (e.stage === 'retry') {
      // A new stage line, so logs show every retry and why (the next download event starts a fresh bar).
      const r = event as { attempt?: number; waitMs?: number; reason?: string };
      enter(`retry-${r.attempt}`, `retrying${name} in ${((r.waitMs ?? 0) / 1000).toFixed(1)} s (${r.reason})`);
    } else if (e.stage === 'verify') {
      enter('verify', `verifying${name}`);
    } else if (e.stage === 'convert' || e.stage === 'convert-local') {
      // The converter says 'read' (size unknown), then 'convert' with weight bytes done/total: the bar starts there.
      const detail = e.detail as { stage?: string; done?: number; total?: number } | undefined;
      if (detail?.stage !== 'convert') return;
      enter('convert', `converting${name} to ONNX`, detail.total);
      progress.update(detail.done ?? 0, detail.total);
    } else if (e.stage === 'calibrate') {
      // int8/w8: the fp32 model runs over the calibration photos (a few seconds to a minute): one line, no bar.
      enter(
        'calibrate',
        `calibrating 8-bit weights and activations on ${(e as { total?: number }).total} image passes`,
      );
    } else if (e.stage === 'stored') {
      progress.done();
      stage = '';
    }
  };
}
