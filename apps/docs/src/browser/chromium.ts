import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { describe, it } from 'vitest';

/** Debian's Chromium (`apt-get install -y chromium`); `CHROMIUM_PATH` overrides. Never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium that talks to nothing but the test's own 127.0.0.1 server. `--enable-unsafe-webgpu` gives it
 * a WebGPU adapter even without a GPU (SwiftShader, on the CPU: correct, slow).
 */
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
      '--enable-unsafe-webgpu',
    ],
  });
}

/**
 * `describe` for suites that need Chromium: without it they are skipped LOUDLY (stderr and the suite's name), and
 * with `SWSL_REQUIRE_BROWSER=1` (CI) replaced by one failing test that names the fix.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, body);
    return;
  }
  const reason = `no Chromium at ${CHROMIUM_PATH}: \`apt-get install -y chromium\`, or set CHROMIUM_PATH`;
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
