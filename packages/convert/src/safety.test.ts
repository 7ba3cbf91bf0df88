import { readFileSync } from 'node:fs';
import { fixturePath, readFixtureManifest } from '@swsl/reference';
import { isSwslError } from '@swsl/registry';
import { describe, expect, it } from 'vitest';
import { convertCheckpoint } from './convert.js';
import type { UnsafePickleError } from './errors.js';
import { readStateDict } from './read-state-dict.js';

// Hostile files written by `oracle.py adversarial` (committed under fixtures/adversarial), plus damage done here.
const adversarial = (name: string) => readFileSync(fixturePath(`adversarial/${name}`));

/** Runs `fn`, expecting a typed error with `code`; checks it was quick and allocated nothing large. */
async function expectRefused(fn: () => Promise<unknown>, code: string): Promise<Error> {
  const before = process.memoryUsage().arrayBuffers;
  const start = performance.now();
  let error: unknown;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - start;
  expect(isSwslError(error), `expected ${code}, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  expect(ms).toBeLessThan(1000);
  expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  return error as Error;
}

describe('hostile and damaged checkpoints', () => {
  it.each(['os-system.legacy.pth', 'os-system.zip.pth'])('%s: E_UNSAFE_PICKLE naming the global', async (name) => {
    const error = await expectRefused(() => convertCheckpoint(adversarial(name)), 'E_UNSAFE_PICKLE');
    expect((error as UnsafePickleError).global).toBe('posix.system');
    expect(error.message).toContain('posix.system');
  });

  it.each(['huge-storage.legacy.pth', 'huge-storage.zip.pth'])(
    '%s (a storage claiming 10^12 elements): E_CORRUPT_CHECKPOINT',
    async (name) => {
      const error = await expectRefused(() => readStateDict(adversarial(name)), 'E_CORRUPT_CHECKPOINT');
      expect(error.message).toContain('1000000000000');
    },
  );

  const files = readFixtureManifest().files.filter((f) => f.model === 'tiny-basic');
  it.each(files)('$path truncated anywhere: a typed error, never a crash', async (file) => {
    const bytes = readFileSync(fixturePath(file.path));
    const cuts = [
      0,
      1,
      7,
      9,
      20,
      64,
      100,
      500,
      2000,
      bytes.length >> 2,
      bytes.length >> 1,
      bytes.length - 100,
      bytes.length - 1,
    ];
    for (const cut of cuts) {
      const code = cut === 0 ? 'E_CORRUPT_CHECKPOINT' : undefined;
      let error: unknown;
      try {
        await convertCheckpoint(bytes.subarray(0, cut));
      } catch (e) {
        error = e;
      }
      expect(isSwslError(error), `${file.path} cut at ${cut}: ${String(error)}`).toBe(true);
      const c = (error as { code: string }).code;
      if (code) expect(c).toBe(code);
      else expect(['E_CORRUPT_CHECKPOINT', 'E_UNSUPPORTED_CHECKPOINT']).toContain(c);
    }
  });

  it('a zip whose central directory lies about an entry size: E_CORRUPT_CHECKPOINT', async () => {
    const bytes = new Uint8Array(readFileSync(fixturePath('tiny-basic.zip.pth')));
    const view = new DataView(bytes.buffer);
    // Find the central directory record of the largest storage entry and claim 1 GB for it.
    let patched = 0;
    for (let at = 0; at + 46 < bytes.length; at++) {
      if (view.getUint32(at, true) !== 0x02014b50) continue;
      const nameLength = view.getUint16(at + 28, true);
      const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
      if (!/\/data\/\d+$/.test(name) || view.getUint32(at + 24, true) < 1024) continue;
      view.setUint32(at + 20, 1 << 30, true); // compressed size
      view.setUint32(at + 24, 1 << 30, true); // uncompressed size
      patched++;
      break;
    }
    expect(patched).toBe(1);
    const error = await expectRefused(() => convertCheckpoint(bytes), 'E_CORRUPT_CHECKPOINT');
    expect(error.message).toMatch(/past the end|outside the file|unreadable zip|holds \d+ bytes, its storage/);
  });

  it('a zip whose central directory points an entry at the wrong place: E_CORRUPT_CHECKPOINT', async () => {
    const bytes = new Uint8Array(readFileSync(fixturePath('tiny-basic.zip.pth')));
    const view = new DataView(bytes.buffer);
    for (let at = 0; at + 46 < bytes.length; at++) {
      if (view.getUint32(at, true) !== 0x02014b50) continue;
      view.setUint32(at + 42, view.getUint32(at + 42, true) + 3, true); // local header offset
    }
    await expectRefused(() => convertCheckpoint(bytes), 'E_CORRUPT_CHECKPOINT');
  });

  it('text, an empty file and a PDF are not checkpoints', async () => {
    await expectRefused(
      () => convertCheckpoint(new TextEncoder().encode('hello, world\n')),
      'E_UNSUPPORTED_CHECKPOINT',
    );
    await expectRefused(() => convertCheckpoint(new Uint8Array(0)), 'E_CORRUPT_CHECKPOINT');
    await expectRefused(
      () => convertCheckpoint(new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n')),
      'E_UNSUPPORTED_CHECKPOINT',
    );
  });
});
