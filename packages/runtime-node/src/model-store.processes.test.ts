import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFaultServer } from '@swsl/test-servers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeModelStore } from './node-model-store.js';
import { fakeOnnx, recordingConverter } from './test-support/recording-converter.js';
import { fixtureCheckpoint, resolverFor } from './test-support/test-variants.js';
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

/** Starts test-support/pull-child.ts in its own Node process (workspace packages resolved from their sources). */
function spawnPull(baseUrl: string): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'test-support', 'pull-child.ts'), JSON.stringify({ cacheDir, baseUrl, variant })],
    {
      cwd: join(here, '..'),
      env: { ...process.env, TSX_TSCONFIG_PATH: join(here, 'test-support', 'child-tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/** Pulls in a child process to the end: what it got. */
function pullInChild(baseUrl: string): Promise<{ onnxSha256: string; converted: number; cached: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawnPull(baseUrl);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(stdout));
      else reject(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}

/** Waits until the child's part file holds `size` bytes (the fault server then stalls, the child holding the lock). */
async function partReaches(size: number): Promise<void> {
  const part = join(cacheDir, 'checkpoints', `${variant.weights.fileName}.part`);
  const deadline = Date.now() + 30_000;
  while ((await stat(part).catch(() => undefined))?.size !== size) {
    if (Date.now() > deadline) throw new Error(`the child never wrote its first ${size} bytes`);
    await new Promise((r) => setTimeout(r, 50));
  }
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

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'a puller stopped with %s mid-download leaves only its resumable part file, and exits by that signal',
    async (signal) => {
      const faults = await startFaultServer(checkpoint.bytes, [{ kind: 'stall', after: 30_000 }]);
      try {
        const child = spawnPull(faults.url);
        await partReaches(30_000);
        child.kill(signal);
        const [code, by] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
        // The conventional ending: killed by the signal itself (a shell reports 128 + its number), not exit 0 or 1.
        expect({ code, by }).toEqual({ code: null, by: signal });
        // Files and lock folders alike: no owner record, no `.lock`, no temp file; only the part the next run resumes.
        const entries = await readdir(cacheDir, { recursive: true, withFileTypes: true });
        const left = entries.filter((e) => e.isFile() || e.name.endsWith('.lock')).map((e) => e.name);
        expect(left).toEqual([`${variant.weights.fileName}.part`]);
      } finally {
        await faults.close();
      }
    },
  );

  it('a puller killed with SIGKILL mid-download: the next takes its lock over within 5 s and resumes its part', async () => {
    // The first answer sends 30 kB and then stalls: the child holds the lock, waiting (its idle timeout is 30 s).
    const faults = await startFaultServer(checkpoint.bytes, [{ kind: 'stall', after: 30_000 }]);
    try {
      const child = spawnPull(faults.url);
      await partReaches(30_000);
      child.kill('SIGKILL');
      await once(child, 'exit');

      const started = Date.now();
      const store = createNodeModelStore({
        cacheDir,
        baseUrl: faults.url,
        convert: recordingConverter().convert,
        resolve: resolverFor(variant),
        env: {},
      });
      const file = await store.ensureCheckpoint(variant.name);
      expect(file.sha256).toBe(checkpoint.sha256);
      const resumed = faults.requests[1]!;
      expect(resumed.range).toBe('bytes=30000-');
      expect(resumed.at - started).toBeLessThan(5_000);
      console.log(`lock of the killed puller taken over after ${resumed.at - started} ms`);
    } finally {
      await faults.close();
    }
  });
});
