import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { PACKAGE_ROOT, REPO_ROOT } from './paths.js';

/**
 * Workspace packages resolve to their TypeScript sources (as in vitest), so a browser test never runs a stale
 * dist/: `@swsl/x` → `<packages|tools>/x/src/index.ts`, `@swsl/x/sub` → `…/src/sub/index.ts`.
 */
const workspaceSources: Plugin = {
  name: 'swsl-workspace-sources',
  setup(b) {
    b.onResolve({ filter: /^@swsl\// }, (args) => {
      const [, name, ...sub] = args.path.split('/');
      const folder = ['packages', 'tools'].find((f) => existsSync(join(REPO_ROOT, f, name as string)));
      if (!folder) return undefined;
      return { path: join(REPO_ROOT, folder, name as string, 'src', ...sub, 'index.ts') };
    });
  },
};

/**
 * Bundles the test page (`page.js`: runtime-web on `window.swsl`), the conversion worker next to it (where
 * `new URL('./convert-worker.js', import.meta.url)` finds it) and a worker that classifies (`classify-worker.js`).
 */
export async function bundleTestPage(outdir: string): Promise<void> {
  await build({
    entryPoints: {
      page: join(PACKAGE_ROOT, 'src/test-support/page.ts'),
      'classify-worker': join(PACKAGE_ROOT, 'src/test-support/classify-worker.ts'),
      'convert-worker': join(PACKAGE_ROOT, 'src/convert-worker.ts'),
    },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    plugins: [workspaceSources],
    logLevel: 'error',
  });
}
