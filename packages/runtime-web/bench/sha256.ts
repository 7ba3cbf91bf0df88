// sha256 in Chromium: hash-wasm incremental (1 MB chunks, what the browser store does while downloading) against
// SubtleCrypto's one-shot digest of the whole buffer (what it cannot do while streaming), same bytes, same page.
// Run: node --import tsx packages/runtime-web/bench/sha256.ts   Env: SWSL_BENCH_MB (default 64), SWSL_BENCH_ROUNDS
// (default 5), CHROMIUM_PATH.
import { join } from 'node:path';
import { bundleModule, launchChromium, startLocalServer } from '@swsl/browser-harness';
import { PACKAGE_ROOT } from '../src/test-support/paths.js';

const MB = Number(process.env.SWSL_BENCH_MB ?? 64);
const ROUNDS = Number(process.env.SWSL_BENCH_ROUNDS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const script = await bundleModule(join(PACKAGE_ROOT, 'bench/sha256-page.ts'));
const server = await startLocalServer((path) => {
  if (path === '/') return { body: '<!doctype html><script type="module" src="/page.js"></script>', type: 'text/html' };
  if (path === '/page.js') return { body: script };
  return undefined;
});
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => 'benchSha256' in globalThis);
  const r = await page.evaluate(
    ({ mb, rounds }) =>
      (
        globalThis as unknown as {
          benchSha256(mb: number, chunk: number, rounds: number): Promise<Record<string, never>>;
        }
      ).benchSha256(mb, 1, rounds),
    { mb: MB, rounds: ROUNDS },
  );
  const { incremental, oneShot, longestUpdate, digests } = r as unknown as {
    incremental: number[];
    oneShot: number[];
    longestUpdate: number[];
    digests: string[];
  };
  if (digests[0] !== digests[1]) throw new Error(`digests differ: ${digests.join(' ≠ ')}`);
  const inc = median(incremental);
  const one = median(oneShot);
  console.log(`Chromium ${browser.version()}, ${MB} MB, median of ${ROUNDS}; same digest ${digests[0]}`);
  console.log(`hash-wasm incremental, 1 MB chunks: ${inc.toFixed(1)} ms (${((MB / inc) * 1000).toFixed(0)} MB/s)`);
  console.log(`  longest single 1 MB update: ${median(longestUpdate).toFixed(1)} ms`);
  console.log(`SubtleCrypto one-shot digest:       ${one.toFixed(1)} ms (${((MB / one) * 1000).toFixed(0)} MB/s)`);
  console.log(`ratio hash-wasm / SubtleCrypto: ${(inc / one).toFixed(2)}`);
} finally {
  await browser.close();
  await server.close();
}
