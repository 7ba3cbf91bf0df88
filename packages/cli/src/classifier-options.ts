import type { NodeClassifierOptions } from '@swsl/runtime-node';
import type { ModelFlags } from './model-options.js';
import type { ProgressReporter } from './progress.js';
import { reportStoreProgress } from './store-progress.js';
import { type Terminal, yellow } from './terminal.js';

/**
 * What every command that opens a model passes to `createClassifier` from its flags: where it runs, the cache and
 * its source, download/convert progress and warnings on stderr.
 */
export function classifierOptions(
  t: Terminal,
  flags: Pick<ModelFlags, 'device' | 'threads' | 'cacheDir' | 'offline' | 'source'>,
  progress: ProgressReporter,
): NodeClassifierOptions {
  return {
    device: flags.device,
    ...(flags.threads ? { threads: flags.threads } : {}),
    ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
    ...(flags.offline ? { offline: true } : {}),
    ...(flags.source ? { source: flags.source } : {}),
    onProgress: reportStoreProgress(progress),
    onWarning: (message) => {
      if (!t.quiet) t.err(`${yellow(t.errColor, 'warning')} ${message}\n`);
    },
  };
}
