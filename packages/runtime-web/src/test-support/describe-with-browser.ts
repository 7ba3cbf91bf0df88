import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { CHROMIUM_PATH } from './chromium.js';

/** `SWSL_REQUIRE_BROWSER=1` (CI) turns a missing Chromium from a loud skip into a failure. */
export function describeWithBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, body);
    return;
  }
  const reason = `no Chromium at ${CHROMIUM_PATH}; install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH`;
  if (process.env.SWSL_REQUIRE_BROWSER === '1') {
    describe(name, () => {
      it('needs Chromium (SWSL_REQUIRE_BROWSER=1)', () => {
        throw new Error(`Chromium required but unavailable: ${reason}`);
      });
    });
    return;
  }
  process.stderr.write(`\n*** SKIPPING "${name}": ${reason} ***\n\n`);
  describe.skip(`${name} [SKIPPED: ${reason}]`, body);
}
