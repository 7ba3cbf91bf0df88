import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@swsl/reference';
import { SERVE_DEFAULTS } from '@swsl/server';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from './test-support/run-cli.js';
import { startServeChild } from './test-support/serve-child.js';

const work = mkdtempSync(join(tmpdir(), 'swsl-serve-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SWSL_HOME: join(work, 'home'), SWSL_OFFLINE: '1' };
const tiny = fixturePath('tiny-basic.zip.pth');
const photos = ['samples/chelsea.jpg', 'samples/coffee.jpg', 'samples/rocket.jpg'];
const bytes = (p: string) => readFileSync(join(REPO, p));

describe('swsl serve (the command)', () => {
  it('serves what `swsl classify` answers: /v1 rows equal its --jsonl rows, v2 top-5 equal its top-5', async () => {
    const expected = await runCli(['classify', ...photos, '--weights', tiny, '--jsonl', '--device', 'cpu'], { env });
    expect(expected.code).toBe(0);
    const rows = expected.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; predictions: unknown[] });
    // Configured by environment variables, as a container would.
    const server = await startServeChild([], {
      ...env,
      SWSL_SERVE_WEIGHTS: tiny,
      SWSL_SERVE_PORT: '0',
      SWSL_SERVE_DEVICE: 'cpu',
    });
    try {
      const form = new FormData();
      for (const p of photos) form.append('file', new Blob([bytes(p)]), p);
      const res = await fetch(`${server.url}/v1/models/tiny-basic.zip/classify`, { method: 'POST', body: form });
      expect(res.status).toBe(200);
      // A multipart file name is the base name (what browsers and curl send); classify names the path it was given.
      expect(await res.json()).toEqual(rows.map((r) => ({ ...r, file: r.file.split('/').pop() })));

      const infer = await fetch(`${server.url}/v2/models/tiny-basic.zip/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          inputs: [
            { name: 'image', shape: [3], datatype: 'BYTES', data: photos.map((p) => bytes(p).toString('base64')) },
          ],
          outputs: [{ name: 'logits', parameters: { classification: 5 } }],
        }),
      });
      const top = ((await infer.json()) as { outputs: { data: string[] }[] }).outputs[0]!.data;
      const indices = top.map((s) => Number(s.split(':')[1]));
      expect(indices).toEqual(rows.flatMap((r) => (r.predictions as { index: number }[]).map((p) => p.index)));
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });

  it('SIGTERM under load: ready goes false, every accepted request is answered, exit 0', async () => {
    // A long batching wait holds the requests in the queue until all 40 are in (the metrics say so): then SIGTERM.
    const server = await startServeChild(['--weights', tiny, '--port', '0', '--device', 'cpu', '--max-queue', '256'], {
      ...env,
      SWSL_SERVE_MAX_BATCH: '64',
      SWSL_SERVE_MAX_QUEUE_DELAY_MS: '3000',
    });
    const chelsea = bytes('samples/chelsea.jpg');
    const send = () =>
      fetch(`${server.url}/v1/models/tiny-basic.zip/classify`, {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg' },
        body: chelsea,
      }).then((r) => r.status);
    const accepted = Array.from({ length: 40 }, send);
    const depth = async () =>
      Number(
        /swsl_queue_depth\{model="tiny-basic\.zip"\} (\d+)/.exec(
          await (await fetch(`${server.url}/metrics`)).text(),
        )?.[1],
      );
    while ((await depth()) < 40) await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGTERM');
    expect(await Promise.all(accepted)).toEqual(new Array(40).fill(200));
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toContain('SIGTERM: finishing accepted requests');
  });

  it('a model that cannot load fails the command with the reason, and nothing listens', async () => {
    const r = await runCli(['serve', '--weights', join(work, 'missing.onnx'), '--port', '0'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing.onnx');
    expect(r.stderr).toContain('[E_NOT_FOUND]');
    expect(r.stderr).not.toContain('serving');
    const spec = await runCli(['serve', '--model', 'resnet50_swsl:int4', '--port', '0'], { env });
    expect(spec.code).not.toBe(0);
    expect(spec.stderr).toContain('E_BAD_MODEL_SPEC');
  });

  it('--help states the server defaults (the same numbers as @swsl/server)', async () => {
    const r = await runCli(['serve', '--help'], { env });
    const flat = r.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain(`--max-batch <n> images per batch at most (default: ${SERVE_DEFAULTS.maxBatch}`);
    expect(flat).toContain(`(default: ${SERVE_DEFAULTS.maxQueueDelayMs},`);
    expect(flat).toContain(`before 503 + Retry-After (default: ${SERVE_DEFAULTS.maxQueue},`);
    expect(flat).toContain(`(default: ${SERVE_DEFAULTS.bodyLimitMb},`);
    expect(flat).toContain(`(default: "${SERVE_DEFAULTS.host}"`);
    expect(flat).toContain(`(default: ${SERVE_DEFAULTS.port},`);
  });
});
