import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import workspace packages from their sources, not their dist/, so a test never runs stale build output.
const root = fileURLToPath(new URL('.', import.meta.url));
const alias: { find: RegExp; replacement: string }[] = [];
for (const folder of ['packages', 'tools']) {
  for (const name of readdirSync(`${root}${folder}`)) {
    const src = `${root}${folder}/${name}/src`;
    if (!existsSync(`${src}/index.ts`)) continue;
    // `@swsl/x` → src/index.ts; a subpath export `@swsl/x/node` → src/node/index.ts.
    alias.push({ find: new RegExp(`^@swsl/${name}$`), replacement: `${src}/index.ts` });
    alias.push({ find: new RegExp(`^@swsl/${name}/([a-z-]+)$`), replacement: `${src}/$1/index.ts` });
  }
}

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tools/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
    reporters: ['default', './tools/vitest/plain-summary-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
