import type { NodeProgress } from '@swsl/runtime-node';
import type { ProgressReporter } from './progress.js';

/** Model-store and converter events → progress lines/bars. */
export function reportStoreProgress(progress: ProgressReporter): (event: NodeProgress) => void {
  let stage = '';
  return (event) => {
    const e = event as { stage: string; variant?: string; loaded?: number; total?: number; detail?: unknown };
    const detail = e.detail as { stage?: string; done?: number; total?: number } | undefined;
    const name = e.variant ? ` ${e.variant}` : '';
    if (e.stage === 'download') {
      if (stage !== 'download') progress.stage(`downloading${name}`, e.total);
      progress.update(e.loaded ?? 0, e.total);
    } else if (e.stage === 'convert' || e.stage === 'convert-local') {
      if (stage !== 'convert') progress.stage(`converting${name} to ONNX`, detail?.total || undefined);
      if (detail?.stage === 'convert') progress.update(detail.done ?? 0, detail.total);
    } else if (e.stage === 'verify' && stage !== 'verify') {
      progress.stage(`verifying${name}`);
    } else if (e.stage === 'stored') {
      progress.done();
    }
    stage = e.stage === 'convert-local' ? 'convert' : e.stage;
  };
}
