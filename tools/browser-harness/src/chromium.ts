import { existsSync } from 'node:fs';
import { describeIfAvailable } from '@swsl/reference';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); `CHROMIUM_PATH` overrides. Never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium that talks to nothing but the test's own 127.0.0.1 server (no background networking, updates,
 * sync or QUIC). `--enable-unsafe-webgpu` gives it a WebGPU adapter even without a GPU (SwiftShader, on the CPU:
 * correct, slow).
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

/** `describe` for suites that drive Chromium: a loud skip without it, a failure with `SWSL_REQUIRE_BROWSER=1` (CI). */
export function describeWithBrowser(name: string, body: () => void): void {
  describeIfAvailable(
    name,
    {
      what: 'Chromium',
      available: existsSync(CHROMIUM_PATH),
      reason: `no Chromium at ${CHROMIUM_PATH}: \`apt-get install -y chromium\`, or set CHROMIUM_PATH`,
      requiredBy: 'SWSL_REQUIRE_BROWSER',
    },
    body,
  );
}
