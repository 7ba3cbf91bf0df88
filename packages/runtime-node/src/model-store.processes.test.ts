import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeOnnx } from './test-support/recording-converter.js';
import { fixtureCheckpoint } from './test-support/test-variants.js';
import { startWeightsServer, type WeightsServer } from './test-support/weights-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const checkpoint = fixtureCheckpoint();
const { variant } = checkpoint;

let cacheDir: string;
let server: WeightsServer | undefined;

beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'swsl-procs-'));
});
afterEach(async () => {
  await server?.close();
  await rm(cacheDir, { recursive: true, force: true });
});

/** Runs test-support/pull-child.ts in its own Node process (workspace packages resolved from their sources). */
function pullInChild(baseUrl: string): Promise<{ onnxSha256: string; converted: number; cached: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'test-support', 'pull-child.ts'), JSON.stringify({ cacheDir, baseUrl, variant })],
      {
        cwd: join(here, '..'),
        env: { ...process.env, TSX_TSCONFIG_PATH: join(here, 'test-support', 'child-tsconfig.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(stdout));
      else reject(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}

describe('two processes pulling the same variant at once', () => {
  it('produce one valid file: one download, one conversion, the same model for both', async () => {
    // Small chunks make the download long enough that the second process arrives while the first holds the lock.
    server = await startWeightsServer({ [variant.weights.fileName]: { bytes: checkpoint.bytes, chunkSize: 4096 } });

    const results = await Promise.all([pullInChild(server.baseUrl), pullInChild(server.baseUrl)]);

    const expectedOnnx = createHash('sha256').update(fakeOnnx(checkpoint.sha256, 'fp32')).digest('hex');
    expect(results.map((r) => r.onnxSha256)).toEqual([expectedOnnx, expectedOnnx]);
    // Exactly one of them did the work; the other found it done after waiting for the lock.
    expect(results.map((r) => r.converted).sort()).toEqual([0, 1]);
    expect(server.requests).toHaveLength(1);

    const checkpointBytes = await readFile(join(cacheDir, 'checkpoints', variant.weights.fileName));
    expect(createHash('sha256').update(checkpointBytes).digest('hex')).toBe(checkpoint.sha256);
    // No partial, temp or lock file left behind.
    const files = (await readdir(cacheDir, { recursive: true })).sort();
    expect(files).toEqual([
      'checkpoints',
      `checkpoints/${variant.weights.fileName}`,
      'manifest.json',
      'onnx',
      `onnx/${variant.name}-fp32-${variant.weights.sha256Prefix}.onnx`,
    ]);
  });
});
