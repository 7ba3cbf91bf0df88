import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@swsl/reference';
import autocannon from 'autocannon';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from './test-support/run-cli.js';
import { startServeChild } from './test-support/serve-child.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-serve-overload-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SWSL_HOME: join(work, 'home'), SWSL_OFFLINE: '1' };
const tiny = fixturePath('tiny-basic.zip.pth');
const CHELSEA = readFileSync(join(REPO, 'samples/chelsea.jpg'));
const PATH = '/v1/models/tiny-basic.zip/classify';
/** The bound on the server's peak memory under overload: a bounded queue, not requests piling up in memory. */
const RSS_BOUND_MB = 600;

const load = (url: string, options: { connections: number; seconds: number; rate?: number }) =>
  autocannon({
    url: `${url}${PATH}`,
    method: 'POST',
    headers: { 'content-type': 'image/jpeg' },
    body: CHELSEA,
    connections: options.connections,
    duration: options.seconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
  });

const peakRssMb = (pid: number) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

describe('swsl serve overloaded (autocannon, 127.0.0.1)', () => {
  it('at 4× its sustainable rate: only 503s with Retry-After beside the 200s, bounded memory, right answers after', async () => {
    const expected = await runCli(['classify', 'samples/chelsea.jpg', '--weights', tiny, '--jsonl', '-k', '1'], {
      env,
    });
    const top1 = JSON.parse(expected.stdout).predictions[0].index as number;
    const server = await startServeChild(
      ['--weights', tiny, '--port', '0', '--device', 'cpu', '--max-queue', '16'],
      env,
    );
    try {
      const sustainable = await load(server.url, { connections: 8, seconds: 2 });
      expect(sustainable.non2xx).toBe(0);
      const rate = Math.max(40, Math.round(sustainable.requests.average * 4));

      // While autocannon offers 4× that rate, this client samples the refusals' headers.
      const sampled: { status: number; retryAfter: string | null; code?: string }[] = [];
      let overloading = true;
      const sampler = (async () => {
        while (overloading) {
          const r = await fetch(`${server.url}${PATH}`, {
            method: 'POST',
            headers: { 'content-type': 'image/jpeg' },
            body: CHELSEA,
          });
          const body = (await r.json()) as { code?: string };
          sampled.push({
            status: r.status,
            retryAfter: r.headers.get('retry-after'),
            ...(r.status !== 200 ? { code: body.code } : {}),
          });
        }
      })();
      const overload = await load(server.url, { connections: 64, seconds: 5, rate });
      overloading = false;
      await sampler;

      const codes = Object.fromEntries(
        Object.entries(overload.statusCodeStats ?? {}).map(([code, stat]) => [code, (stat as { count: number }).count]),
      );
      expect(Object.keys(codes).sort()).toEqual(['200', '503']);
      expect(overload.errors).toBe(0);
      expect(overload.timeouts).toBe(0);
      for (const s of sampled.filter((x) => x.status !== 200)) {
        expect(s).toEqual({ status: 503, retryAfter: '1', code: 'E_QUEUE_FULL' });
      }
      expect(peakRssMb(server.child.pid as number)).toBeLessThan(RSS_BOUND_MB);

      const after = await fetch(`${server.url}${PATH}?top_k=1`, {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg' },
        body: CHELSEA,
      });
      expect(after.status).toBe(200);
      expect(((await after.json()) as { predictions: { index: number }[] }[])[0]!.predictions[0]!.index).toBe(top1);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });
});
