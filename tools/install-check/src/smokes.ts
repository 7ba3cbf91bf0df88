// What each package's user does after `npm install`, taken from its README. Steps run in the package's own
// folder with the clean environment; `install` steps add packages from the npm registry the way the README says.
import { join } from 'node:path';
import { repoRoot } from './workspace.ts';

export type Action =
  | { kind: 'install'; label: string; specs: readonly string[] }
  | { kind: 'measure' }
  | { kind: 'run'; label: string; command: string; args: readonly string[]; failOn?: RegExp };

const sample = join(repoRoot, 'samples/chelsea.jpg');
const tiny = join(repoRoot, 'tools/reference/fixtures/tiny-basic.zip.pth');
const node = (script: string, ...args: string[]): Action => ({
  kind: 'run',
  label: `node ${script}`,
  command: 'node',
  args: [script, ...args],
});
type Run = Extract<Action, { kind: 'run' }>;
const npx = (...args: string[]): Run => ({ kind: 'run', label: `npx ${args.join(' ')}`, command: 'npx', args });
// esbuild exits 0 on warnings, but one of them ("sideEffects is false", import ignored) means an empty worker.
const esbuild = (...args: string[]): Run => ({ ...npx('esbuild', ...args), failOn: /\[WARNING\]|\[ERROR\]/ });
const measure: Action = { kind: 'measure' };

/** Package name → what runs after its tarballs are installed (the install itself is always the first step). */
export const SMOKES: Record<string, readonly Action[]> = {
  '@swsl/registry': [measure, node('registry.mjs')],
  '@swsl/preprocess': [
    node('preprocess-without-sharp.mjs', sample),
    // The README's optional peer for the Node entry; the size is measured with it, as Node users install it.
    { kind: 'install', label: 'npm install sharp', specs: ['sharp'] },
    measure,
    node('preprocess.mjs', sample),
  ],
  '@swsl/convert': [measure, node('convert.mjs', tiny)],
  '@swsl/core': [measure, node('core.mjs', tiny)],
  '@swsl/runtime-node': [measure, node('runtime-node.mjs', tiny, sample)],
  '@swsl/server': [measure, node('server.mjs', tiny, sample)],
  '@swsl/cli': [
    measure,
    npx('swsl', '--help'),
    npx('swsl', 'models'),
    npx('swsl', 'classify', '--weights', tiny, sample),
  ],
  '@swsl/runtime-web': [
    measure,
    { kind: 'install', label: 'npm install esbuild', specs: ['esbuild'] },
    // A page entry and the two worker entries a user bundles for `workerUrl` (their own files importing ours).
    esbuild(
      'runtime-web-entry.mjs',
      'runtime-web-classifier-worker.mjs',
      'runtime-web-convert-worker.mjs',
      '--bundle',
      '--platform=browser',
      '--format=esm',
      '--splitting',
      '--minify',
      '--outdir=bundle',
      '--log-level=warning',
    ),
  ],
};
