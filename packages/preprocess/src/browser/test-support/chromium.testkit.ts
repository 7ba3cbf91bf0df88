import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { describe, it } from 'vitest';

// Mirrors runtime-web's test-support (chromium.ts, describe-with-browser.ts) so this package's tests do not
// import another package's test files.

/** Debian's Chromium (`apt-get install chromium`); `CHROMIUM_PATH` overrides. Never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium without network services: a test only ever talks to its own 127.0.0.1 server. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    timeout: 60_000,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

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
