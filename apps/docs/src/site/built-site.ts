import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built site the tests read and serve: `pnpm build` (or `pnpm --filter @swsl/docs build`) makes it. */
export const DIST = fileURLToPath(new URL('../../dist', import.meta.url));

/** Fails with the command to run, rather than testing an absent or half-built site. */
export function requireBuiltSite(): string {
  if (!existsSync(`${DIST}/playground.html`)) {
    throw new Error(`${DIST} has no built site: run \`pnpm build\` (or \`pnpm --filter @swsl/docs build\`) first.`);
  }
  return DIST;
}
