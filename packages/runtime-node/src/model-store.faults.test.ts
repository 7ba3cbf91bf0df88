import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '@swsl/core';
import { isSwslError, type SwslError } from '@swsl/registry';
import { closedPort, type Fault, type FaultServer, startFaultServer } from '@swsl/test-servers';
import { describe, expect, it } from 'vitest';
import { createNodeModelStore } from './node-model-store.js';
import { recordingConverter } from './test-support/recording-converter.js';
import { filesUnder, useTempCacheDir } from './test-support/temp-cache.js';
import { fixtureCheckpoint, resolverFor } from './test-support/test-variants.js';

const checkpoint = fixtureCheckpoint();
const { variant } = checkpoint;
const size = checkpoint.bytes.byteLength;

let server: FaultServer | undefined;
const cache = useTempCacheDir('swsl-faults-', async () => {
  await server?.close();
  server = undefined;
});

/** Fast policies for tests: the real defaults wait seconds. */
const quick: Partial<RetryPolicy> = { baseDelayMs: 50, maxDelayMs: 3_000, idleTimeoutMs: 1_000 };

async function pull(script: Fault[], retry: Partial<RetryPolicy> = quick) {
  server = await startFaultServer(checkpoint.bytes, script);
  const store = createNodeModelStore({
    cacheDir: cache(),
    convert: recordingConverter().convert,
    resolve: resolverFor(variant),
    env: {},
    source: 'fb',
    baseUrl: server.url,
    retry,
  });
  const started = Date.now();
  const outcome = await store.ensureCheckpoint(variant.name).then(
    (file) => ({ file }),
    (error: unknown) => ({ error: error as SwslError }),
  );
  return { ...outcome, ms: Date.now() - started, requests: server.requests };
}

describe('downloads on a bad network (fault-injecting server on 127.0.0.1)', () => {
  it('the default idle timeout is at most 30 s, and retries are bounded', () => {
    expect(DEFAULT_RETRY_POLICY.idleTimeoutMs).toBeLessThanOrEqual(30_000);
    expect(DEFAULT_RETRY_POLICY.maxRetries).toBeGreaterThan(0);
  });

  it('a server that sends 64 KB and goes quiet is abandoned after the idle timeout and resumed with Range', async () => {
    const r = await pull([{ kind: 'stall', after: 65_536 }]);
    expect('file' in r && r.file.sha256).toBe(checkpoint.sha256);
    expect(r.requests.map((q) => q.range)).toEqual([undefined, 'bytes=65536-']);
    expect(r.ms).toBeGreaterThanOrEqual(1_000);
    expect(r.ms).toBeLessThan(1_000 + 3_000);
  });

  it('a slow but living connection (a drip) is not a stall', async () => {
    const r = await pull([{ kind: 'drip', chunk: 64 * 1024, delayMs: 300 }]);
    expect('file' in r && r.file.sha256).toBe(checkpoint.sha256);
    expect(r.requests).toHaveLength(1);
  });

  it('503 and 429 are retried after Retry-After (seconds or a date); cuts after them resume', async () => {
    const date = new Date(Date.now() + 1_000).toUTCString();
    const r = await pull([
      { kind: 'status', status: 503, retryAfter: '1' },
      { kind: 'status', status: 429, retryAfter: date },
      { kind: 'cut', after: 10_000 },
    ]);
    expect('file' in r && r.file.sha256).toBe(checkpoint.sha256);
    expect(r.requests.map((q) => [q.fault, q.range])).toEqual([
      ['status', undefined],
      ['status', undefined],
      ['cut', undefined],
      [undefined, 'bytes=10000-'],
    ]);
    expect(r.requests[1]!.at - r.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('5xx beyond the retry budget → E_HTTP after bounded, growing waits; nothing cached', async () => {
    const busy: Fault = { kind: 'status', status: 502 };
    const r = await pull([busy, busy, busy, busy], { ...quick, maxRetries: 3 });
    expect('error' in r && r.error.code).toBe('E_HTTP');
    expect(r.requests).toHaveLength(4);
    expect(await filesUnder(cache())).toEqual([]);
  });

  it('a Retry-After longer than the longest wait fails at once instead of hanging', async () => {
    const r = await pull([{ kind: 'status', status: 503, retryAfter: '3600' }]);
    expect('error' in r && r.error.code).toBe('E_HTTP');
    expect(r.ms).toBeLessThan(1_000);
  });

  it('a server that lies about the length is caught by the hash: E_CHECKSUM, nothing kept', async () => {
    const r = await pull([{ kind: 'lie', length: size - 1000 }]);
    expect('error' in r && r.error.code).toBe('E_CHECKSUM');
    expect(await filesUnder(cache())).toEqual([]);
  });

  it('a range answer for the wrong offset restarts from 0 and ends valid', async () => {
    const r = await pull([
      { kind: 'cut', after: 20_000 },
      { kind: 'lie', rangeStart: 0 },
    ]);
    expect('file' in r && r.file.sha256).toBe(checkpoint.sha256);
    expect(r.requests.at(-1)!.range).toBeUndefined();
  });

  it('no network (a refused connection) fails at once, without retries', async () => {
    const store = createNodeModelStore({
      cacheDir: cache(),
      convert: recordingConverter().convert,
      resolve: resolverFor(variant),
      env: {},
      source: 'fb',
      baseUrl: `http://127.0.0.1:${await closedPort()}/`,
    });
    const started = Date.now();
    const error = await store.ensureCheckpoint(variant.name).catch((e: unknown) => e);
    expect(isSwslError(error) && error.code).toBe('E_NETWORK');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
