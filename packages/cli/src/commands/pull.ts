import type { Dtype } from '@swsl/core';
import { resolveVariant } from '@swsl/registry';
import { EXIT } from '../exit-codes.js';
import { LICENSE_NOTICE, openStore, type StoreFlags } from '../model-store.js';
import { createProgress } from '../progress.js';
import { reportStoreProgress } from '../store-progress.js';
import type { Terminal } from '../terminal.js';

export async function pullCommand(
  t: Terminal,
  names: readonly string[],
  flags: StoreFlags & { dtype: Dtype },
): Promise<number> {
  const variants = names.map((n) => resolveVariant(n)); // unknown names fail before any download
  if (!t.quiet) t.err(`${LICENSE_NOTICE}\n`);
  const progress = createProgress(t);
  const report = reportStoreProgress(progress);
  const store = openStore(flags, report);
  for (const v of variants) {
    const model = await store.loadOnnx(v.name, { dtype: flags.dtype, onProgress: report });
    progress.done();
    t.out(`${model.location}\n`);
  }
  return EXIT.ok;
}
