import { join } from 'node:path';
import { bundleForBrowser } from '@swsl/browser-harness';
import { PACKAGE_ROOT } from './paths.js';

/**
 * Bundles the test page (`page.js`: runtime-web on `window.swsl`), the conversion and classifier workers next to it
 * (where `new URL('./convert-worker.js', import.meta.url)` finds them) and a worker that classifies (`classify-worker.js`).
 */
export function bundleTestPage(outdir: string): Promise<void> {
  return bundleForBrowser(
    {
      page: join(PACKAGE_ROOT, 'src/test-support/page.ts'),
      'classify-worker': join(PACKAGE_ROOT, 'src/test-support/classify-worker.ts'),
      'convert-worker': join(PACKAGE_ROOT, 'src/convert-worker.ts'),
      'classifier-worker': join(PACKAGE_ROOT, 'src/classifier-worker.ts'),
    },
    outdir,
  );
}
