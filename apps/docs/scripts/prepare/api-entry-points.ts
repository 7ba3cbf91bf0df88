import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One public entry of a workspace package: `@swsl/preprocess/node` ↔ `packages/preprocess/src/node/index.ts`. */
export interface ApiEntryPoint {
  readonly moduleName: string;
  readonly sourceFile: string;
}

/**
 * Every public entry of every `@swsl/*` package, read from its package.json `exports` (`./dist/x.js` is built from
 * `./src/x.ts`), so a new package or entry appears in the API reference without touching the docs.
 */
export function apiEntryPoints(packagesDir: string): ApiEntryPoint[] {
  const entries: ApiEntryPoint[] = [];
  for (const dir of readdirSync(packagesDir).sort()) {
    const manifestPath = join(packagesDir, dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      name: string;
      private?: boolean;
      exports?: Record<string, string | { default?: string }>;
    };
    if (manifest.private) continue;
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const built = typeof target === 'string' ? target : target.default;
      if (!built?.startsWith('./dist/') || !built.endsWith('.js')) continue;
      const sourceFile = join(packagesDir, dir, built.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
      if (!existsSync(sourceFile)) continue;
      entries.push({
        moduleName: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
        sourceFile,
      });
    }
  }
  return entries;
}
