import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

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

/** What an application's bundler would do for a modern browser: one ESM bundle per entry, npm packages included. */
const BROWSER: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  plugins: [workspaceSources],
  logLevel: 'error',
};

/**
 * Bundles several entries (`name → source file`) into `outdir` as `<name>.js`, side by side. `options` adds esbuild
 * settings, e.g. `splitting` to put each `import()` into a chunk of its own as an application's bundler would.
 */
export async function bundleForBrowser(
  entryPoints: Record<string, string>,
  outdir: string,
  options: BuildOptions = {},
): Promise<void> {
  await build({ ...BROWSER, ...options, entryPoints, outdir });
}

/** Bundles one entry file into a single ES module, in memory. */
export async function bundleModule(entryPoint: string): Promise<Uint8Array> {
  const result = await build({ ...BROWSER, entryPoints: [entryPoint], write: false });
  return result.outputFiles[0]!.contents;
}
