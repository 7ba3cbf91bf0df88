import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vitepress';

const PREFIX = '\0swsl-plain-module:';
// The suffix takes the id out of VitePress's data-loader pattern (`.data.[m]js` at the end of the id).
const SUFFIX = '.plain.js';

/**
 * VitePress treats every imported `*.data.js` as a build-time data loader. `@swsl/registry` ships its label table
 * as `imagenet1k-labels.data.js`, which is plain code: outside the docs' own folder, such files are loaded as the
 * ordinary modules they are.
 */
export function plainDataModules(docsRoot: string): Plugin {
  return {
    name: 'swsl:plain-data-modules',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !/\.data\.m?js$/.test(source) || !source.startsWith('.')) return null;
      const path = resolve(dirname(importer.replace(PREFIX, '').replace(SUFFIX, '')), source);
      if (path.startsWith(docsRoot)) return null;
      return `${PREFIX}${path}${SUFFIX}`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      return readFileSync(id.slice(PREFIX.length, -SUFFIX.length), 'utf8');
    },
  };
}
